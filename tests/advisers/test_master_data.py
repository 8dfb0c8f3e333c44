"""An adviser's licence number, phone and email are checked by the form and, where the format is fixed, by
the database, with a clear Chinese message."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from advisers.contact_formats import validate_phone
from advisers.models import Adviser

LICENCE = "律师执业证号应为17位数字（如14302201910123456）。"
PHONE = "请填写手机号码（以13—19开头的11位数字，如13812345678）或带区号的固定电话（如0731-22881234）。"


@pytest.mark.parametrize("phone", ["13812345678", "19912345678", "0731-22881234", "010-12345678", "0731-2288123-802"])
def test_mobile_numbers_and_landlines_with_area_code_are_accepted(phone):
    validate_phone(phone)


@pytest.mark.parametrize("phone", ["12345", "12812345678", "138123456789", "22881234", "0731 22881234", "电话"])
def test_other_phone_numbers_are_refused_in_chinese(phone):
    with pytest.raises(ValidationError) as caught:
        validate_phone(phone)
    assert caught.value.messages == [PHONE]


def _adviser(**fields):
    return Adviser(**{"name": "张律师", "category": Adviser.Category.LAWYER, **fields})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"licence_no": "123"}, {"licence_no": [LICENCE]}),
        ({"licence_no": "1430220191012345X"}, {"licence_no": [LICENCE]}),
        ({"phone": "12345"}, {"phone": [PHONE]}),
        ({"email": "zhang@"}, {"email": ["请填写有效的电子邮箱地址，如 name@example.cn。"]}),
    ],
)
def test_the_model_names_the_field_and_the_format(fields, errors):
    with pytest.raises(ValidationError) as caught:
        _adviser(**fields).full_clean()
    assert caught.value.message_dict == errors


@pytest.mark.django_db
def test_a_scholar_needs_no_lawyers_licence_and_valid_data_passes():
    _adviser(category=Adviser.Category.SCHOLAR, licence_no="").full_clean()
    _adviser(licence_no="14302201910123456", phone="0731-22881234", email="zhang@example.cn").full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("fields", [{"licence_no": "123"}, {"phone": "12345"}])
def test_the_database_refuses_what_the_form_refuses(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        _adviser(**fields).save()


def test_the_admin_form_shows_the_message_next_to_the_field(client_for, bureau):
    data = {"name": "张律师", "category": "lawyer", "licence_no": "123", "phone": "12345", "email": "x@"}
    data.update({f"engagements-{k}": v for k, v in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()})
    response = client_for(bureau).post(reverse("admin:advisers_adviser_add"), data)
    page = response.content.decode()
    assert response.status_code == 200 and LICENCE in page and PHONE in page
    assert not Adviser.objects.exists()
