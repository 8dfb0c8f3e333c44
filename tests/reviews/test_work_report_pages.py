"""A county unit's officer submits the report in the portal; the county's officer returns it, then accepts it."""

import pytest
from django.urls import reverse

from accounts.models import Unit
from reviews.models import UnitWorkReport
from reviews.services import work_report_save, work_report_submit
from tests.conftest import once


def test_report_up_returned_with_reason_then_accepted(client_for, county_unit_officer, county_officer, county):
    unit_client, county_client = client_for(county_unit_officer), client_for(county_officer)
    unit_client.post(reverse("reviews:work_report_edit", args=[2025]), once({"summary": "全年聘请法律顾问2名。"}))
    report = UnitWorkReport.objects.get()
    response = unit_client.post(reverse("reviews:work_report_submit", args=[report.pk]), {"confirm": "on"}, follow=True)
    assert "报告已报送醴陵市人民政府。" in response.content.decode()
    # The county sees it among the reports sent to it, and returns it without a reason: refused next to the field.
    assert "醴陵市司法局" in county_client.get(reverse("reviews:work_reports") + "?year=2025").content.decode()
    review = reverse("reviews:work_report_review", args=[report.pk])
    response = county_client.post(review, {"action": "return", "return_reason": ""})
    assert response.status_code == 400 and "请填写退回理由。" in response.content.decode()
    county_client.post(review, {"action": "return", "return_reason": "缺少履职统计表"})
    report.refresh_from_db()
    assert (report.status, report.return_reason) == ("returned", "缺少履职统计表")
    page = unit_client.get(reverse("reviews:work_report_detail", args=[report.pk])).content.decode()
    assert "缺少履职统计表" in page
    unit_client.post(reverse("reviews:work_report_edit", args=[2025]), once({"summary": "已补充统计表。"}))
    unit_client.post(reverse("reviews:work_report_submit", args=[report.pk]), {"confirm": "on"})
    county_client.post(review, {"action": "accept"})
    report.refresh_from_db()
    assert report.status == "accepted"


def test_another_officer_of_the_same_subtree_cannot_review_a_report_not_sent_to_them(
    client_for, county_unit, county_unit_officer, officer_a
):
    report = work_report_submit(
        report=work_report_save(unit=county_unit, year=2025, summary="x", actor=None), actor=None
    )
    assert (
        client_for(officer_a)
        .post(reverse("reviews:work_report_review", args=[report.pk]), {"action": "accept"})
        .status_code
        == 404
    )


def test_the_bureau_sees_progress_per_county(client_for, bureau, county, county_unit):
    work_report_submit(report=work_report_save(unit=county_unit, year=2025, summary="x", actor=None), actor=None)
    page = client_for(bureau).get(reverse("reviews:work_reports") + "?year=2025").content.decode()
    assert "各区县报送进度" in page and "醴陵市人民政府" in page and "待审核" in page


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_takes_the_same_number_of_queries_for_3_and_30_rows(
    client_for, bureau, county, rows, django_assert_num_queries
):
    for n in range(rows):
        unit = Unit.objects.create(name=f"醴陵市单位{n}", parent=county, level=Unit.Level.COUNTY)
        report = work_report_save(unit=unit, year=2025, summary="x", actor=None)
        if n % 2:
            work_report_submit(report=report, actor=None)
    client = client_for(bureau)
    # session, user (with unit and jurisdiction), the bureau account's TOTP device, savepoint,
    # counties, their units with report status, page count, rows, release
    with django_assert_num_queries(9):
        response = client.get(reverse("reviews:work_reports") + "?year=2025")
    assert len(response.context["page"].object_list) == rows
