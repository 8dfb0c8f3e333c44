"""The bureau reads the campaign's averages and sends feedback letters; the unit answers its items."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Notice, Unit
from reviews.models import RectificationItem, UnitInspection
from tests.world import unit_records


@pytest.fixture
def records(engagement_a, officer_a):
    return unit_records(engagement_a, officer_a)


def test_the_bureau_sees_averages_per_dimension_and_unit_kind(client_for, bureau, records):
    page = client_for(bureau).get(reverse("reviews:inspections")).content.decode()
    for label in ["合同文本质量", "程序合规性", "风险预警", "履约跟踪", "档案管理", "市直部门", "全部单位"]:
        assert label in page
    assert "75.0" in page  # (62 + 80 + 75 + 70 + 88) / 5


def test_the_bureau_sends_the_feedback_letter_after_confirming(client_for, bureau, officer_a, records):
    client = client_for(bureau)
    url = reverse("reviews:inspection_letter", args=[records["inspection"].pk])
    page = client.get(url).content.decode()
    assert "部分合同缺少保密条款。" in page and "补充保密条款（整改期限：2026年3月31日）" in page
    response = client.post(url, {"feedback_letter": "市住房和城乡建设局：……"})
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    client.post(url, {"feedback_letter": "市住房和城乡建设局：……", "confirm": "on"})
    assert UnitInspection.objects.get().letter_sent_on is not None
    assert Notice.objects.filter(recipient=officer_a, kind="inspection_feedback").exists()


def test_the_unit_answers_and_the_bureau_closes(client_for, officer_a, bureau, records):
    item = records["item"]
    response = client_for(officer_a).post(reverse("reviews:rectification_answer", args=[item.pk]), {"response": ""})
    assert response.status_code == 400 and "这个字段是必填项" in response.content.decode()
    client_for(officer_a).post(reverse("reviews:rectification_answer", args=[item.pk]), {"response": "已补充保密条款"})
    client_for(bureau).post(reverse("reviews:rectification_close", args=[item.pk]))
    item.refresh_from_db()
    assert (item.status, item.response) == ("closed", "已补充保密条款")


def test_officers_see_only_their_units_results(client_for, officer_b, records):
    page = client_for(officer_b).get(reverse("reviews:inspections")).content.decode()
    assert "市住房和城乡建设局" not in page
    assert "补充保密条款" not in client_for(officer_b).get(reverse("reviews:rectifications")).content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_the_lists_take_the_same_number_of_queries_for_3_and_30_rows(
    client_for, bureau, city, records, rows, django_assert_num_queries
):
    campaign = records["inspection"].campaign
    for n in range(rows - 1):
        unit = Unit.objects.create(name=f"受检单位{n}", parent=city, kind=Unit.Kind.SCHOOL)
        inspection = UnitInspection.objects.create(
            campaign=campaign,
            unit=unit,
            inspected_on=datetime.date(2025, 9, 1),
            text_quality=70,
            procedure=70,
            risk_warning=70,
            performance=70,
            archives=70,
        )
        RectificationItem.objects.create(
            inspection=inspection, dimension="archives", description="整改", due_date=datetime.date(2026, 3, 31)
        )
    client = client_for(bureau)
    # session, user (with unit and jurisdiction), the bureau account's TOTP device, savepoint,
    # campaigns, page count, rows, averages, averages per kind, release
    with django_assert_num_queries(10):
        response = client.get(reverse("reviews:inspections"))
    assert len(response.context["page"].object_list) == rows
    # session, user (with unit and jurisdiction), the bureau account's TOTP device, savepoint, page count, rows,
    # overdue count, release
    with django_assert_num_queries(8):
        response = client.get(reverse("reviews:rectifications"))
    assert len(response.context["page"].object_list) == rows
