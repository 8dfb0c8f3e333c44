from django.utils import timezone


def default_report_year() -> int:
    """The year whose reports are being written: this year from December, before that the last one
    (the same default as the reviews pages)."""
    today = timezone.localdate()
    return today.year if today.month == 12 else today.year - 1
