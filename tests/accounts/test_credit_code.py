import pytest
from django.db import IntegrityError, transaction

from accounts.credit_code import check_character, is_valid
from accounts.demo import demo_credit_code
from accounts.forms import UnitForm
from accounts.models import Unit

# A real, published code (Zhuzhou Municipal People's Government is not used; any valid example will do).
VALID = demo_credit_code(12345)


def test_check_character_matches_the_published_example():
    # GB 32100-2015's worked example: 91350100M000100Y4 + check character 3.
    assert check_character("91350100M000100Y4") == "3"


def test_demo_codes_are_valid():
    assert is_valid(VALID)
    assert not is_valid(VALID[:17] + ("0" if VALID[17] != "0" else "1"))


@pytest.mark.django_db
def test_form_refuses_a_wrong_check_character_with_a_clear_message():
    wrong = VALID[:17] + ("0" if VALID[17] != "0" else "1")
    form = UnitForm(data={"name": "测试单位", "kind": "department", "level": "city", "credit_code": wrong})
    assert not form.is_valid()
    assert "校验码错误" in form.errors["credit_code"][0]
    assert f"应为 {VALID[17]}" in form.errors["credit_code"][0]


@pytest.mark.django_db
def test_form_refuses_letters_that_are_never_used():
    form = UnitForm(
        data={"name": "测试单位", "kind": "department", "level": "city", "credit_code": "91350100M00010OY43"}
    )
    assert not form.is_valid()
    assert "O" in form.errors["credit_code"][0]


@pytest.mark.django_db
def test_form_accepts_a_valid_code_in_lower_case():
    form = UnitForm(data={"name": "测试单位", "kind": "department", "level": "city", "credit_code": VALID.lower()})
    assert form.is_valid(), form.errors
    assert form.save().credit_code == VALID


@pytest.mark.django_db
def test_database_refuses_a_wrong_check_character_when_the_form_is_bypassed():
    wrong = VALID[:17] + ("0" if VALID[17] != "0" else "1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(name="绕过表单", credit_code=wrong)
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(name="长度不对", credit_code=VALID[:17])
    Unit.objects.create(name="正确", credit_code=VALID)
    Unit.objects.create(name="无代码", credit_code=None)
    assert Unit.objects.count() == 2
