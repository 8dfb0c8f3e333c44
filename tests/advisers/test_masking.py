"""Phone and licence number are masked for roles that do not need them."""

from django.urls import reverse

from accounts.roles import Role
from advisers.models import Adviser, Engagement
from advisers.policies import with_contact
from tests.factories import EngagementFactory, make_user


def _sees_contact(user, adviser):
    return with_contact(user, Adviser.objects.filter(pk=adviser.pk)).get().contact_visible


def test_the_contact_rule_shows_bureau_auditors_the_adviser_and_officers_with_an_engagement_in_force(
    bureau, auditor, finance, officer_a, officer_b, adviser_a, city
):
    adviser_account = make_user("adviser_self", Role.ADVISER, adviser=adviser_a)
    for user in (bureau, auditor, officer_a, adviser_account):
        assert _sees_contact(user, adviser_a), user.username
    for user in (finance, officer_b):
        assert not _sees_contact(user, adviser_a), user.username
    for role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN):
        assert not _sees_contact(make_user(f"u_{role}", role, city), adviser_a)


def test_inactive_accounts_see_the_contact_masked(bureau, adviser_a):
    bureau.is_active = False
    assert not _sees_contact(bureau, adviser_a)


def test_finance_sees_masked_contact(client_for, finance, adviser_a):
    body = client_for(finance).get(reverse("advisers:detail", args=[adviser_a.pk])).content.decode()
    assert "138****5678" in body
    assert "13812345678" not in body and "14302201910123456" not in body


def test_officer_of_the_engaging_unit_sees_the_full_phone(client_for, officer_a, adviser_a):
    body = client_for(officer_a).get(reverse("advisers:detail", args=[adviser_a.pk])).content.decode()
    assert "13812345678" in body


def test_officer_whose_unit_no_longer_engages_the_adviser_sees_it_masked(client_for, unit_b, adviser_a):
    EngagementFactory(adviser=adviser_a, unit=unit_b, status=Engagement.Status.EXPIRED)
    officer = make_user("officer_old", Role.OFFICER, unit_b)
    body = client_for(officer).get(reverse("advisers:list")).content.decode()
    assert adviser_a.name in body
    assert "138****5678" in body and "13812345678" not in body


def test_officer_sees_masked_values_in_the_admin(client_for, unit_b, adviser_a):
    EngagementFactory(adviser=adviser_a, unit=unit_b, status=Engagement.Status.EXPIRED)
    officer = make_user("officer_old", Role.OFFICER, unit_b)
    client = client_for(officer)
    assert "13812345678" not in client.get(reverse("admin:advisers_adviser_changelist")).content.decode()
    body = client.get(reverse("admin:advisers_adviser_change", args=[adviser_a.pk])).content.decode()
    assert "138****5678" in body and "13812345678" not in body


def test_bureau_and_auditor_see_full_contact(client_for, bureau, auditor, adviser_a):
    for user in (bureau, auditor):
        assert "13812345678" in client_for(user).get(reverse("advisers:detail", args=[adviser_a.pk])).content.decode()
