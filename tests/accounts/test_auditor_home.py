"""The auditor's home lists the latest changes and exports in the portal's language and date style."""

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.apps import apps as django_apps
from django.urls import reverse

from audit.trail import EVENT_LABELS, record_event

pytestmark = pytest.mark.django_db
BEIJING = dt.timezone(dt.timedelta(hours=8))


def test_events_are_named_in_chinese_and_dated_in_the_one_date_style(client_for, auditor, officer_a):
    with time_machine.travel(dt.datetime(2025, 12, 15, 14, 30, tzinfo=BEIJING), tick=False):
        record_event(actor=officer_a, event="export_pdf", report="work-report")
    page = client_for(auditor).get(reverse("portal:home")).content.decode()
    assert "<td>2025年12月15日 14:30</td>" in page
    assert "导出PDF" in page and "export_pdf" not in page


def test_every_event_the_code_records_has_a_name():
    root = Path(__file__).resolve().parent.parent.parent
    ours = [Path(config.path) for config in django_apps.get_app_configs() if Path(config.path).is_relative_to(root)]
    recorded = {
        event
        for folder in ours
        for path in folder.rglob("*.py")
        for event in re.findall(r'event="([a-z_]+)"', path.read_text(encoding="utf-8"))
    }
    assert "login" in recorded and recorded <= set(EVENT_LABELS), recorded - set(EVENT_LABELS)
