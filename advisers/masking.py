"""Masking of personal data for roles that do not need it (e.g. 138****5678)."""


def mask_middle(value: str, keep_start: int, keep_end: int) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        # Too short to keep both ends: show only the last character.
        return "*" * (len(value) - 1) + value[-1:]
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678; landlines keep their last four digits."""
    return mask_middle(phone, 3, 4)


def mask_licence(licence_no: str) -> str:
    """A 17-digit lawyer's licence number keeps its first and last four characters."""
    return mask_middle(licence_no, 4, 4)
