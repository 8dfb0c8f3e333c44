"""CSRF is enforced on every POST; a refused one from a signed-in user is audited."""

from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD


def test_a_login_post_without_the_csrf_token_is_refused(officer_a):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "officer_a", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_a_signed_in_post_without_the_csrf_token_is_refused_and_audited(officer_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer_a)
    new = "Forged-Change-2025"
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 403
    officer_a.refresh_from_db()
    assert officer_a.check_password(PASSWORD)
    row = LogEntry.objects.get(additional_data__event="access_refused")
    assert row.actor == officer_a and row.additional_data["status"] == 403
