"""An applicant's data is seen by the applicant, by the bureau (or unit) running the round and by its panel, and
by no one else: not other applicants, other units' officers, another jurisdiction's bureau, auditors, finance."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.urls import reverse

from accounts.policy import VIEW, policy_for, visible
from accounts.roles import Role
from selection import policies
from selection.models import Application, ApplicationDocument, ConflictDeclaration
from tests.factories import application_draft, make_user, open_round, selection_notice, submitted_application
from tests.world import _jurisdictions


@pytest.fixture
def submitted(notice, applicant):
    return submitted_application(notice, applicant)


@pytest.fixture
def county_bureau(county_unit):
    return make_user("county_bureau", Role.BUREAU, county_unit)


def test_the_bureau_running_the_round_sees_the_application_and_its_documents(submitted, bureau, client_for):
    client = client_for(bureau)
    assert client.get(reverse("selection:application", args=[submitted.pk])).status_code == 200
    document = submitted.documents.first()
    assert client.get(reverse("selection:document", args=[document.pk])).status_code == 200


@pytest.mark.parametrize("who", ["officer_a", "county_bureau", "finance", "auditor", "applicant2", "evaluator"])
def test_no_one_else_sees_an_application(submitted, who, request, client_for):
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("selection:application", args=[submitted.pk])).status_code == 404
    document = submitted.documents.first()
    assert client.get(reverse("selection:document", args=[document.pk])).status_code == 404


@pytest.mark.parametrize("who", ["officer_a", "county_bureau", "finance", "auditor", "applicant2", "evaluator"])
def test_no_one_else_reaches_the_rows(submitted, who, request):
    user = request.getfixturevalue(who)
    for model in (Application, ApplicationDocument, ConflictDeclaration):
        assert not visible(user, model).exists()


def test_a_draft_is_the_applicants_alone(notice, applicant, bureau, client_for):
    draft = application_draft(notice, applicant)
    assert client_for(bureau).get(reverse("selection:application", args=[draft.pk])).status_code == 404
    assert client_for(applicant).get(reverse("selection:application", args=[draft.pk])).status_code == 200


def test_the_bureau_may_read_but_not_write_an_application(submitted, bureau, client_for):
    client = client_for(bureau)
    assert client.post(reverse("selection:withdraw", args=[submitted.pk])).status_code == 403
    submitted.refresh_from_db()
    assert submitted.state == "submitted"


def test_a_units_own_round_is_seen_by_its_officers_not_by_another_units(
    unit_a, officer_a, officer_b, applicant, client_for
):

    notice = selection_notice(open_round(officer_a, unit_a))
    application = submitted_application(notice, applicant)
    assert client_for(officer_a).get(reverse("selection:application", args=[application.pk])).status_code == 200
    assert client_for(officer_b).get(reverse("selection:application", args=[application.pk])).status_code == 404


def test_the_panel_hook_lets_a_panel_member_read_and_nothing_more(submitted, evaluator, monkeypatch, client_for):
    # What selection's panel module registers: the evaluators of a notice's panel read its applications.
    monkeypatch.setattr(
        policies, "_panel_scopes", [lambda user: Q(notice=submitted.notice) if user.pk == evaluator.pk else None]
    )
    client = client_for(evaluator)
    assert client.get(reverse("selection:application", args=[submitted.pk])).status_code == 200
    assert visible(evaluator, ApplicationDocument).count() == 3
    assert client.post(reverse("selection:withdraw", args=[submitted.pk])).status_code == 403
    assert policy_for(Application).can(evaluator, VIEW)


def test_the_panel_hook_adds_to_what_the_bureau_sees(submitted, county_bureau, monkeypatch):
    monkeypatch.setattr(policies, "_panel_scopes", [lambda user: Q(pk=submitted.pk)])
    assert list(visible(county_bureau, Application)) == [submitted]


def test_the_panel_hook_is_not_asked_about_anonymous_visitors(submitted, monkeypatch):
    def members_only(user):
        assert user.is_authenticated, "asked about an anonymous visitor"
        return Q(pk=submitted.pk)

    monkeypatch.setattr(policies, "_panel_scopes", [members_only])
    assert not visible(AnonymousUser(), Application).exists()
    assert not policy_for(Application).can(AnonymousUser(), VIEW)


@pytest.fixture
def province(city):
    """湖南省司法厅, its province made the city's parent before the round's units exist."""
    return _jurisdictions(city)["province"]


def test_the_province_bureau_above_the_round_does_not_see_its_applicants(province, submitted, bureau, client_for):
    assert client_for(province).get(reverse("selection:application", args=[submitted.pk])).status_code == 404
    assert not visible(province, Application).exists()
    assert visible(bureau, Application).get() == submitted  # the city's bureau runs the round
