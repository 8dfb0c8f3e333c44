"""Bureau staff, administrators and superusers pass a TOTP step after the password; others do not."""

from base64 import b32encode

import pytest
from auditlog.models import LogEntry
from django.http import HttpRequest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import Role
from accounts.two_factor import current_code
from tests.factories import PASSWORD, make_user


def code_for(device: TOTPDevice) -> str:
    return current_code(b32encode(device.bin_key).decode())


def login(client, username, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_bureau_staff_without_a_device_are_sent_to_set_one_up_with_a_qr_code(client, bureau):
    response = login(client, "bureau", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_setup"))
    page = response.content.decode()
    assert "设置双因素认证" in page
    assert "<svg" in page  # the QR code, inline
    device = TOTPDevice.objects.get(user=bureau, confirmed=False)
    assert b32encode(device.bin_key).decode()[:4] in page  # the key, for typing in


def test_the_first_code_confirms_the_device_and_opens_the_portal(client, bureau):
    login(client, "bureau")
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=bureau, confirmed=False)
    response = client.post(reverse("two_factor_setup"), {"token": code_for(device), "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("portal:home")).status_code == 200
    assert LogEntry.objects.filter(additional_data__event="two_factor_enabled", actor=bureau).exists()


def test_a_wrong_code_is_refused_in_chinese_and_the_portal_stays_closed(client, bureau, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # let the right code follow the wrong one at once
    device = TOTPDevice.objects.create(user=bureau, name="phone", confirmed=True)
    login(client, "bureau")
    wrong = f"{(int(code_for(device)) + 1) % 1000000:06d}"
    response = client.post(reverse("two_factor_verify"), {"token": wrong})
    assert response.status_code == 200
    assert "验证码错误或已过期" in response.content.decode()
    assert client.get(reverse("portal:home"))["Location"].startswith(reverse("two_factor_verify"))
    assert LogEntry.objects.filter(additional_data__event="two_factor_failed", actor=bureau).exists()
    response = client.post(reverse("two_factor_verify"), {"token": code_for(device)})
    assert response.status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200


def test_a_code_that_is_not_six_digits_gets_a_clear_message(client, bureau):
    TOTPDevice.objects.create(user=bureau, name="phone", confirmed=True)
    login(client, "bureau")
    response = client.post(reverse("two_factor_verify"), {"token": "abc"})
    assert "6位数字验证码" in response.content.decode()


def test_the_admin_is_closed_until_the_second_factor_too(client, bureau):
    TOTPDevice.objects.create(user=bureau, name="phone", confirmed=True)
    client.post(reverse("admin:login"), {"username": "bureau", "password": PASSWORD})
    response = client.get(reverse("admin:accounts_unit_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_verify"))


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
def test_the_three_administrators_need_the_second_factor(client, city, role):
    make_user("admin_user", role, city)
    response = login(client, "admin_user")
    assert client.get(response["Location"])["Location"].startswith(reverse("two_factor_setup"))


def test_superusers_need_the_second_factor(client, city):
    make_user("root", Role.OFFICER, city, is_superuser=True)
    login(client, "root")
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("two_factor_setup"))


@pytest.mark.parametrize("role", [Role.OFFICER, Role.FINANCE, Role.AUDITOR])
def test_portal_roles_without_registry_write_access_sign_in_with_the_password_alone(client, unit_a, role):
    make_user("plain", role, unit_a)
    login(client, "plain")
    assert client.get(reverse("portal:home")).status_code == 200


def test_verifying_gives_the_session_a_new_key(client, bureau):
    device = TOTPDevice.objects.create(user=bureau, name="phone", confirmed=True)
    login(client, "bureau")
    before = client.session.session_key
    client.post(reverse("two_factor_verify"), {"token": code_for(device)})
    assert client.session.session_key != before


def test_next_cannot_send_the_user_to_another_site(client, bureau):
    device = TOTPDevice.objects.create(user=bureau, name="phone", confirmed=True)
    login(client, "bureau")
    response = client.post(reverse("two_factor_verify"), {"token": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("portal:home")


def test_the_verify_page_refuses_other_methods(client_for, officer_a):
    assert client_for(officer_a).put(reverse("two_factor_verify")).status_code == 405


def test_anonymous_users_are_sent_to_login_from_the_two_factor_pages(client, db):
    for name in ("two_factor_verify", "two_factor_setup"):
        assert client.get(reverse(name))["Location"].startswith(reverse("login"))


def test_the_demo_bureau_account_signs_in_with_the_secret_seed_demo_prints(demo, client, settings):
    assert settings.DEMO_TOTP_SECRET in demo.output
    assert client.login(request=HttpRequest(), username="bureau", password=settings.DEMO_PASSWORD)
    response = client.post(reverse("two_factor_verify"), {"token": current_code(settings.DEMO_TOTP_SECRET)})
    assert response.status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200
