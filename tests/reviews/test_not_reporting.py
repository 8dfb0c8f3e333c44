"""An engagement held for a conflict-of-interest review, or ended for one, owes no duty report (as a dismissed
one): not counted as owed, not reminded, shown as not due in the performance report."""

import pytest

from advisers.models import Engagement
from reviews.records import engagements_due, engagements_owing
from tests.factories import EngagementFactory


@pytest.mark.parametrize("status", [Engagement.Status.CONFLICT, Engagement.Status.DISMISSED])
def test_an_engagement_ended_for_a_conflict_or_dismissed_owes_no_report(unit_a, status):
    ended = EngagementFactory(unit=unit_a, status=status)
    serving = EngagementFactory(unit=unit_a)
    assert set(engagements_due(2025)) == {serving}
    assert set(engagements_owing(2025)) == {serving}
    assert ended not in engagements_due(2025)


def test_a_held_engagement_owes_no_report(unit_a):
    held = EngagementFactory(unit=unit_a, status=Engagement.Status.PENDING_REVIEW, release_status="active")
    assert held not in engagements_due(2025)
