"""The user who submitted or reviewed a request cannot approve it: in the service and in the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.roles import Role
from budgets import services
from budgets.models import BudgetRequest
from tests import factories


def test_an_officer_who_moved_to_the_finance_bureau_cannot_approve_what_they_submitted(officer_a, bureau, standards):
    request = factories.reviewed(officer_a, bureau)
    officer_a.role = Role.FINANCE
    officer_a.save()
    with pytest.raises(ValidationError, match="其他审核人员核定"):
        services.budget_request_approve(
            request=request, actor=officer_a, line_amounts=factories.amounts(request, "recommended_amount")
        )
    request.refresh_from_db()
    assert request.status == BudgetRequest.Status.REVIEWED


def test_a_reviewer_who_moved_to_the_finance_bureau_cannot_approve_what_they_reviewed(officer_a, bureau, standards):
    request = factories.reviewed(officer_a, bureau)
    bureau.role = Role.FINANCE
    bureau.save()
    with pytest.raises(ValidationError, match="其他审核人员核定"):
        services.budget_request_approve(
            request=request, actor=bureau, line_amounts=factories.amounts(request, "recommended_amount")
        )


def test_someone_who_submitted_an_earlier_round_cannot_approve_a_later_one(
    officer_a, unit_a, bureau, finance, standards
):
    """officer_a submits, finance returns; a colleague resubmits; officer_a (now at finance) still may not approve."""
    from tests.factories import make_user

    request = factories.reviewed(officer_a, bureau)
    request = services.budget_request_return(request=request, actor=finance, reason="请补充")
    colleague = make_user("colleague", Role.OFFICER, unit_a)
    request = services.budget_request_submit(request=request, actor=colleague)
    request = services.budget_request_review(
        request=request, actor=bureau, line_amounts=factories.amounts(request), comment=""
    )
    officer_a.role = Role.FINANCE
    officer_a.save()
    with pytest.raises(ValidationError):
        services.budget_request_approve(
            request=request, actor=officer_a, line_amounts=factories.amounts(request, "recommended_amount")
        )


def test_the_database_refuses_an_approver_who_submitted(officer_a, bureau, finance, standards):
    request = factories.approved(officer_a, bureau, finance)
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetRequest.objects.filter(pk=request.pk).update(approved_by=officer_a)


def test_the_database_refuses_an_approver_who_reviewed(officer_a, bureau, finance, standards):
    request = factories.approved(officer_a, bureau, finance)
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetRequest.objects.filter(pk=request.pk).update(approved_by=bureau)


def test_the_database_refuses_a_reviewer_who_submitted(officer_a, bureau, standards):
    request = factories.reviewed(officer_a, bureau)
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetRequest.objects.filter(pk=request.pk).update(reviewed_by=officer_a)


def test_model_validation_names_the_rule(officer_a, bureau, finance, standards):
    request = factories.approved(officer_a, bureau, finance)
    request.approved_by = officer_a
    with pytest.raises(ValidationError, match="申报人或审核人不得核定"):
        request.full_clean()
