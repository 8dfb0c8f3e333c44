"""The one masking module: personal data shown to those whose work does not need it.

Who sees it in full is the policies' to say (advisers.policies.AdviserPolicy.contact_visible); this
module only masks, e.g. `shown_phone(adviser)` = the phone or `mask_phone(adviser.phone)`.
"""

from __future__ import annotations

MASK = "*"


def _keep_ends(text: str, start: int, end: int) -> str:
    if len(text) <= start + end:
        # Too short to show both ends without showing nearly all of it: keep only the last two.
        return MASK * max(len(text) - 2, 0) + text[-2:] if len(text) > 2 else MASK * len(text)
    return text[:start] + MASK * (len(text) - start - end) + text[-end:]


def mask_phone(value: str | None) -> str:
    """13812345678 → 138****5678 (mobile numbers keep the network prefix and the last four digits)."""
    text = str(value or "").strip()
    return _keep_ends(text, 3, 4) if text else ""


def mask_id(value: str | None, *, keep_start: int = 4, keep_end: int = 4) -> str:
    """Licence, ID and similar numbers: 14302202011012345 → 1430*********2345."""
    text = str(value or "").strip()
    return _keep_ends(text, keep_start, keep_end) if text else ""
