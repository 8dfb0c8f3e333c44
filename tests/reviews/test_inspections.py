"""The yearly contract inspection: averages per dimension and unit kind, feedback letters, rectification."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.jurisdictions import top_of
from accounts.models import Notice, Unit
from reviews.models import InspectionCampaign, RectificationItem, UnitInspection
from reviews.selectors import inspection_averages, inspection_averages_by_kind
from reviews.services import (
    feedback_letter_compose,
    inspection_send_letter,
    rectification_answer,
    rectification_close,
)


@pytest.fixture
def campaign(city):
    return InspectionCampaign.objects.create(
        jurisdiction=top_of(None), year=2025, title="2025年度全市政府合同专项清查", started_on=datetime.date(2025, 9, 1)
    )


def inspect(campaign, unit, scores, **extra):
    fields = dict(zip(["text_quality", "procedure", "risk_warning", "performance", "archives"], scores, strict=True))
    return UnitInspection.objects.create(
        campaign=campaign, unit=unit, inspected_on=datetime.date(2025, 9, 10), **fields, **extra
    )


@pytest.fixture
def hospital(city):
    return Unit.objects.create(name="株洲市中心医院", parent=city, kind=Unit.Kind.HOSPITAL)


def test_averages_per_dimension_and_per_unit_kind(campaign, unit_a, unit_b, hospital, bureau):
    inspect(campaign, unit_a, [80, 90, 70, 60, 100])
    inspect(campaign, unit_b, [90, 80, 70, 70, 90])
    inspect(campaign, hospital, [70, 70, 70, 71, 70])
    overall = inspection_averages(campaign, user=bureau)
    assert overall["units"] == 3
    assert overall["text_quality"] == Decimal("80.0")
    assert overall["performance"] == Decimal("67.0")
    assert overall["archives"] == Decimal("86.7")
    by_kind = {row["kind"]: row for row in inspection_averages_by_kind(campaign, user=bureau)}
    assert by_kind[Unit.Kind.DEPARTMENT]["units"] == 2
    assert by_kind[Unit.Kind.DEPARTMENT]["text_quality"] == Decimal("85.0")
    assert by_kind[Unit.Kind.DEPARTMENT]["overall"] == Decimal("80.0")
    assert by_kind[Unit.Kind.HOSPITAL]["overall"] == Decimal("70.2")
    assert by_kind[Unit.Kind.HOSPITAL]["label"] == Unit.Kind.HOSPITAL.label


def test_scores_above_100_are_refused_by_the_database(campaign, unit_a):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        inspect(campaign, unit_a, [101, 90, 70, 60, 100])


def test_the_feedback_letter_names_scores_findings_and_items_and_notifies_the_unit(campaign, unit_a, officer_a, bureau):
    inspection = inspect(
        campaign, unit_a, [62, 90, 70, 60, 100], contracts_checked=12, findings="部分合同缺少保密条款。"
    )
    RectificationItem.objects.create(
        inspection=inspection, dimension="text_quality", description="补充保密条款", due_date=datetime.date(2026, 3, 31)
    )
    letter = feedback_letter_compose(inspection)
    assert "部分合同缺少保密条款。" in letter and "补充保密条款" in letter and "76.4" in letter
    inspection_send_letter(inspection=inspection, letter=letter, actor=bureau)
    inspection.refresh_from_db()
    assert inspection.letter_sent_on is not None
    assert Notice.objects.filter(recipient=officer_a, kind="inspection_feedback").count() == 1


def test_the_unit_answers_an_item_and_the_bureau_closes_it(campaign, unit_a, officer_a, bureau):
    item = RectificationItem.objects.create(
        inspection=inspect(campaign, unit_a, [62, 90, 70, 60, 100]),
        dimension="archives",
        description="完善合同档案",
        due_date=datetime.date(2026, 3, 31),
    )
    with pytest.raises(ValidationError):
        rectification_close(item=item, actor=bureau)  # nothing answered yet
    with pytest.raises(ValidationError) as exc:
        rectification_answer(item=item, response=" ", actor=officer_a)
    assert "response" in exc.value.message_dict
    item = rectification_answer(item=item, response="已建立一合同一档案制度", actor=officer_a)
    assert (item.status, item.answered_by) == (RectificationItem.Status.ANSWERED, officer_a)
    item = rectification_close(item=item, actor=bureau)
    assert item.status == RectificationItem.Status.CLOSED
    with pytest.raises(ValidationError):
        rectification_answer(item=item, response="再答复", actor=officer_a)
