"""Personal data is masked for roles whose work does not need it."""

import pytest

from accounts.masking import mask_id, mask_phone
from accounts.policy import may_see_personal_data
from accounts.roles import Role
from tests.conftest import make_user


@pytest.mark.parametrize(
    ("value", "masked"),
    [("13812345678", "138****5678"), ("0731-22881234", "073******1234"), ("12345", "***45"), ("", ""), (None, "")],
)
def test_phone_numbers_keep_only_their_ends(value, masked):
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [("14302202011012345", "1430*********2345"), ("12345678", "******78"), ("7", "*"), (None, "")],
)
def test_licence_and_id_numbers_keep_only_their_ends(value, masked):
    assert mask_id(value) == masked


def test_bureau_staff_and_the_units_own_officers_see_personal_data(bureau, officer_a, unit_a, unit_a_child, unit_b):
    assert may_see_personal_data(bureau, unit_b)
    assert may_see_personal_data(bureau, None)
    assert may_see_personal_data(officer_a, unit_a)
    assert may_see_personal_data(officer_a, unit_a_child)


def test_other_units_officers_auditors_finance_and_administrators_see_it_masked(officer_a, auditor, finance, unit_a, unit_b, city):
    assert not may_see_personal_data(officer_a, unit_b)
    assert not may_see_personal_data(officer_a, None)
    assert not may_see_personal_data(auditor, unit_a)
    assert not may_see_personal_data(finance, unit_a)
    for role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN):
        assert not may_see_personal_data(make_user(f"u_{role}", role, city), unit_a)


def test_inactive_accounts_see_nothing(bureau, unit_a):
    bureau.is_active = False
    assert not may_see_personal_data(bureau, unit_a)
