"""The dashboard names the year of each block and lets the user choose it."""

import datetime as dt

import pytest
import time_machine

from tests.world import budget_units, inspection_of

pytestmark = pytest.mark.django_db
URL = "/reports/dashboard/"
BEIJING = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def records(city, unit_a, bureau, finance):
    budget_units(city, 2, bureau=bureau, finance=finance)  # approved 2024 and 2025, first quarter
    inspection_of(unit_a, year=2024)
    inspection_of(unit_a, year=2025)


def test_each_block_names_its_year(client_for, auditor, records):
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=BEIJING), tick=False):
        page = client_for(auditor).get(URL).content.decode()
    assert "法律顾问（截至2026年6月1日）" in page
    assert "2025年度履职报告" in page  # the reports being worked on until December
    assert "法律服务经费：2025年第1—3季度与2024年第1—3季度同期对比" in page
    assert "2025年度全市政府合同专项清查" in page and "2025年度</span>" in page


def test_a_chosen_year_applies_to_every_dated_block(client_for, auditor, records):
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=BEIJING), tick=False):
        page = client_for(auditor).get(URL, {"year": 2024}).content.decode()
    assert "法律服务经费：2024年第1—3季度与2023年第1—3季度同期对比" in page
    assert "2024年度全市政府合同专项清查" in page and "2025年度全市政府合同专项清查" not in page
    assert "2024年度履职报告" in page and "?year=2024&amp;state=owed" in page
    assert '<option value="2024" selected>' in page


def test_a_year_that_is_not_offered_falls_back_to_each_blocks_latest(client_for, auditor, records):
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=BEIJING), tick=False):
        response = client_for(auditor).get(URL, {"year": "1900"})
    assert response.status_code == 200 and "2025年度全市政府合同专项清查" in response.content.decode()
