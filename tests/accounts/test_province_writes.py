"""The province reads every city's records but records nothing under a city's units (admin choices)."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from accounts.models import Unit
from accounts.policy import CHANGE, policy_for, visible
from accounts.roles import Role
from advisers.models import LegalOpinion
from tests.factories import AdviserFactory, OpinionFactory, make_user


@pytest.fixture
def province_world(db):
    province = Unit.objects.create(name="湖南省人民政府", kind=Unit.Kind.PROVINCE_GOV, level=Unit.Level.PROVINCE)
    department = Unit.objects.create(name="湖南省司法厅", parent=province, level=Unit.Level.PROVINCE)
    city = Unit.objects.create(name="株洲市人民政府", parent=province, kind=Unit.Kind.CITY_GOV)
    city_unit = Unit.objects.create(name="市住房和城乡建设局", parent=city)
    staff = make_user("province", Role.BUREAU, department)
    return province, department, city_unit, staff


def _form_for(user, instance=None):
    request = RequestFactory().get("/")
    request.user = user
    return admin.site._registry[LegalOpinion].get_form(request, instance, change=instance is not None)


def test_the_province_reads_a_city_opinion_but_may_not_change_it(province_world):
    _province, department, city_unit, staff = province_world
    opinion = OpinionFactory(adviser=AdviserFactory(), unit=city_unit)
    assert opinion in visible(staff, LegalOpinion)
    assert not policy_for(LegalOpinion).can(staff, CHANGE, opinion)
    own = OpinionFactory(adviser=AdviserFactory(), unit=department)
    assert policy_for(LegalOpinion).can(staff, CHANGE, own)


def test_the_admin_offers_the_province_only_its_own_units_to_record_under(province_world):
    _province, department, city_unit, staff = province_world
    choices = _form_for(staff).base_fields["unit"].queryset
    assert department in choices
    assert city_unit not in choices


def test_a_city_bureau_records_under_its_county_units(city, bureau):
    county = Unit.objects.create(name="醴陵市人民政府", parent=city, kind=Unit.Kind.COUNTY_GOV, level=Unit.Level.COUNTY)
    county_unit = Unit.objects.create(name="醴陵市住房和城乡建设局", parent=county, level=Unit.Level.COUNTY)
    assert county_unit in _form_for(bureau).base_fields["unit"].queryset
