"""Signals other apps listen to (contracts recompute their findings), so advisers need not know them.

Both are sent by advisers.services inside the writing transaction, after the change is saved.
"""

from django.dispatch import Signal

# kwargs: unit_ids (set[int]), adviser_ids (set[int]) — whose duty records changed.
duty_records_changed = Signal()
# kwargs: engagement_ids (set[int]) — engagements created or changed (dates, status, selection).
engagements_changed = Signal()
