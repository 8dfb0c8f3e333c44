"""三员分立: the system, security and audit administrators each do one job and touch no business data."""

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Unit, User
from accounts.roles import Role
from tests.factories import PASSWORD, make_user


@pytest.fixture
def system_admin(city):
    return make_user("sysadmin", Role.SYSTEM_ADMIN, city)


@pytest.fixture
def security_admin(city):
    return make_user("secadmin", Role.SECURITY_ADMIN, city)


@pytest.fixture
def audit_admin(city):
    return make_user("auditadmin", Role.AUDIT_ADMIN, city)


def user_form(user, **changes):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.role,
        "unit": user.unit_id or "",
        "adviser": "",
        "is_active": "on" if user.is_active else "",
        "date_joined_0": "2025-01-01",
        "date_joined_1": "08:00:00",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_audit_administrator_reads_the_trail_and_nothing_else(client_for, audit_admin, unit_a):
    client = client_for(audit_admin)
    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_unit_changelist")).status_code == 403
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    response = client.post(
        reverse("admin:accounts_unit_add"), {"name": "审计管理员建的单位", "kind": "department", "level": "city"}
    )
    assert response.status_code == 403
    assert not Unit.objects.filter(name="审计管理员建的单位").exists()


@pytest.mark.parametrize("fixture", ["system_admin", "security_admin"])
def test_system_and_security_administrators_read_no_business_data_and_no_audit_trail(
    request, client_for, fixture, unit_a
):
    client = client_for(request.getfixturevalue(fixture))
    assert client.get(reverse("admin:accounts_unit_change", args=[unit_a.pk])).status_code == 404
    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 403


def test_the_system_administrator_creates_accounts_that_start_inactive(client_for, system_admin, unit_a):
    response = client_for(system_admin).post(
        reverse("admin:accounts_user_add"),
        {
            "username": "new_officer",
            "usable_password": "true",
            "password1": "Welcome-Zhuzhou-2025",
            "password2": "Welcome-Zhuzhou-2025",
            "role": Role.OFFICER,
            "unit": unit_a.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    created = User.objects.get(username="new_officer")
    assert not created.is_active
    assert LogEntry.objects.get_for_object(created).filter(action=LogEntry.Action.CREATE, actor=system_admin).exists()


def test_the_system_administrator_cannot_grant_a_role_or_activate(client_for, system_admin, officer_a):
    client_for(system_admin).post(
        reverse("admin:accounts_user_change", args=[officer_a.pk]),
        user_form(officer_a, role=Role.BUREAU, email="li@zhuzhou.gov.cn", is_active=None),
    )
    officer_a.refresh_from_db()
    assert officer_a.email == "li@zhuzhou.gov.cn"  # identity data is the system administrator's
    assert officer_a.role == Role.OFFICER and officer_a.is_active  # rights are not


def test_the_security_administrator_grants_roles_and_activates_but_keeps_out_of_identity_data(
    client_for, security_admin, officer_a, unit_b
):
    officer_a.is_active = False
    officer_a.save()
    response = client_for(security_admin).post(
        reverse("admin:accounts_user_change", args=[officer_a.pk]),
        user_form(officer_a, unit=unit_b.pk, is_active="on", username="renamed", email="x@example.cn"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    officer_a.refresh_from_db()
    assert officer_a.is_active and officer_a.unit == unit_b
    assert officer_a.username == "officer_a" and officer_a.email == ""


def test_only_the_system_administrator_sets_someone_elses_password(client_for, system_admin, security_admin, officer_a):
    url = reverse("admin:auth_user_password_change", args=[officer_a.pk])
    assert client_for(security_admin).get(url).status_code == 403
    response = client_for(system_admin).post(
        url, {"usable_password": "true", "password1": "short", "password2": "short"}
    )
    assert "密码太短" in response.content.decode()  # the password rules apply in the admin too
    response = client_for(system_admin).post(
        url, {"usable_password": "true", "password1": "Reset-By-Admin-2025", "password2": "Reset-By-Admin-2025"}
    )
    assert response.status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.check_password("Reset-By-Admin-2025")


def test_administrators_cannot_change_their_own_account_or_a_superusers(client_for, security_admin, city):
    root = make_user("root", Role.OFFICER, city, is_superuser=True)
    client = client_for(security_admin)
    own = client.post(
        reverse("admin:accounts_user_change", args=[security_admin.pk]), user_form(security_admin, role=Role.BUREAU)
    )
    assert own.status_code == 403
    assert (
        client.post(reverse("admin:accounts_user_change", args=[root.pk]), user_form(root, is_active=None)).status_code
        == 403
    )
    security_admin.refresh_from_db()
    root.refresh_from_db()
    assert security_admin.role == Role.SECURITY_ADMIN and root.is_active


def test_nobody_deletes_an_account_or_an_audit_row_not_even_a_superuser(client_for, city, officer_a):
    root = make_user("root", Role.OFFICER, city, is_superuser=True)
    client = client_for(root)
    entry = LogEntry.objects.first()
    assert client.post(reverse("admin:accounts_user_delete", args=[officer_a.pk]), {"post": "yes"}).status_code == 403
    assert client.post(reverse("admin:auditlog_logentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert client.post(reverse("admin:auditlog_logentry_change", args=[entry.pk]), {}).status_code == 403
    assert User.objects.filter(pk=officer_a.pk).exists() and LogEntry.objects.filter(pk=entry.pk).exists()


def test_bureau_staff_read_accounts_but_no_longer_administer_them(client_for, bureau, officer_a):
    client = client_for(bureau)
    assert client.get(reverse("admin:accounts_user_change", args=[officer_a.pk])).status_code == 200
    client.post(reverse("admin:accounts_user_change", args=[officer_a.pk]), user_form(officer_a, role=Role.BUREAU))
    officer_a.refresh_from_db()
    assert officer_a.role == Role.OFFICER


def test_the_security_administrator_resets_a_lost_second_factor(client_for, security_admin, bureau):
    device = TOTPDevice.objects.create(user=bureau, name="lost phone", confirmed=True)
    client = client_for(security_admin)
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])).content.decode()
    assert device.key not in page  # the secret is never shown
    response = client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert LogEntry.objects.filter(additional_data__event="two_factor_reset", actor=security_admin).exists()


def test_only_the_security_administrator_clears_a_lockout(client, client_for, security_admin, system_admin, officer_a):
    for _ in range(5):
        client.post(reverse("login"), {"username": "officer_a", "password": "wrong-password"})
    attempt = AccessAttempt.objects.get(username="officer_a")
    url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert client_for(system_admin).post(url, {"post": "yes"}).status_code == 404  # outside their scope
    assert client_for(security_admin).post(url, {"post": "yes"}).status_code == 302
    assert LogEntry.objects.filter(additional_data__event="lockout_cleared", actor=security_admin).exists()
    assert client.post(reverse("login"), {"username": "officer_a", "password": PASSWORD}).status_code == 302
