"""Engagements: no overlapping active engagements of one adviser with one unit, end after start, dismissal
dated — in the model's validation and in the database; terms ending within 90 days are listed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from advisers import selectors, services
from advisers.models import Engagement
from tests.factories import AdviserFactory, EngagementFactory


def test_database_refuses_a_second_active_engagement_of_the_same_adviser_and_unit(unit_a):
    first = EngagementFactory(unit=unit_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Engagement.objects.create(
            adviser=first.adviser, unit=unit_a, start_date=dt.date(2025, 6, 1), end_date=dt.date(2027, 5, 31)
        )
    assert Engagement.objects.count() == 1


def test_service_explains_the_overlap_in_chinese(unit_a, bureau):
    first = EngagementFactory(unit=unit_a)
    with pytest.raises(ValidationError) as error:
        services.engagement_save(
            actor=bureau,
            adviser=first.adviser,
            unit=unit_a,
            start_date=dt.date(2025, 6, 1),
            end_date=dt.date(2027, 5, 31),
        )
    assert "该法律顾问与该单位已有在聘的聘任，不能重叠。" in str(error.value)


def test_an_expired_engagement_does_not_block_the_next_one(unit_a, bureau):
    first = EngagementFactory(unit=unit_a, status=Engagement.Status.EXPIRED)
    services.engagement_save(
        actor=bureau, adviser=first.adviser, unit=unit_a, start_date=dt.date(2027, 1, 1), end_date=dt.date(2029, 12, 31)
    )
    assert Engagement.objects.filter(status=Engagement.Status.ACTIVE).count() == 1


def test_same_adviser_may_serve_two_units_at_once(unit_a, unit_b):
    first = EngagementFactory(unit=unit_a)
    EngagementFactory(unit=unit_b, adviser=first.adviser)
    assert Engagement.objects.count() == 2


def test_database_refuses_a_dismissal_without_a_date(unit_a):
    engagement = EngagementFactory(unit=unit_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.Status.DISMISSED)


def test_dismissal_records_the_date(unit_a, bureau):
    engagement = EngagementFactory(unit=unit_a)
    services.engagement_dismiss(actor=bureau, engagement=engagement, on=dt.date(2025, 3, 1))
    engagement.refresh_from_db()
    assert (engagement.status, engagement.dismissed_on) == (Engagement.Status.DISMISSED, dt.date(2025, 3, 1))


def test_terms_ending_within_90_days_are_listed(unit_a, time_machine):
    time_machine.move_to(dt.datetime(2025, 11, 1, 12, tzinfo=dt.UTC))
    soon = EngagementFactory(unit=unit_a, end_date=dt.date(2025, 12, 31))
    EngagementFactory(unit=unit_a, end_date=dt.date(2026, 6, 30))
    EngagementFactory(unit=unit_a, end_date=dt.date(2025, 12, 31), status=Engagement.Status.RENEWED)
    assert list(selectors.engagements_ending_within(90)) == [soon]


def test_expiry_sweep_marks_ended_terms_and_keeps_the_audit_trail(unit_a, time_machine):
    from auditlog.models import LogEntry

    time_machine.move_to(dt.datetime(2026, 1, 2, 12, tzinfo=dt.UTC))
    ended = EngagementFactory(unit=unit_a, end_date=dt.date(2025, 12, 31))
    running = EngagementFactory(unit=unit_a, end_date=dt.date(2026, 12, 31), adviser=AdviserFactory())
    assert services.engagements_expire() == 1
    ended.refresh_from_db(), running.refresh_from_db()
    assert (ended.status, running.status) == (Engagement.Status.EXPIRED, Engagement.Status.ACTIVE)
    assert LogEntry.objects.get_for_object(ended).filter(action=LogEntry.Action.UPDATE).exists()


def test_internal_and_external_follow_from_the_category():
    assert AdviserFactory.build(category="internal").is_internal
    assert AdviserFactory.build(category="law_firm").is_external
