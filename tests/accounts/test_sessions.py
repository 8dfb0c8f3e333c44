"""Sessions: a new key at sign-in, 30 minutes idle timeout, hardened cookies in production."""

import datetime as dt
import importlib

import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD


def test_signing_in_gives_the_session_a_new_key(client, officer_a):
    session = client.session
    session["before_login"] = "planted"
    session.save()
    planted = session.session_key
    client.post(reverse("login"), {"username": "officer_a", "password": PASSWORD})
    assert client.session.session_key != planted
    assert not Session.objects.filter(session_key=planted).exists()


def test_thirty_idle_minutes_end_the_session_but_activity_keeps_it(client, officer_a):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post(reverse("login"), {"username": "officer_a", "password": PASSWORD})
    # Each request pushes the idle deadline back: 29 + 29 minutes of activity keep the session alive.
    with time_machine.travel(start + dt.timedelta(minutes=29), tick=False):
        assert client.get(reverse("portal:home")).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=58), tick=False):
        assert client.get(reverse("portal:home")).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=89), tick=False):
        response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_production_cookies_are_secure_httponly_samesite_and_host_only(monkeypatch, settings, client, officer_a):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "legal.zhuzhou.gov.cn")
    production = importlib.import_module("zhuzhou_legal.settings.production")
    for name in [
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_NAME",
        "CSRF_COOKIE_NAME",
        "SESSION_COOKIE_SAMESITE",
        "SESSION_COOKIE_AGE",
        "SESSION_SAVE_EVERY_REQUEST",
    ]:
        setattr(settings, name, getattr(production, name))
    assert production.SESSION_IDLE_SECONDS == 30 * 60
    response = client.post(reverse("login"), {"username": "officer_a", "password": PASSWORD}, secure=True)
    cookie = response.cookies["__Host-sessionid"]
    assert cookie["secure"] and cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/" and not cookie["domain"]


def test_a_request_carries_the_signed_in_user_itself_with_its_second_factor_state(client_for, officer_a, client):
    """accounts.middleware.ResolvedUserMiddleware: no lazy wrapper left between the views and the user."""
    from accounts.models import User

    response = client_for(officer_a).get(reverse("portal:home"))
    user = response.wsgi_request.user
    assert type(user) is User and user.pk == officer_a.pk
    assert user.is_verified() is False  # django_otp's answer survives the unwrapping
    anonymous = client.get(reverse("login")).wsgi_request.user
    assert not anonymous.is_authenticated
