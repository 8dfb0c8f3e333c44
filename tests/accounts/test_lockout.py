"""Five failed sign-ins lock that account for 15 minutes, wherever they come from (django-axes)."""

import datetime as dt

import time_machine
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.security import client_ip
from tests.factories import PASSWORD


def attempt(client, username, password, **headers):
    return client.post(reverse("login"), {"username": username, "password": password}, **headers)


def fail_five_times(client, username="officer_a", **headers):
    for _ in range(5):
        attempt(client, username, "wrong-password", **headers)


def test_five_failures_lock_the_account_even_against_the_right_password(client, officer_a):
    for _ in range(4):
        assert attempt(client, "officer_a", "wrong-password").status_code == 200
    response = attempt(client, "officer_a", "wrong-password")
    assert response.status_code == 429
    response = attempt(client, "officer_a", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "账户已锁定" in page
    assert "连续登录失败5次" in page
    assert "15分钟后重试" in page
    assert "_auth_user_id" not in client.session


def test_failed_logins_and_the_lockout_are_in_the_audit_trail(client, officer_a):
    fail_five_times(client)
    assert (
        LogEntry.objects.filter(additional_data__event="login_failed", additional_data__username="officer_a").count()
        == 5
    )
    lockout = LogEntry.objects.get(additional_data__event="lockout")
    assert lockout.additional_data["username"] == "officer_a"


def test_the_lock_lifts_after_15_minutes(client, officer_a):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail_five_times(client)
    with time_machine.travel(start + dt.timedelta(minutes=14), tick=False):
        assert attempt(client, "officer_a", PASSWORD).status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        assert attempt(client, "officer_a", PASSWORD).status_code == 302


def test_a_forged_x_forwarded_for_does_not_reset_the_count(client, officer_a):
    for i in range(5):
        attempt(client, "officer_a", "wrong-password", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}", REMOTE_ADDR=f"192.0.2.{i}")
    response = attempt(client, "officer_a", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9", REMOTE_ADDR="192.0.2.99")
    assert response.status_code == 429


def test_other_accounts_behind_the_same_address_are_not_locked(client, officer_a, officer_b):
    fail_five_times(client, REMOTE_ADDR="198.51.100.7")
    response = attempt(client, "officer_b", PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302


def test_a_success_before_the_fifth_failure_starts_the_count_again(client, officer_a):
    for _ in range(4):
        attempt(client, "officer_a", "wrong-password")
    assert attempt(client, "officer_a", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        attempt(client, "officer_a", "wrong-password")
    assert attempt(client, "officer_a", PASSWORD).status_code == 302


def test_the_admin_login_is_locked_too(client, officer_a):
    for _ in range(5):
        client.post(reverse("admin:login"), {"username": "officer_a", "password": "wrong-password"})
    response = client.post(reverse("admin:login"), {"username": "officer_a", "password": PASSWORD})
    assert response.status_code == 429


def test_the_recorded_address_ignores_x_forwarded_for_without_trusted_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="192.0.2.1")
    assert client_ip(request) == "192.0.2.1"


def test_behind_one_proxy_the_address_is_the_one_that_proxy_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "203.0.113.5"


def test_lockouts_count_per_account_not_per_address(client, officer_a):
    fail_five_times(client, REMOTE_ADDR="192.0.2.1")
    fail_five_times(client, username="someone_else", REMOTE_ADDR="192.0.2.2")
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"officer_a", "someone_else"}
