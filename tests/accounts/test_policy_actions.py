"""The named actions the views, menus, exports and reports ask of the policies."""

import pytest

from accounts.models import Jurisdiction
from accounts.policy import CHANGE, EXPORT, OVERSEE, Policy, policy_for
from accounts.roles import Role
from advisers.models import Adviser, Lecture, LegalOpinion
from advisers.policies import CONFIRM, PROPOSE
from budgets.models import BudgetRequest
from reviews.models import DutyReport, RectificationItem, UnitWorkReport
from reviews.policies import ANSWER, CLOSE, RETURN, SUBMIT
from tests.factories import make_user


def _holders(model, action, users):
    return {user.username for user in users if policy_for(model).can(user, action)}


@pytest.fixture
def everyone(bureau, officer_a, finance, auditor):
    return [bureau, officer_a, finance, auditor]


def test_a_units_officers_answer_rectification_items_and_the_bureau_closes_them(everyone):
    assert _holders(RectificationItem, ANSWER, everyone) == {"officer_a"}
    assert _holders(RectificationItem, CLOSE, everyone) == {"bureau"}


def test_only_a_units_officers_submit_its_work_report(everyone):
    assert _holders(UnitWorkReport, SUBMIT, everyone) == {"officer_a"}


def test_bureau_staff_and_auditors_export_the_registry_and_oversee_their_area(everyone):
    assert _holders(Adviser, EXPORT, everyone) == {"bureau", "auditor"}
    assert _holders(Jurisdiction, OVERSEE, everyone) == {"bureau", "auditor"}


def test_everyone_who_reads_the_fee_budgets_exports_their_summary(everyone):
    assert _holders(BudgetRequest, EXPORT, everyone) == {"bureau", "officer_a", "finance", "auditor"}


def test_auditors_cannot_be_given_a_write_action():
    with pytest.raises(ValueError):
        Policy(auditor_actions=(CHANGE,))


def test_advisers_propose_their_own_duty_records_and_the_unit_or_the_bureau_confirms(everyone, engagement_a):
    adviser = make_user("adviser", Role.ADVISER, adviser=engagement_a.adviser)
    for model in (LegalOpinion, Lecture):
        assert _holders(model, PROPOSE, [*everyone, adviser]) == {"adviser"}
        assert _holders(model, CONFIRM, [*everyone, adviser]) == {"bureau", "officer_a"}


def test_the_unit_and_the_bureau_return_duty_reports_and_the_adviser_does_not(everyone, engagement_a):
    adviser = make_user("adviser", Role.ADVISER, adviser=engagement_a.adviser)
    assert _holders(DutyReport, RETURN, [*everyone, adviser]) == {"bureau", "officer_a"}
