"""Invariants hold in the database even when forms and services are bypassed."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from budgets.models import BudgetLine, BudgetRequest, FeeStandard, GradeCoefficient, ItemType
from reviews.grades import Grade
from tests import factories

Status = BudgetRequest.Status


def _refused(queryset, **values):
    with pytest.raises(IntegrityError), transaction.atomic():
        queryset.update(**values)


def test_request_amounts_cannot_be_negative(officer_a, standards):
    request = factories.draft(officer_a)
    _refused(BudgetRequest.objects.filter(pk=request.pk), requested_amount=Decimal("-1"))
    _refused(BudgetRequest.objects.filter(pk=request.pk), previous_year_amount=Decimal("-0.01"))


def test_recommended_cannot_exceed_requested(officer_a, bureau, standards):
    request = factories.reviewed(officer_a, bureau)
    _refused(BudgetRequest.objects.filter(pk=request.pk), recommended_amount=request.requested_amount + Decimal("0.01"))
    _refused(BudgetRequest.objects.filter(pk=request.pk), recommended_amount=Decimal("-1"))


def test_approved_cannot_exceed_recommended(officer_a, bureau, finance, standards):
    request = factories.approved(officer_a, bureau, finance, ratio="0.5")
    _refused(BudgetRequest.objects.filter(pk=request.pk), approved_amount=request.recommended_amount + Decimal("0.01"))
    _refused(BudgetRequest.objects.filter(pk=request.pk), approved_amount=Decimal("-5"))


def test_a_line_keeps_approved_within_recommended_within_requested(officer_a, bureau, finance, standards):
    request = factories.approved(officer_a, bureau, finance, ratio="0.5")
    line = request.lines.first()
    _refused(BudgetLine.objects.filter(pk=line.pk), recommended_amount=line.amount + 1)
    _refused(BudgetLine.objects.filter(pk=line.pk), approved_amount=line.recommended_amount + 1)
    _refused(BudgetLine.objects.filter(pk=line.pk), quarter=5)
    _refused(BudgetLine.objects.filter(pk=line.pk), quantity=0)


def test_an_approved_request_needs_its_amount_and_approver(officer_a, bureau, standards):
    request = factories.reviewed(officer_a, bureau)
    _refused(BudgetRequest.objects.filter(pk=request.pk), status=Status.APPROVED)


def test_a_reviewed_request_needs_its_recommendation(officer_a, standards):
    request = factories.submitted(officer_a)
    _refused(BudgetRequest.objects.filter(pk=request.pk), status=Status.REVIEWED)


def test_a_returned_request_needs_a_reason(officer_a, standards):
    request = factories.submitted(officer_a)
    _refused(BudgetRequest.objects.filter(pk=request.pk), status=Status.RETURNED, return_reason="   ")


def test_fee_standards_are_unique_per_item_and_year_and_not_negative(standards):
    with pytest.raises(IntegrityError), transaction.atomic():
        FeeStandard.objects.create(
            jurisdiction=FeeStandard.objects.first().jurisdiction,
            year=2025,
            item_type=ItemType.LECTURE,
            unit_price=1,
            measure="场",
        )
    _refused(FeeStandard.objects.filter(year=2025), unit_price=Decimal("-1"))


def test_coefficients_stay_between_0_and_1(city):
    _refused(GradeCoefficient.objects.filter(grade=Grade.EXCELLENT), coefficient=Decimal("1.10"))
    _refused(GradeCoefficient.objects.filter(grade=Grade.INCOMPETENT), coefficient=Decimal("-0.10"))
