"""A decided re-selection round tells the bureau (it registers the new terms' contracts and letters) and the
unit's other legal officers; the notice opens the round for them. Nobody else is told."""

import datetime as dt

import pytest

from accounts.models import Notice
from accounts.roles import Role
from advisers import services
from tests.factories import EngagementFactory, make_user, open_round


@pytest.fixture
def round_(officer_a, unit_a):
    EngagementFactory(
        unit=unit_a, adviser__name="唐立新", start_date=dt.date(2023, 1, 1), end_date=dt.date(2025, 12, 31)
    )
    return open_round(officer_a, unit_a)


def test_a_decided_round_tells_the_bureau_and_the_unit(told, round_, officer_a, bureau, outsiders):
    make_user("officer_a2", Role.OFFICER, officer_a.unit)
    services.round_decide(actor=officer_a, round_=round_, selected_ids=[round_.candidates.get().pk])
    assert told("reselection:decided") == {"bureau", "officer_a2"}
    notice = Notice.objects.get(recipient=bureau)
    assert notice.title == "市住房和城乡建设局的换届遴选“2026年法律顾问换届遴选”已确定结果：1名法律顾问入选"
    assert notice.body == "唐立新"
