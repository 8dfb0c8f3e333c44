"""The generated set has the staff of every jurisdiction, and the benchmark's identities are among them."""

import random
from dataclasses import replace

import pytest
from django.utils import timezone

from accounts.models import Jurisdiction, Unit, User
from accounts.roles import Role
from perf.bench.runner import IDENTITIES, bench_user, identity_user, who
from perf.generator import Context, run
from perf.scales import small_scale

pytestmark = pytest.mark.django_db
OFFICES = {Role.BUREAU: "司法局", Role.FINANCE: "财政局", Role.AUDITOR: "审计局"}


@pytest.fixture
def two_cities():
    """A small set with a second city: the accounts are numbered across cities and counties."""
    scale = replace(small_scale(3), cities=2, counties=3)
    run(Context(scale=scale, rng=random.Random(5), today=timezone.localdate(), log=lambda line: None))
    return scale


def _accounts(level: str, role: str) -> list[User]:
    users = User.objects.filter(username__startswith=f"bench_{role}_{level}_").select_related("unit__jurisdiction")
    return sorted(users, key=lambda user: int(user.username.rsplit("_", 1)[1]))


@pytest.mark.parametrize("level", [Jurisdiction.Level.CITY, Jurisdiction.Level.COUNTY])
def test_every_city_and_county_has_its_bureau_finance_and_auditor_accounts(two_cities, level):
    jurisdictions = list(Jurisdiction.objects.filter(level=level).order_by("path"))
    assert len(jurisdictions) == (two_cities.cities if level == Jurisdiction.Level.CITY else two_cities.counties)
    for role, office in OFFICES.items():
        accounts = _accounts(level, role)
        assert [user.jurisdiction for user in accounts] == jurisdictions
        for user in accounts:
            assert user.role == role and user.is_active and user.has_usable_password()
            assert user.unit.name == f"{user.jurisdiction.name}{office}"
            assert user.unit.parent_id == user.jurisdiction.government_id


def test_one_province_bureau_at_the_provincial_department(two_cities):
    (province,) = User.objects.filter(username__endswith="_province").select_related("unit__jurisdiction")
    assert province.username == "bench_bureau_province" and province.role == Role.BUREAU
    assert province.unit.name == "湖南省司法厅"
    assert province.jurisdiction.level == Jurisdiction.Level.PROVINCE and province.jurisdiction.parent is None


def test_the_role_accounts_stay_at_the_first_citys_offices(two_cities):
    first_city = Jurisdiction.objects.filter(level=Jurisdiction.Level.CITY).order_by("path").first()
    for role, office in OFFICES.items():
        assert bench_user(role).unit == Unit.objects.get(name=f"{first_city.name}{office}")


def test_every_county_has_its_three_offices_within_the_scales_unit_count(two_cities):
    for county in Unit.objects.filter(kind=Unit.Kind.COUNTY_GOV):
        names = set(county.subtree().exclude(pk=county.pk).values_list("name", flat=True))
        assert len(names) == two_cities.county_units
        assert {f"{county.jurisdiction.name}{office}" for office in OFFICES.values()} <= names


def test_the_benchs_identities_resolve_to_their_jurisdictions(two_cities):
    levels = {name: identity_user(name).jurisdiction.level for name in IDENTITIES}
    assert levels == {
        "city_bureau": Jurisdiction.Level.CITY,
        "county_bureau": Jurisdiction.Level.COUNTY,
        "province": Jurisdiction.Level.PROVINCE,
        "city_auditor": Jurisdiction.Level.CITY,
    }
    assert identity_user("city_auditor").role == Role.AUDITOR
    everyone = who()
    assert [name for name, _user in everyone] == list(Role.values) + list(IDENTITIES)
    assert all(user is not None for _name, user in everyone)
    assert [name for name, _user in who(identities=["province"])] == ["province"]
