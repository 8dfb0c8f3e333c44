"""Pay for performance: payment = approved amount × the coefficient of the engagement's grade."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from accounts.roles import Role
from advisers.models import Adviser, Engagement
from budgets import services
from budgets.fee_statistics import Period, budget_statistics
from budgets.models import GradeCoefficient, ItemType, Settlement
from budgets.settlements import settlement_amount, settlement_confirm, settlement_prepare
from reviews.grades import Grade
from reviews.selectors import grade_for
from tests import factories

PAPER = "该年度考核以纸质方式进行，未在系统中录入。"


@pytest.fixture
def engagement(unit_a):
    adviser = Adviser.objects.create(name="张律师", category=Adviser.Category.LAWYER)
    return Engagement.objects.create(
        adviser=adviser, unit=unit_a, start_date=date(2024, 1, 1), end_date=date(2026, 12, 31)
    )


@pytest.fixture
def funded(engagement, officer_a, bureau, finance, standards):
    """An approved 2025 request whose counsel line (12 months × 5,000, approved 54,000) funds the engagement."""
    request = services.budget_request_create(
        actor=officer_a,
        year=2025,
        title="2025年度",
        justification="j",
        previous_year_amount=Decimal(0),
        lines=[
            services.LineData(
                item_type=ItemType.STANDING_COUNSEL, quarter=1, quantity=Decimal(12), engagement=engagement
            ),
            services.LineData(item_type=ItemType.LECTURE, quarter=2, quantity=Decimal(1)),
        ],
    )
    request = services.budget_request_submit(request=request, actor=officer_a)
    request = services.budget_request_review(
        request=request, actor=bureau, line_amounts=factories.amounts(request, ratio="0.9"), comment=""
    )
    return services.budget_request_approve(
        request=request, actor=finance, line_amounts=factories.amounts(request, "recommended_amount")
    )


@pytest.mark.parametrize(
    ("grade", "coefficient", "payable"),
    [
        (Grade.EXCELLENT, "1.00", "54000.00"),
        (Grade.COMPETENT, "0.90", "48600.00"),
        (Grade.BASIC, "0.70", "37800.00"),
        (Grade.INCOMPETENT, "0.00", "0.00"),
    ],
)
def test_payment_is_the_approved_amount_times_the_grades_default_coefficient(
    funded, engagement, bureau, grade, coefficient, payable
):
    settlement = settlement_prepare(engagement=engagement, year=2025, grade=grade, reason=PAPER, actor=bureau)
    assert settlement.approved_amount == Decimal("54000.00")
    assert settlement.unit == engagement.unit
    assert (settlement.coefficient, settlement.amount) == (Decimal(coefficient), Decimal(payable))


def test_payment_rounds_half_up_to_the_fen():
    assert settlement_amount(Decimal("333.33"), Decimal("0.70")) == Decimal("233.33")
    assert settlement_amount(Decimal("0.05"), Decimal("0.90")) == Decimal("0.05")


def test_the_bureaus_coefficient_table_applies_when_finance_confirms(funded, engagement, bureau, finance):
    settlement = settlement_prepare(engagement=engagement, year=2025, grade=Grade.COMPETENT, reason=PAPER, actor=bureau)
    GradeCoefficient.objects.filter(grade=Grade.COMPETENT).update(coefficient=Decimal("0.85"))
    settlement = settlement_confirm(settlement=settlement, actor=finance)
    assert settlement.status == Settlement.Status.CONFIRMED
    assert (settlement.coefficient, settlement.amount) == (Decimal("0.85"), Decimal("45900.00"))
    assert settlement.confirmed_by == finance and settlement.settled_on is not None


def test_without_an_assessment_the_grade_is_entered_by_hand_with_a_reason(funded, engagement, bureau):
    settlement = settlement_prepare(engagement=engagement, year=2025, grade=Grade.BASIC, reason=PAPER, actor=bureau)
    assert (settlement.grade, settlement.grade_source, settlement.grade_reason) == (Grade.BASIC, "manual", PAPER)


@pytest.mark.parametrize(
    ("grade", "reason", "fields"),
    [("", PAPER, {"grade"}), (Grade.BASIC, "  ", {"reason"}), ("", "", {"grade", "reason"})],
)
def test_without_an_assessment_there_is_no_default_grade(funded, engagement, bureau, grade, reason, fields):
    with pytest.raises(ValidationError) as caught:
        settlement_prepare(engagement=engagement, year=2025, grade=grade, reason=reason, actor=bureau)
    assert set(caught.value.message_dict) == fields
    messages = caught.value.message_dict
    assert messages.get("grade", ["2025年度未完成考核"])[0].startswith("2025年度未完成考核")
    assert not Settlement.objects.exists()


def test_the_database_refuses_a_hand_entered_grade_without_a_reason(funded, engagement, bureau):
    settlement = settlement_prepare(engagement=engagement, year=2025, grade=Grade.BASIC, reason=PAPER, actor=bureau)
    with pytest.raises(IntegrityError), transaction.atomic():
        Settlement.objects.filter(pk=settlement.pk).update(grade_reason=" ")


def test_the_units_officer_may_prepare_but_another_units_may_not(funded, engagement, officer_a, officer_b):
    assert settlement_prepare(
        engagement=engagement, year=2025, grade=Grade.EXCELLENT, reason=PAPER, actor=officer_a
    ).amount == Decimal("54000.00")
    with pytest.raises(PermissionDenied):
        settlement_prepare(engagement=engagement, year=2025, grade=Grade.EXCELLENT, reason=PAPER, actor=officer_b)


@pytest.mark.parametrize("who", ["finance", "auditor"])
def test_finance_and_auditors_do_not_prepare(funded, engagement, finance, auditor, who):
    with pytest.raises(PermissionDenied):
        settlement_prepare(
            engagement=engagement,
            year=2025,
            grade=Grade.EXCELLENT,
            reason=PAPER,
            actor={"finance": finance, "auditor": auditor}[who],
        )


@pytest.mark.parametrize("who", ["bureau", "officer_a", "auditor"])
def test_only_finance_confirms(funded, engagement, bureau, officer_a, auditor, who):
    settlement = settlement_prepare(engagement=engagement, year=2025, grade=Grade.EXCELLENT, reason=PAPER, actor=bureau)
    with pytest.raises(PermissionDenied):
        settlement_confirm(
            settlement=settlement, actor={"bureau": bureau, "officer_a": officer_a, "auditor": auditor}[who]
        )


def test_the_preparer_cannot_confirm_even_after_moving_to_finance(funded, engagement, bureau):
    settlement = settlement_prepare(engagement=engagement, year=2025, grade=Grade.EXCELLENT, reason=PAPER, actor=bureau)
    bureau.role = Role.FINANCE
    bureau.save()
    with pytest.raises(ValidationError, match="编制"):
        settlement_confirm(settlement=settlement, actor=bureau)


def test_a_confirmed_settlement_is_final(funded, engagement, bureau, finance, finance2):
    settlement = settlement_confirm(
        settlement=settlement_prepare(
            engagement=engagement, year=2025, grade=Grade.EXCELLENT, reason=PAPER, actor=bureau
        ),
        actor=finance,
    )
    with pytest.raises(services.BudgetConflict):
        settlement_confirm(settlement=settlement, actor=finance2)
    with pytest.raises(services.BudgetConflict):
        settlement_prepare(engagement=engagement, year=2025, grade=Grade.INCOMPETENT, reason=PAPER, actor=bureau)


def test_an_engagement_without_an_approved_budget_has_nothing_to_settle(engagement, bureau):
    with pytest.raises(ValidationError, match="无可结算"):
        settlement_prepare(engagement=engagement, year=2025, grade=Grade.EXCELLENT, reason=PAPER, actor=bureau)


def test_confirmed_settlements_count_in_the_full_year_statistics(funded, engagement, bureau, finance, unit_a):
    settlement_confirm(
        settlement=settlement_prepare(
            engagement=engagement, year=2025, grade=Grade.COMPETENT, reason=PAPER, actor=bureau
        ),
        actor=finance,
    )
    full_year = budget_statistics(user=finance, period=Period(2025, 4))
    assert full_year.settled.current == Decimal("48600.00")
    assert budget_statistics(user=finance, period=Period(2025, 3)).settled.current == 0


def test_a_completed_assessment_sets_the_grade_over_the_hand_entered_one(funded, engagement, bureau, officer_a):
    from reviews.models import Decision
    from reviews.services.assessments import assessment_complete, assessment_save
    from tests.reviews.test_assessments import _scores

    settlement_prepare(engagement=engagement, year=2025, grade=Grade.BASIC, reason=PAPER, actor=bureau)
    assessment = assessment_save(engagement=engagement, year=2025, scores=_scores(2025, "92"), actor=officer_a)
    assessment_complete(assessment=assessment, decision=Decision.RENEW, actor=officer_a)
    assert grade_for(engagement, 2025) == Grade.EXCELLENT
    settlement = settlement_prepare(engagement=engagement, year=2025, grade=Grade.BASIC, reason=PAPER, actor=bureau)
    assert settlement.coefficient == Decimal("1.00")
    assert (settlement.grade, settlement.grade_source, settlement.grade_reason) == (Grade.EXCELLENT, "assessment", "")
