"""The dispute register and the conflict review pages: who sees and does what, the create form's one-time
token, Chinese errors with nothing saved, constant query counts, the bureau's 待办 count and the menu."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.todo import waiting_for
from advisers import services
from advisers.models import ConflictFinding, Dispute, Engagement
from tests.conftest import once, post_twice
from tests.factories import AdviserFactory, make_user

TODAY = timezone.localdate()


def register(unit, n=1, *, lawyer="王建", prefix="案"):
    return [
        services.dispute_save(
            actor=None,
            unit=unit,
            case_number=f"（2026）湘0211民初{prefix}{i}号",
            forum="株洲市天元区人民法院",
            counterparty=f"株洲某公司{i}",
            counterparty_lawyer=lawyer,
            filed_on=TODAY - dt.timedelta(days=30),
        )
        for i in range(n)
    ]


def held_engagements(unit, n=1):
    """`n` engagements of `unit`, each held by a finding (its adviser acts against the unit)."""
    engagements = []
    for i in range(n):
        adviser = AdviserFactory(name=f"冲突律师{unit.pk}-{i}")
        register(unit, lawyer=adviser.name, prefix=f"{adviser.pk}-")
        engagements.append(
            services.engagement_save(
                actor=None,
                adviser=adviser,
                unit=unit,
                start_date=TODAY,
                end_date=TODAY + dt.timedelta(days=700),
            )
        )
    return engagements


@pytest.fixture
def finding_a(unit_a):
    return held_engagements(unit_a)[0].conflict_findings.get()


@pytest.fixture
def county_bureau(county_unit):
    """Another jurisdiction's bureau: the county's, whose area does not hold the city's departments."""
    return make_user("county_bureau", Role.BUREAU, county_unit)


# -- Lists: scope and query counts -------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["advisers:disputes", "advisers:conflicts"])
@pytest.mark.parametrize("rows", [3, 30])
def test_list_pages_run_a_constant_number_of_queries(
    client_for, officer_a, unit_a, url_name, rows, django_assert_num_queries
):
    held_engagements(unit_a, rows)
    client = client_for(officer_a)
    client.get(reverse(url_name))  # warm-up: per-process caches
    # The session, the user (with the unread notices' count), a savepoint, the page's count, its rows (their
    # unit, adviser and case joined), the savepoint's release.
    with django_assert_num_queries(6):
        body = client.get(reverse(url_name)).content.decode()
    assert body.count("冲突律师") >= rows


def test_officers_see_their_units_register_and_findings_only(client_for, officer_a, unit_a, unit_b, finding_a):
    register(unit_b, lawyer="乙单位对方律师")
    held_engagements(unit_b)
    client = client_for(officer_a)
    disputes = client.get(reverse("advisers:disputes")).content.decode()
    assert "冲突律师" in disputes and "乙单位对方律师" not in disputes
    conflicts = client.get(reverse("advisers:conflicts")).content.decode()
    assert f"冲突律师{unit_a.pk}-0" in conflicts and f"冲突律师{unit_b.pk}-0" not in conflicts


def test_the_bureau_sees_every_units_findings_and_searches_them(client_for, bureau, unit_a, unit_b):
    held_engagements(unit_a)
    held_engagements(unit_b)
    client = client_for(bureau)
    body = client.get(reverse("advisers:conflicts")).content.decode()
    assert unit_a.name in body and unit_b.name in body
    body = client.get(reverse("advisers:conflicts"), {"q": unit_b.name}).content.decode()
    assert f"冲突律师{unit_b.pk}-0" in body and f"冲突律师{unit_a.pk}-0" not in body


def test_another_units_officer_and_another_jurisdictions_bureau_get_404(
    client_for, officer_b, county_bureau, finding_a
):
    dispute = finding_a.dispute
    for user in (officer_b, county_bureau):
        client = client_for(user)
        assert client.get(reverse("advisers:conflict", args=[finding_a.pk])).status_code == 404
        assert client.post(reverse("advisers:conflict_decide", args=[finding_a.pk])).status_code == 404
        assert client.get(reverse("advisers:dispute_edit", args=[dispute.pk])).status_code == 404
        assert (
            f"冲突律师{finding_a.engagement.unit_id}" not in client.get(reverse("advisers:conflicts")).content.decode()
        )


def test_auditors_read_but_every_write_is_403(client_for, auditor, finding_a):
    client = client_for(auditor)
    assert client.get(reverse("advisers:conflict", args=[finding_a.pk])).status_code == 200
    assert client.get(reverse("advisers:disputes")).status_code == 200
    assert client.get(reverse("advisers:dispute_create")).status_code == 403
    assert client.post(reverse("advisers:dispute_create"), once({})).status_code == 403
    assert client.post(reverse("advisers:dispute_edit", args=[finding_a.dispute_id])).status_code == 403
    response = client.post(
        reverse("advisers:conflict_decide", args=[finding_a.pk]), {"outcome": "cleared", "reason": "审计人员"}
    )
    assert response.status_code == 403
    finding_a.refresh_from_db()
    assert finding_a.is_open


def test_the_units_officer_reads_the_finding_but_cannot_decide_it(client_for, officer_a, finding_a):
    client = client_for(officer_a)
    page = client.get(reverse("advisers:conflict", args=[finding_a.pk])).content.decode()
    assert "作出决定" not in page
    response = client.post(
        reverse("advisers:conflict_decide", args=[finding_a.pk]), {"outcome": "cleared", "reason": "自己排除"}
    )
    assert response.status_code == 403


def test_lists_refuse_post(client_for, officer_a):
    for name in ("advisers:disputes", "advisers:conflicts"):
        assert client_for(officer_a).post(reverse(name)).status_code == 405
    assert client_for(officer_a).get(reverse("advisers:conflict_decide", args=[1])).status_code == 405


# -- The register's forms ----------------------------------------------------------------------------

CASE = {
    "case_number": "（2026）湘0202民初88号",
    "forum": "株洲市荷塘区人民法院",
    "counterparty": "株洲通达客运有限公司",
    "counterparty_lawyer": "邵毅",
    "counterparty_firm": "湖南求是律师事务所",
    "status": "open",
    "filed_on": "2026-10-09",
    "closed_on": "",
}


def test_an_officer_registers_a_case_once_however_often_the_form_is_sent(client_for, officer_a, unit_a):
    client = client_for(officer_a)
    first, second = post_twice(
        client,
        page=reverse("advisers:dispute_create"),
        url=reverse("advisers:dispute_create"),
        data={**CASE, "unit": unit_a.pk},
    )
    assert first.status_code == 302 and second.status_code == 200
    assert Dispute.objects.filter(unit=unit_a, case_number=CASE["case_number"]).count() == 1


def test_the_form_offers_the_officers_own_unit_first(client_for, officer_a, unit_a):
    form = client_for(officer_a).get(reverse("advisers:dispute_create")).context["form"]
    assert form["unit"].value() == unit_a.pk


def test_an_officer_cannot_register_a_case_for_another_unit(client_for, officer_a, unit_b):
    response = client_for(officer_a).post(reverse("advisers:dispute_create"), once({**CASE, "unit": unit_b.pk}))
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert not Dispute.objects.exists()


def test_a_closed_case_without_its_date_is_refused_next_to_the_field(client_for, officer_a, unit_a):
    response = client_for(officer_a).post(
        reverse("advisers:dispute_create"), once({**CASE, "unit": unit_a.pk, "status": "closed"})
    )
    assert response.status_code == 200
    assert response.context["form"].errors["closed_on"] == ["请填写结案日期。"]
    assert 'id="id_closed_on_error"' in response.content.decode()
    assert not Dispute.objects.exists()


def test_a_case_number_registered_twice_is_a_form_error_not_a_500(client_for, officer_a, unit_a):
    register(unit_a)
    number = Dispute.objects.get().case_number
    response = client_for(officer_a).post(
        reverse("advisers:dispute_create"), once({**CASE, "unit": unit_a.pk, "case_number": number})
    )
    assert response.status_code == 200 and "本单位已登记过该案号的案件。" in response.content.decode()
    assert Dispute.objects.count() == 1


def test_the_officer_closes_the_case_and_the_next_check_ignores_it(client_for, officer_a, unit_a):
    (dispute,) = register(unit_a)
    response = client_for(officer_a).post(
        reverse("advisers:dispute_edit", args=[dispute.pk]),
        {**CASE, "unit": unit_a.pk, "case_number": dispute.case_number, "status": "closed", "closed_on": "2026-11-30"},
    )
    assert response.status_code == 302
    lawyer = AdviserFactory(name="王建")
    engagement = services.engagement_save(
        actor=officer_a, adviser=lawyer, unit=unit_a, start_date=TODAY, end_date=TODAY + dt.timedelta(days=365)
    )
    assert engagement.status == Engagement.Status.ACTIVE


# -- The decision ------------------------------------------------------------------------------------


def test_the_bureau_clears_a_finding_with_its_reason(client_for, bureau, officer_a, finding_a):
    client = client_for(bureau)
    url = reverse("advisers:conflict_decide", args=[finding_a.pk])
    response = client.post(url, {"outcome": "cleared", "reason": "已解除委托，附证明。"})
    assert response.status_code == 302
    page = client.get(reverse("advisers:conflict", args=[finding_a.pk])).content.decode()
    assert "已解除委托，附证明。" in page and "已排除" in page
    finding_a.engagement.refresh_from_db()
    assert finding_a.engagement.status == Engagement.Status.ACTIVE


def test_a_decision_without_a_reason_is_refused_next_to_the_field(client_for, bureau, finding_a):
    response = client_for(bureau).post(
        reverse("advisers:conflict_decide", args=[finding_a.pk]), {"outcome": "upheld", "reason": "  "}
    )
    assert response.status_code == 400
    assert 'id="id_reason_error"' in response.content.decode()
    finding_a.refresh_from_db()
    assert finding_a.is_open


def test_a_second_decision_is_told_it_came_too_late(client_for, bureau, finding_a):
    client = client_for(bureau)
    url = reverse("advisers:conflict_decide", args=[finding_a.pk])
    client.post(url, {"outcome": "cleared", "reason": "已解除委托"})
    response = client.post(url, {"outcome": "upheld", "reason": "另一人"}, follow=True)
    assert "该问题已作出决定。" in response.content.decode()
    finding_a.refresh_from_db()
    assert finding_a.status == ConflictFinding.Status.CLEARED and finding_a.reason == "已解除委托"


# -- The bureau's 待办 and the menu ------------------------------------------------------------------


def test_the_bureaus_home_counts_the_findings_waiting_and_links_to_them(client_for, bureau, officer_a, unit_a):
    held_engagements(unit_a, 2)
    waiting = {w.item.key: w for w in waiting_for(bureau)}
    assert waiting["advisers:conflicts"].count == 2
    assert "advisers:conflicts" not in {w.item.key for w in waiting_for(officer_a)}
    page = client_for(bureau).get(waiting["advisers:conflicts"].url).content.decode()
    assert len(re.findall(r'href="/advisers/conflicts/\d+/"', page)) == 2
    assert "待决定的利益冲突问题" in client_for(bureau).get(reverse("portal:home")).content.decode()


def test_a_decided_finding_no_longer_waits(bureau, finding_a):
    services.conflict_decide(actor=bureau, finding=finding_a, upheld=True, reason="认定存在冲突")
    assert {w.item.key: w.count for w in waiting_for(bureau)}["advisers:conflicts"] == 0


def test_the_menu_offers_the_register_and_the_review(client_for, officer_a, finance):
    page = client_for(officer_a).get(reverse("portal:home")).content.decode()
    assert "涉诉案件登记" in page and "利益冲突审查" in page
    assert "涉诉案件登记" not in client_for(finance).get(reverse("portal:home")).content.decode()
