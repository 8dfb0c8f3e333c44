"""Each step of draft → submitted → reviewed → approved / returned → resubmitted, by each role."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import Role
from budgets import services
from budgets.models import BudgetEvent, BudgetRequest
from tests import factories
from tests.factories import make_user

Status = BudgetRequest.Status


@pytest.fixture
def users(officer_a, officer_b, bureau, finance, auditor):
    return {"officer_a": officer_a, "officer_b": officer_b, "bureau": bureau, "finance": finance, "auditor": auditor}


def test_officer_creates_a_draft_priced_from_the_fee_standards(officer_a, standards):
    request = factories.draft(officer_a)
    assert request.status == Status.DRAFT and request.unit == officer_a.unit
    assert [line.amount for line in request.lines.all()] == [Decimal("15000.00"), Decimal("6000.00")]
    assert request.requested_amount == Decimal("21000.00")
    assert request.events.get().action == BudgetEvent.Action.CREATED


@pytest.mark.parametrize("who", ["bureau", "finance", "auditor"])
def test_only_unit_officers_create_requests(users, standards, who):
    with pytest.raises(PermissionDenied):
        factories.draft(users[who])


def test_an_officer_of_a_unit_that_is_not_a_budget_unit_cannot_request(unit_a_child, standards):
    officer = make_user("child_officer", Role.OFFICER, unit_a_child)
    with pytest.raises(ValidationError, match="预算单位"):
        factories.draft(officer)


def test_a_line_without_a_fee_standard_is_refused(officer_a, standards):
    with pytest.raises(ValidationError, match="收费标准"):
        services.budget_request_create(
            actor=officer_a,
            year=2030,
            title="t",
            justification="j",
            previous_year_amount=Decimal(0),
            lines=factories.line_data(),
        )


def test_a_line_for_another_units_institution_is_refused(officer_a, unit_b, standards):
    with pytest.raises(ValidationError, match="二级机构"):
        services.budget_request_create(
            actor=officer_a,
            year=2025,
            title="t",
            justification="j",
            previous_year_amount=Decimal(0),
            lines=factories.line_data(for_unit=unit_b),
        )


def test_a_line_for_a_secondary_institution_marks_the_request_centralised(officer_a, unit_a_child, standards):
    request = services.budget_request_create(
        actor=officer_a,
        year=2025,
        title="t",
        justification="j",
        previous_year_amount=Decimal(0),
        lines=factories.line_data(for_unit=unit_a_child),
    )
    assert request.is_centralised
    assert not factories.draft(officer_a).is_centralised


@pytest.mark.parametrize("who", ["officer_b", "bureau", "finance", "auditor"])
def test_only_the_units_officer_submits(users, officer_a, standards, who):
    request = factories.draft(officer_a)
    with pytest.raises(PermissionDenied):
        services.budget_request_submit(request=request, actor=users[who])
    request.refresh_from_db()
    assert request.status == Status.DRAFT


def test_officer_submits_a_draft(officer_a, standards):
    request = services.budget_request_submit(request=factories.draft(officer_a), actor=officer_a)
    assert request.status == Status.SUBMITTED and request.submitted_by == officer_a
    assert request.version == 2


@pytest.mark.parametrize("who", ["officer_a", "officer_b", "finance", "auditor"])
def test_only_the_bureau_reviews(users, officer_a, standards, who):
    request = factories.submitted(officer_a)
    with pytest.raises(PermissionDenied):
        services.budget_request_review(
            request=request, actor=users[who], line_amounts=factories.amounts(request), comment=""
        )


def test_bureau_recommends_an_amount_per_line(officer_a, bureau, standards):
    request = factories.reviewed(officer_a, bureau, ratio="0.5")
    assert request.status == Status.REVIEWED and request.reviewed_by == bureau
    assert request.recommended_amount == Decimal("10500.00")
    assert sorted(line.recommended_amount for line in request.lines.all()) == [Decimal("3000.00"), Decimal("7500.00")]


def test_a_recommendation_above_the_requested_line_is_refused_and_nothing_is_written(officer_a, bureau, standards):
    request = factories.submitted(officer_a)
    too_much = factories.amounts(request, ratio="1.01")
    with pytest.raises(ValidationError) as error:
        services.budget_request_review(request=request, actor=bureau, line_amounts=too_much, comment="")
    assert all(key.startswith("line_") for key in error.value.message_dict)
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED and request.recommended_amount is None
    assert not request.lines.exclude(recommended_amount=None).exists()


def test_a_draft_cannot_be_reviewed(officer_a, bureau, standards):
    request = factories.draft(officer_a)
    with pytest.raises(services.BudgetConflict, match="草稿"):
        services.budget_request_review(
            request=request, actor=bureau, line_amounts=factories.amounts(request), comment=""
        )


@pytest.mark.parametrize("who", ["officer_a", "bureau", "auditor"])
def test_only_finance_approves(users, officer_a, bureau, standards, who):
    request = factories.reviewed(officer_a, bureau)
    with pytest.raises(PermissionDenied):
        services.budget_request_approve(
            request=request, actor=users[who], line_amounts=factories.amounts(request, "recommended_amount")
        )
    request.refresh_from_db()
    assert request.status == Status.REVIEWED


def test_finance_approves_lower_than_recommended_only_with_a_reason(officer_a, bureau, finance, standards):
    request = factories.reviewed(officer_a, bureau, ratio="0.9")
    lower = factories.amounts(request, "recommended_amount", ratio="0.5")
    with pytest.raises(ValidationError) as caught:
        services.budget_request_approve(request=request, actor=finance, line_amounts=lower, comment=" ")
    assert caught.value.message_dict["comment"] == ["核定金额9,450.00元低于审核建议金额18,900.00元，请说明核减理由。"]
    request.refresh_from_db()
    assert request.status == Status.REVIEWED and all(line.approved_amount is None for line in request.lines.all())
    request = services.budget_request_approve(request=request, actor=finance, line_amounts=lower, comment="财力有限")
    assert request.status == Status.APPROVED and request.approved_by == finance
    assert request.approval_comment == "财力有限" and request.events.get(action="approved").comment == "财力有限"
    assert request.approved_amount == Decimal("9450.00") <= request.recommended_amount <= request.requested_amount


def test_finance_cannot_approve_more_than_recommended(officer_a, bureau, finance, standards):
    request = factories.reviewed(officer_a, bureau, ratio="0.9")
    with pytest.raises(ValidationError, match="最多"):
        services.budget_request_approve(
            request=request, actor=finance, line_amounts=factories.amounts(request, "amount")
        )
    request.refresh_from_db()
    assert request.status == Status.REVIEWED and request.approved_amount is None


def test_a_submitted_request_cannot_be_approved_before_review(officer_a, finance, standards):
    request = factories.submitted(officer_a)
    with pytest.raises(services.BudgetConflict):
        services.budget_request_approve(request=request, actor=finance, line_amounts=factories.amounts(request))


def test_finance_returns_with_a_reason(officer_a, bureau, finance, standards):
    request = factories.reviewed(officer_a, bureau)
    with pytest.raises(ValidationError, match="退回理由"):
        services.budget_request_return(request=request, actor=finance, reason="  ")
    request = services.budget_request_return(request=request, actor=finance, reason="讲座场次偏多")
    assert request.status == Status.RETURNED and request.return_reason == "讲座场次偏多"


def test_bureau_returns_a_submitted_request_but_not_a_reviewed_one(officer_a, bureau, standards):
    request = factories.submitted(officer_a)
    assert (
        services.budget_request_return(request=request, actor=bureau, reason="缺少测算依据").status == Status.RETURNED
    )
    other = factories.reviewed(officer_a, bureau)
    with pytest.raises(services.BudgetConflict):
        services.budget_request_return(request=other, actor=bureau, reason="x")


def test_finance_returns_a_reviewed_request_but_not_a_submitted_one(officer_a, finance, standards):
    # Each checker returns from the step their action decides (budgets.policies: APPROVE, REVIEW).
    with pytest.raises(services.BudgetConflict):
        services.budget_request_return(request=factories.submitted(officer_a), actor=finance, reason="x")


@pytest.mark.parametrize("who", ["officer_a", "auditor"])
def test_officers_and_auditors_cannot_return(users, officer_a, bureau, standards, who):
    request = factories.reviewed(officer_a, bureau)
    with pytest.raises(PermissionDenied):
        services.budget_request_return(request=request, actor=users[who], reason="x")


def test_a_returned_request_is_edited_resubmitted_and_reviewed_afresh(officer_a, bureau, finance, finance2, standards):
    request = factories.reviewed(officer_a, bureau)
    request = services.budget_request_return(request=request, actor=finance, reason="请调整")
    request = services.budget_request_update(
        request=request,
        actor=officer_a,
        expected_version=request.version,
        year=2025,
        title="调整后",
        justification="已调整",
        previous_year_amount=Decimal(0),
        lines=factories.line_data([(factories.ItemType.LECTURE, 2, 2)]),
    )
    assert request.requested_amount == Decimal("3000.00")
    request = services.budget_request_submit(request=request, actor=officer_a)
    assert request.recommended_amount is None and request.reviewed_by is None
    request = services.budget_request_review(
        request=request, actor=bureau, line_amounts=factories.amounts(request), comment=""
    )
    request = services.budget_request_approve(
        request=request, actor=finance2, line_amounts=factories.amounts(request, "recommended_amount")
    )
    assert request.approved_amount == Decimal("3000.00")
    assert list(request.events.values_list("action", flat=True)) == [
        "created",
        "submitted",
        "reviewed",
        "returned",
        "edited",
        "submitted",
        "reviewed",
        "approved",
    ]


def test_a_submitted_request_cannot_be_edited(officer_a, standards):
    request = factories.submitted(officer_a)
    with pytest.raises(services.BudgetConflict):
        services.budget_request_update(
            request=request,
            actor=officer_a,
            expected_version=None,
            year=2025,
            title="x",
            justification="x",
            previous_year_amount=Decimal(0),
            lines=factories.line_data(),
        )


def test_every_step_is_in_the_audit_trail_with_its_actor(officer_a, bureau, finance, standards):
    request = factories.approved(officer_a, bureau, finance)
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(BudgetRequest), object_pk=str(request.pk)
    ).order_by("timestamp", "pk")
    by_status = {e.changes_dict["status"][1]: e.actor for e in entries if "status" in e.changes_dict}
    assert by_status == {"draft": officer_a, "submitted": officer_a, "reviewed": bureau, "approved": finance}
    assert [(e.action, e.actor) for e in request.events.all()][-1] == ("approved", finance)


def test_a_stale_version_is_refused(officer_a, bureau, standards):
    request = factories.submitted(officer_a)
    with pytest.raises(services.BudgetConflict, match="其他人"):
        services.budget_request_review(
            request=request, actor=bureau, line_amounts=factories.amounts(request), comment="", expected_version=1
        )
