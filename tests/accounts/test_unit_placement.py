"""A unit stays inside the jurisdiction that keeps it: found by the form fuzzer, where a bureau's admin
edit that dropped the parent turned a department into a root unit, a jurisdiction outside its own area."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Unit


def test_the_admin_refuses_a_unit_without_a_parent_to_bureau_staff(client_for, bureau, city, unit_a):
    response = client_for(bureau).post(
        reverse("admin:accounts_unit_change", args=[unit_a.pk]),
        {"name": unit_a.name, "kind": "department", "level": "city"},
    )
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()
    unit_a.refresh_from_db()
    assert unit_a.parent_id == city.pk


def test_the_root_unit_stays_editable_without_a_parent(client_for, bureau, city):
    response = client_for(bureau).post(
        reverse("admin:accounts_unit_change", args=[city.pk]),
        {"name": "株洲市人民政府（改）", "kind": city.kind, "level": city.level},
    )
    assert response.status_code == 302
    city.refresh_from_db()
    assert (city.name, city.parent_id) == ("株洲市人民政府（改）", None)


@pytest.mark.parametrize(
    ("kind", "level", "field"),
    [
        (Unit.Kind.CITY_GOV, Unit.Level.CITY, "kind"),  # a city inside a city
        (Unit.Kind.COUNTY_GOV, Unit.Level.CITY, "level"),  # a county government at city level
        (Unit.Kind.DEPARTMENT, Unit.Level.PROVINCE, "level"),  # above the unit it reports to
    ],
)
def test_a_unit_fits_the_level_of_the_unit_it_reports_to(city, kind, level, field):
    unit = Unit(name="某单位", kind=kind, level=level, parent=city)
    with pytest.raises(ValidationError) as refused:
        unit.full_clean()
    assert field in refused.value.message_dict


def test_a_county_government_under_its_city_is_accepted(city):
    Unit(name="醴陵市人民政府", kind=Unit.Kind.COUNTY_GOV, level=Unit.Level.COUNTY, parent=city).full_clean()
