"""Unit work reports travel up the line: county units to their county, counties to the city."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Notice
from reviews.models import UnitWorkReport
from reviews.selectors import county_progress
from reviews.services import work_report_accept, work_report_return, work_report_save, work_report_submit
from tests.factories import EngagementFactory


def test_a_county_unit_reports_to_its_county_with_figures_from_its_records(
    county_unit, county, county_unit_officer, county_officer
):
    EngagementFactory(unit=county_unit)
    report = work_report_save(unit=county_unit, year=2025, summary="全年工作总结", actor=county_unit_officer)
    report = work_report_submit(report=report, actor=county_unit_officer)
    assert report.status == UnitWorkReport.Status.SUBMITTED
    assert report.recipient == county
    assert report.engagements == 1
    assert Notice.objects.filter(recipient=county_officer, kind="work_report_submitted").count() == 1


def test_a_county_reports_to_the_city_whose_reports_the_bureau_reviews(county, county_officer, bureau, city):
    report = work_report_submit(
        report=work_report_save(unit=county, year=2025, summary="县级报告", actor=county_officer), actor=county_officer
    )
    assert report.recipient == city
    assert Notice.objects.filter(recipient=bureau, kind="work_report_submitted").exists()


def test_the_parent_returns_a_report_with_its_reason_and_the_unit_resubmits(
    county_unit, county_unit_officer, county_officer
):
    report = work_report_submit(
        report=work_report_save(unit=county_unit, year=2025, summary="初稿", actor=county_unit_officer),
        actor=county_unit_officer,
    )
    with pytest.raises(ValidationError) as exc:
        work_report_return(report=report, reason="  ", actor=county_officer)
    assert "return_reason" in exc.value.message_dict
    report = work_report_return(report=report, reason="缺少履职统计表", actor=county_officer)
    assert report.status == UnitWorkReport.Status.RETURNED
    assert Notice.objects.get(recipient=county_unit_officer, kind="work_report_reviewed").body == "缺少履职统计表"
    # Returned: the unit may change it and send it again, then the parent accepts.
    report = work_report_save(unit=county_unit, year=2025, summary="补充了统计表", actor=county_unit_officer)
    report = work_report_submit(report=report, actor=county_unit_officer)
    report = work_report_accept(report=report, actor=county_officer)
    assert report.status == UnitWorkReport.Status.ACCEPTED
    with pytest.raises(ValidationError):
        work_report_save(unit=county_unit, year=2025, summary="再改", actor=county_unit_officer)


def test_only_a_submitted_report_can_be_reviewed(county_unit, county_unit_officer, county_officer):
    report = work_report_save(unit=county_unit, year=2025, summary="草稿", actor=county_unit_officer)
    with pytest.raises(ValidationError):
        work_report_accept(report=report, actor=county_officer)


def test_the_city_itself_has_no_parent_to_report_to(city, bureau):
    report = work_report_save(unit=city, year=2025, summary="市本级", actor=bureau)
    with pytest.raises(ValidationError):
        work_report_submit(report=report, actor=bureau)


def test_county_progress_counts_in_accepted_returned_and_missing(
    city, county, county_unit, county_officer, county_unit_officer, bureau
):
    from accounts.models import Unit

    units = [county_unit] + [
        Unit.objects.create(name=name, parent=county, level=Unit.Level.COUNTY)
        for name in ["醴陵市教育局", "醴陵市财政局", "醴陵市人民医院", "醴陵市交通运输局"]
    ]
    # accepted, returned, awaiting review, draft (counts as missing), nothing at all (missing)
    for unit, fate in zip(units, ["accept", "return", "submit", "draft", None], strict=True):
        if fate is None:
            continue
        report = work_report_save(unit=unit, year=2025, summary="总结", actor=None)
        if fate == "draft":
            continue
        report = work_report_submit(report=report, actor=None)
        if fate == "accept":
            work_report_accept(report=report, actor=county_officer)
        elif fate == "return":
            work_report_return(report=report, reason="请补充", actor=county_officer)
    work_report_submit(report=work_report_save(unit=county, year=2025, summary="县报告", actor=None), actor=None)
    other = Unit.objects.create(name="攸县人民政府", parent=city, kind=Unit.Kind.COUNTY_GOV, level=Unit.Level.COUNTY)
    rows = {row["county"]: row for row in county_progress(bureau, year=2025)}
    row = rows[county]
    assert (row["expected"], row["received"], row["pending"], row["accepted"], row["returned"], row["missing"]) == (
        5,
        2,
        1,
        1,
        1,
        2,
    )
    assert row["own"] == UnitWorkReport.Status.SUBMITTED
    assert (rows[other]["expected"], rows[other]["own"]) == (0, "")
    assert county_progress(bureau, year=2024)[0]["missing"] == 5
