"""An end date before the start date is refused by the form and by a database constraint."""

import datetime as dt

import pytest
from django import forms
from django.db import IntegrityError, transaction

from advisers.models import Adviser, Engagement


class EngagementForm(forms.ModelForm):
    class Meta:
        model = Engagement
        fields = ["adviser", "unit", "role", "kind", "start_date", "end_date", "selection_method", "status"]


@pytest.fixture
def adviser(db):
    return Adviser.objects.create(name="张律师", category=Adviser.Category.LAWYER)


def test_form_puts_the_message_next_to_the_end_date(adviser, unit_a):
    form = EngagementForm(
        data={
            "adviser": adviser.pk,
            "unit": unit_a.pk,
            "role": "unit_adviser",
            "kind": "standing",
            "start_date": "2025-01-01",
            "end_date": "2024-12-31",
            "selection_method": "public_selection",
            "status": "active",
        }
    )
    assert not form.is_valid()
    assert form.errors["end_date"] == ["结束日期必须晚于开始日期。"]


def test_database_refuses_an_end_date_before_the_start_date(adviser, unit_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Engagement.objects.create(
            adviser=adviser, unit=unit_a, start_date=dt.date(2025, 1, 1), end_date=dt.date(2024, 1, 1)
        )
    assert not Engagement.objects.exists()
