"""The report forms' unit field searches as the user types once the units are many (3,773 province-wide:
the report page took over a second to render them all), and the chosen unit is still checked on export."""

import pytest
from django.urls import reverse

from accounts import autocomplete
from tests.world import inspection_of

from .demo import export

pytestmark = pytest.mark.django_db


@pytest.fixture
def few(monkeypatch):
    monkeypatch.setattr(autocomplete, "LARGE", 1)


def test_the_bureau_searches_units_on_the_report_page(client_for, bureau, unit_a, unit_b, few):
    inspection_of(unit_a)
    inspection_of(unit_b)
    page = client_for(bureau).get(reverse("reports:index")).content.decode()
    assert 'class="admin-autocomplete"' in page and f'data-ajax--url="{reverse("admin:autocomplete")}"' in page
    assert page.count("admin/js/autocomplete.js") == 1  # the forms' scripts once, not once per form
    # No option per unit in the single-unit fields (the fee summary's budget units stay a short list).
    for key in ("adviser-performance", "work-report", "inspection-letter"):
        section = page.split(f'id="report-{key}"', 1)[1].split("</section>", 1)[0]
        assert 'class="admin-autocomplete"' in section and unit_b.name not in section


def test_an_officer_with_one_unit_keeps_the_plain_select(client_for, officer_a, unit_a):
    page = client_for(officer_a).get(reverse("reports:index")).content.decode()
    assert "admin-autocomplete" not in page and f'<option value="{unit_a.pk}"' in page


def test_a_unit_outside_the_officers_scope_is_still_refused(client_for, officer_a, unit_b, few):
    inspection_of(unit_b)
    response = export(client_for(officer_a), "inspection-letter", year=2025, unit=unit_b.pk)
    assert response.status_code in (400, 404)
    assert response.get("Content-Type", "").startswith("text/html")
