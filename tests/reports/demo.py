"""The demo data set, seeded once per test module (seeding takes ~15 s) and rolled back afterwards."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from pypdf import PdfReader


def seeded_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


demo_data = pytest.fixture(scope="module")(seeded_demo)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def export(client, key: str, **params):
    from django.urls import reverse

    return client.get(reverse("reports:export", args=[key]), params)
