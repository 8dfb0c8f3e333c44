"""An area that holds every unit is read without a filter (accounts.policy): only when nothing lies outside it.

The shortcut must see exactly what the path prefix saw: a second root beside the province, or a row that
names no owner, is still outside the province's area.
"""

import pytest

from accounts.backends import ScopedModelBackend
from accounts.models import Jurisdiction, Unit
from accounts.policy import visible
from accounts.roles import Role
from advisers.models import Adviser, LegalOpinion
from tests.factories import AdviserFactory, OpinionFactory, make_user


@pytest.fixture
def province(db):
    root = Unit.objects.create(name="湖南省人民政府", kind=Unit.Kind.PROVINCE_GOV, level=Unit.Level.PROVINCE)
    department = Unit.objects.create(name="湖南省司法厅", parent=root, level=Unit.Level.PROVINCE)
    city = Unit.objects.create(name="株洲市人民政府", parent=root, kind=Unit.Kind.CITY_GOV)
    city_unit = Unit.objects.create(name="株洲市住房和城乡建设局", parent=city)
    return department, city, city_unit


def test_the_only_top_level_jurisdiction_holds_every_unit(province):
    department, city, _city_unit = province
    assert Jurisdiction.objects.get(government__parent__isnull=True).holds_every_unit
    assert not Jurisdiction.objects.get(government=city).holds_every_unit


def test_a_second_root_means_no_jurisdiction_holds_every_unit(province):
    Unit.objects.create(name="江西省人民政府", kind=Unit.Kind.PROVINCE_GOV, level=Unit.Level.PROVINCE)
    assert not any(j.holds_every_unit for j in Jurisdiction.objects.all())


@pytest.mark.parametrize("second_root", [False, True])
def test_the_signed_in_user_brings_the_same_answer_without_asking_again(province, second_root):
    department, _city, _city_unit = province
    if second_root:
        Unit.objects.create(name="江西省人民政府", kind=Unit.Kind.PROVINCE_GOV, level=Unit.Level.PROVINCE)
    staff = make_user("province", Role.BUREAU, department)
    loaded = ScopedModelBackend().get_user(staff.pk)
    assert "holds_every_unit" in loaded.jurisdiction.__dict__  # answered by the user's own query
    assert loaded.jurisdiction.holds_every_unit == Jurisdiction.objects.get(pk=staff.jurisdiction.pk).holds_every_unit
    assert loaded.jurisdiction.holds_every_unit is not second_root


def test_the_province_reads_every_city_without_a_filter(province):
    department, _city, city_unit = province
    staff = make_user("province", Role.BUREAU, department)
    opinion = OpinionFactory(adviser=AdviserFactory(), unit=city_unit)
    assert staff.jurisdiction.holds_every_unit
    queryset = visible(staff, LegalOpinion)
    assert "WHERE" not in str(queryset.query)
    assert list(queryset) == [opinion]


def test_the_province_does_not_read_a_second_roots_records(province):
    department, _city, city_unit = province
    other_root = Unit.objects.create(name="江西省人民政府", kind=Unit.Kind.PROVINCE_GOV, level=Unit.Level.PROVINCE)
    other_unit = Unit.objects.create(name="江西省住房和城乡建设厅", parent=other_root, level=Unit.Level.PROVINCE)
    staff = make_user("province", Role.BUREAU, department)
    own = OpinionFactory(adviser=AdviserFactory(), unit=city_unit)
    OpinionFactory(adviser=AdviserFactory(), unit=other_unit)
    assert list(visible(staff, LegalOpinion)) == [own]


def test_the_province_does_not_read_an_adviser_nobody_registered_or_engaged(province):
    department, _city, _city_unit = province
    staff = make_user("province", Role.BUREAU, department)
    registered = AdviserFactory(jurisdiction=staff.jurisdiction)
    AdviserFactory(jurisdiction=None)
    assert list(visible(staff, Adviser)) == [registered]


def test_a_city_bureau_is_still_filtered_to_its_area(province):
    _department, city, city_unit = province
    staff = make_user("city_bureau", Role.BUREAU, city)
    province_unit = Unit.objects.get(name="湖南省司法厅")
    own = OpinionFactory(adviser=AdviserFactory(), unit=city_unit)
    OpinionFactory(adviser=AdviserFactory(), unit=province_unit)
    assert list(visible(staff, LegalOpinion)) == [own]


def test_scoping_a_signed_in_province_account_asks_the_database_nothing(province, django_assert_num_queries):
    department, _city, _city_unit = province
    staff = make_user("province", Role.BUREAU, department)
    loaded = ScopedModelBackend().get_user(staff.pk)
    with django_assert_num_queries(0):
        visible(loaded, LegalOpinion)
