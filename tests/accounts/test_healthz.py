"""/healthz answers 503 JSON when the database or the broker is down, and names the failing part only to
those allowed to read the system's health; any other page with the database gone is a Chinese 503 page."""

import pytest
from django.db import InterfaceError, OperationalError, connections
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from tests.factories import make_user

NOTHING_LISTENS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def sysadmin(city):
    return make_user("sysadmin", Role.SYSTEM_ADMIN)


@pytest.fixture
def database_down(monkeypatch):
    """Every new cursor fails as one on a lost connection does (the server went away)."""

    def lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(connections["default"], "cursor", lost)


@pytest.mark.django_db
def test_an_anonymous_caller_learns_only_the_overall_status(client, settings):
    settings.REDIS_URL = ""
    response = client.get(reverse("healthz"))
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


@pytest.mark.django_db
def test_it_answers_503_without_details_when_the_broker_is_down(client, settings):
    settings.REDIS_URL = NOTHING_LISTENS
    response = client.get(reverse("healthz"))
    assert (response.status_code, response.json()) == (503, {"status": "error"})


def test_the_system_administrator_is_told_which_part_is_down(client_for, sysadmin, settings):
    settings.REDIS_URL = NOTHING_LISTENS
    response = client_for(sysadmin).get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "broker": "error: ConnectionError"}


def test_other_signed_in_users_get_no_details(client_for, officer_a, bureau, settings):
    settings.REDIS_URL = NOTHING_LISTENS
    for user in (officer_a, bureau):
        assert client_for(user).get(reverse("healthz")).json() == {"status": "error"}


@pytest.mark.django_db
def test_it_answers_503_json_when_the_database_is_down(database_down, settings):
    # ATOMIC_REQUESTS would open its savepoint (a cursor) before the view and fail as a 500 HTML page.
    settings.REDIS_URL = ""
    response = Client(raise_request_exception=False).get(reverse("healthz"))
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "error"}


def test_a_page_whose_session_cannot_be_loaded_is_the_chinese_unavailable_page(client_for, officer_a, monkeypatch):
    client = client_for(officer_a)
    client.raise_request_exception = False

    def lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as patch:
        patch.setattr(connections["default"], "cursor", lost)
        response = client.get(reverse("portal:home"))
    assert response.status_code == 503
    assert "系统暂时不可用" in response.content.decode()
    assert response["Retry-After"] == "30"


def test_a_view_that_loses_its_connection_is_the_chinese_unavailable_page(client_for, officer_a, monkeypatch):
    client = client_for(officer_a)
    client.raise_request_exception = False

    def closed(*args, **kwargs):
        raise InterfaceError("the connection is closed")

    monkeypatch.setattr("accounts.views.visible", closed)
    response = client.get(reverse("portal:notices"))
    assert response.status_code == 503
    assert "系统暂时不可用" in response.content.decode()


def test_any_other_error_is_still_a_500(client_for, officer_a, monkeypatch):
    client = client_for(officer_a)
    client.raise_request_exception = False

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("accounts.views.visible", broken)
    response = client.get(reverse("portal:notices"))
    assert response.status_code == 500
    assert "系统错误" in response.content.decode()
