import pytest

from tests.advisers.factories import AdviserFactory, EngagementFactory


@pytest.fixture
def adviser_a(unit_a):
    """An adviser engaged (in force) by unit A."""
    adviser = AdviserFactory(name="张律师", phone="13812345678", licence_no="14302201910123456")
    EngagementFactory(adviser=adviser, unit=unit_a, start_date="2024-01-01", end_date="2030-12-31")
    return adviser


@pytest.fixture
def adviser_b(unit_b):
    adviser = AdviserFactory(name="李律师")
    EngagementFactory(adviser=adviser, unit=unit_b, start_date="2024-01-01", end_date="2030-12-31")
    return adviser
