"""Security headers on every page, the admin included, and nothing in the pages the CSP would block."""

import importlib
import re
import subprocess
import sys

import pytest
from django.urls import reverse

from tests.conftest import ROOT


@pytest.mark.django_db
def test_every_response_carries_the_security_headers(client):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    for directive in [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
    ]:
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_hsts_is_sent_over_https_in_production(client, settings, db):
    settings.SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_error_pages_and_redirects_carry_the_headers_too(client_for, officer_a, unit_b):
    response = client_for(officer_a).get(reverse("admin:accounts_unit_change", args=[unit_b.pk]))
    assert response.status_code == 404
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=", re.I)


def test_admin_and_portal_pages_have_no_inline_script_or_style_the_policy_would_block(client_for, bureau, unit_a):
    client = client_for(bureau)
    for url in [
        reverse("portal:home"),
        reverse("portal:notices"),
        reverse("password_change"),
        reverse("admin:index"),
        reverse("admin:accounts_unit_changelist"),
        reverse("admin:accounts_unit_change", args=[unit_a.pk]),
        reverse("admin:accounts_unit_add"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:auditlog_logentry_changelist"),
    ]:
        page = client.get(url).content.decode()
        assert not INLINE_SCRIPT.search(page), url
        assert not INLINE_STYLE.search(page), url


def test_the_two_factor_setup_page_fits_the_policy(client, bureau):
    from tests.factories import PASSWORD

    client.post(reverse("login"), {"username": "bureau", "password": PASSWORD})
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "<svg" in page
    assert not INLINE_SCRIPT.search(page) and not INLINE_STYLE.search(page)


def test_check_deploy_passes_on_the_production_settings():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "zhuzhou_legal.settings.production",
        "DJANGO_SECRET_KEY": "check-deploy-" + "k7Qz9xW2mP4vR8tY1uI5oL3aS6dF0gH" * 2,
        "DJANGO_ALLOWED_HOSTS": "legal.zhuzhou.gov.cn",
        "DATABASE_URL": "sqlite:///" + str(ROOT / ".test-media" / "check-deploy.sqlite3"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "legal.zhuzhou.gov.cn")
    sys.modules.pop("zhuzhou_legal.settings.production", None)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        importlib.import_module("zhuzhou_legal.settings.production")
