import pytest

from accounts.models import Unit
from accounts.roles import Role
from tests.conftest import make_user

from .factories import EngagementFactory


@pytest.fixture
def engagement_a(unit_a):
    return EngagementFactory(unit=unit_a, adviser__name="唐立新")


@pytest.fixture
def engagement_b(unit_b):
    return EngagementFactory(unit=unit_b, adviser__name="贺振华")


@pytest.fixture
def county(city):
    return Unit.objects.create(name="醴陵市人民政府", parent=city, kind=Unit.Kind.COUNTY_GOV, level=Unit.Level.COUNTY)


@pytest.fixture
def county_unit(county):
    return Unit.objects.create(name="醴陵市司法局", parent=county, level=Unit.Level.COUNTY)


@pytest.fixture
def county_officer(county):
    return make_user("county_officer", Role.OFFICER, county)


@pytest.fixture
def county_unit_officer(county_unit):
    return make_user("county_unit_officer", Role.OFFICER, county_unit)


@pytest.fixture
def veto_items(db):
    """The default veto items (a data migration creates them, but transactional tests elsewhere flush the tables)."""
    from reviews.models import VetoItem
    from reviews.models.assessments import DEFAULT_VETO_ITEMS

    return [VetoItem.objects.get_or_create(code=code, defaults={"name": name})[0] for code, name in DEFAULT_VETO_ITEMS]
