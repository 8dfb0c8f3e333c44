"""The budget form opens on next year when it has fee standards, says plainly when it has none, adds lines
without saving (a static script over the formset's empty form) and names engagements in Chinese."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from budgets.models import BudgetRequest
from tests import factories
from tests.budgets.test_request_pages import _post_data
from tests.conftest import once
from tests.factories import EngagementFactory

BEIJING = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def december_2025():
    with time_machine.travel(dt.datetime(2025, 12, 2, 12, tzinfo=BEIJING), tick=False):
        yield


def test_the_form_opens_on_next_year_when_it_has_standards(client_for, officer_a, december_2025):
    factories.fee_standards(2025, 2026)
    page = client_for(officer_a).get(reverse("budgets:request_create")).content.decode()
    assert '<option value="2026" selected>' in page and "2026年度收费标准" in page
    assert 'id="standards-missing"' not in page


def test_without_standards_the_form_says_so_and_where_they_are_set(client_for, officer_a, december_2025):
    factories.fee_standards(2025)
    page = client_for(officer_a).get(reverse("budgets:request_create")).content.decode()
    assert 'id="standards-missing"' in page
    assert "司法局尚未设定2026年度的收费标准" in page and "管理后台“收费标准”中设定" in page


def test_lines_are_added_by_a_static_script_from_the_empty_form(client_for, officer_a, standards):
    page = client_for(officer_a).get(reverse("budgets:request_create")).content.decode()
    assert 'data-formset-add="form"' in page and 'id="form-rows"' in page
    assert "<template id=" in page and "__prefix__" in page and "/static/js/formset.js" in page
    assert "<script>" not in page  # the CSP allows no inline script


def test_as_many_lines_as_sent_are_saved_at_once(client_for, officer_a, standards):
    data = _post_data()
    prefix = next(key for key in data if key.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")
    first = {key.split("-", 2)[2]: value for key, value in data.items() if key.startswith(f"{prefix}-0-")}
    for n in range(2, 6):
        data.update({f"{prefix}-{n}-{field}": value for field, value in first.items()})
    data[f"{prefix}-TOTAL_FORMS"] = "6"
    client_for(officer_a).post(reverse("budgets:request_create"), once(data))
    assert BudgetRequest.objects.get().lines.count() == 6


def test_engagements_are_labelled_with_unit_and_title(client_for, officer_a, standards, unit_a):
    EngagementFactory(unit=unit_a, adviser__name="唐立新")
    page = client_for(officer_a).get(reverse("budgets:request_create")).content.decode()
    assert "唐立新（市住房和城乡建设局 · 常年法律顾问）" in page
