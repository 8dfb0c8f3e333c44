import pytest

from tests.budgets import factories


@pytest.fixture
def standards(city):
    factories.fee_standards(2024, 2025, 2026)
