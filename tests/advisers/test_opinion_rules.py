"""An opinion not adopted must carry the reason: the form says so next to the field, the database refuses it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from advisers import services
from advisers.forms import OpinionForm
from advisers.models import LegalOpinion
from tests.conftest import once
from tests.factories import AttendanceFactory, MeetingFactory, OpinionFactory


def _data(adviser, unit, **extra):
    return {
        "adviser": adviser.pk,
        "unit": unit.pk,
        "date": "2025-06-03",
        "matter_type": "contract",
        "source": "written",
        "subject": "采购合同审查",
        "adoption": "not_adopted",
        "non_adoption_reason": "  ",
        **extra,
    }


def test_form_puts_the_reason_error_next_to_the_reason(officer_a, adviser_a, unit_a):
    form = OpinionForm(data=_data(adviser_a, unit_a), instance=LegalOpinion(), user=officer_a)
    assert not form.is_valid()
    assert form.errors["non_adoption_reason"] == ["未采纳的意见必须说明理由。"]


def test_form_accepts_a_not_adopted_opinion_with_its_reason(officer_a, adviser_a, unit_a):
    form = OpinionForm(
        data=once(_data(adviser_a, unit_a, non_adoption_reason="上级政策已明确")),
        instance=LegalOpinion(),
        user=officer_a,
    )
    assert form.is_valid(), form.errors


def test_database_refuses_a_not_adopted_opinion_without_reason(adviser_a, unit_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        LegalOpinion.objects.create(
            adviser=adviser_a,
            unit=unit_a,
            date=dt.date(2025, 1, 1),
            matter_type="contract",
            subject="x",
            adoption="not_adopted",
            non_adoption_reason="   ",
        )
    assert not LegalOpinion.objects.exists()


def test_database_refuses_clearing_the_reason_by_update(adviser_a, unit_a):
    opinion = OpinionFactory(adviser=adviser_a, unit=unit_a, adoption="not_adopted", non_adoption_reason="有理由")
    with pytest.raises(IntegrityError), transaction.atomic():
        LegalOpinion.objects.filter(pk=opinion.pk).update(non_adoption_reason="")


def test_database_refuses_a_meeting_opinion_without_the_meeting(adviser_a, unit_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        LegalOpinion.objects.create(
            adviser=adviser_a,
            unit=unit_a,
            date=dt.date(2025, 1, 1),
            matter_type="contract",
            subject="x",
            source="meeting",
        )


def test_a_meeting_opinion_needs_the_adviser_at_the_meeting(bureau, adviser_a, city):
    meeting = MeetingFactory()
    with pytest.raises(ValidationError) as error:
        services.opinion_save(
            actor=bureau,
            adviser=adviser_a,
            unit=city,
            source="meeting",
            meeting=meeting,
            matter_type="major_decision",
            subject="x",
            date=meeting.date,
        )
    assert "meeting" in error.value.error_dict
    AttendanceFactory(meeting=meeting, adviser=adviser_a)
    opinion = services.opinion_save(
        actor=bureau,
        adviser=adviser_a,
        unit=city,
        source="meeting",
        meeting=meeting,
        matter_type="major_decision",
        subject="x",
        date=meeting.date,
    )
    assert opinion.pk


def test_officers_record_only_written_opinions_for_their_own_units(officer_a, adviser_a, unit_b):
    form = OpinionForm(data=_data(adviser_a, unit_b, adoption="adopted"), instance=LegalOpinion(), user=officer_a)
    assert not form.is_valid()
    assert "unit" in form.errors
    assert "meeting" not in form.fields
