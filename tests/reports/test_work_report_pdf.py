"""The work report lists every sub-unit that reports to the unit, those that have not marked 未报送, and is
dated with the report's own date (its submission), not the day it is printed."""

import datetime as dt

import pytest
import time_machine

from accounts.models import Unit
from reviews.services.work_reports import work_report_save, work_report_submit

from .demo import export, pdf_text

pytestmark = pytest.mark.django_db
BEIJING = dt.timezone(dt.timedelta(hours=8))


def test_every_sub_unit_is_listed_and_those_without_a_report_are_marked(
    client_for, bureau, officer_a, unit_a, unit_a_child
):
    sent = Unit.objects.create(name="市住房保障服务中心", parent=unit_a, kind=Unit.Kind.OTHER)
    with time_machine.travel(dt.datetime(2026, 1, 12, 10, tzinfo=BEIJING), tick=False):
        child = work_report_save(unit=sent, year=2025, summary="中心法律顾问工作总结。", actor=officer_a)
        work_report_submit(report=child, actor=officer_a)
    with time_machine.travel(dt.datetime(2026, 1, 20, 10, tzinfo=BEIJING), tick=False):
        report = work_report_save(unit=unit_a, year=2025, summary="全年组织法律顾问参与合法性审查。", actor=officer_a)
        work_report_submit(report=report, actor=officer_a)
    with time_machine.travel(dt.datetime(2026, 3, 5, 10, tzinfo=BEIJING), tick=False):
        text = pdf_text(export(client_for(bureau), "work-report", unit=unit_a.pk, year=2025).content).replace(" ", "")
    assert "应报送下级单位2家，未报送1家。" in text
    assert "市住房保障服务中心" in text and "2026年1月12日" in text
    assert "市房屋征收服务中心未报送" in text  # unit_a_child sent nothing
    assert "2026年1月20日" in text  # dated with the report's own submission
    assert "2026年3月5日" not in text  # not with the day it was printed
