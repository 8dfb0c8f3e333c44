"""seed_demo creates accounts with a known password and TOTP secret: production settings refuse it."""

import importlib
import io
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User
from operations.management.commands import seed_demo


def test_seed_demo_refuses_to_run_where_demo_data_is_not_allowed(db, settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()


def test_seed_demo_runs_there_when_forced(db, settings, monkeypatch):
    settings.DEMO_DATA_ALLOWED = False
    monkeypatch.setattr(seed_demo, "DEMO_APPS", ["accounts"])  # the accounts are enough to show it ran
    call_command("seed_demo", "--force", stdout=io.StringIO())
    assert User.objects.filter(username="bureau").exists()


def test_production_settings_do_not_allow_demo_data(monkeypatch):
    # Production settings have no default secrets: give them some to read the module.
    monkeypatch.setenv("DJANGO_SECRET_KEY", "test-only")
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "example.org")
    monkeypatch.delitem(sys.modules, "zhuzhou_legal.settings.production", raising=False)
    production = importlib.import_module("zhuzhou_legal.settings.production")
    assert production.DEMO_DATA_ALLOWED is False
