"""The admin search (accounts.admin_base.IndexedSearchMixin) finds the same rows as Django's own search,
within the user's scope, with a constant number of queries."""

import pytest
from auditlog.models import LogEntry
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from advisers.models import ExecutiveMeeting, LegalOpinion
from audit.trail import record_event
from reviews.models import DutyReport
from tests.factories import AdviserFactory, EngagementFactory, MeetingFactory, OpinionFactory


def _both(model, user, term):
    """(ids the project's admin finds, ids Django's ModelAdmin.get_search_results finds) for `term`."""
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = user
    queryset = model_admin.get_queryset(request)
    ours, _ = model_admin.get_search_results(request, queryset, term)
    django, _ = admin.ModelAdmin.get_search_results(model_admin, request, queryset, term)
    return set(ours.values_list("pk", flat=True)), set(django.values_list("pk", flat=True))


@pytest.fixture
def opinions(unit_a, unit_b):
    zhang, firm = AdviserFactory(name="张伟"), AdviserFactory(name="湖南ABC律师事务所")
    return [
        OpinionFactory(adviser=zhang, unit=unit_a, subject="株洲大道改造合同审查"),
        OpinionFactory(adviser=firm, unit=unit_a, subject="Contract review ABC-7"),
        OpinionFactory(adviser=firm, unit=unit_b, subject="征收补偿方案"),
        OpinionFactory(adviser=zhang, unit=unit_b, subject="规范性文件审查"),
    ]


@pytest.mark.parametrize(
    "term",
    ["株洲", "张", "交通", "abc", "ABC", "contract", "审查 张", '"改造合同"', "无此内容", "律师事务所 征收", "7"],
)
def test_the_same_opinions_as_djangos_search(opinions, bureau, term):
    ours, django = _both(LegalOpinion, bureau, term)
    assert ours == django


def test_through_two_foreign_keys_and_a_json_field(bureau, unit_a, unit_b):
    for unit, name in ((unit_a, "李娜"), (unit_b, "王强")):
        DutyReport.objects.create(
            engagement=EngagementFactory(adviser=AdviserFactory(name=name), unit=unit),
            year=2025,
            deadline=timezone.now(),
        )
    record_event(actor=bureau, event="export_xlsx", model="株洲.Adviser", rows=3)
    for term in ("李娜", "交通运输", "李", "无此人"):
        ours, django = _both(DutyReport, bureau, term)
        assert ours == django
    for term in ("株洲", "EXPORT_xlsx", "bureau"):
        ours, django = _both(LogEntry, bureau, term)
        assert ours == django and ours


def test_through_two_foreign_keys_only_the_names_table_is_looked_up_first(bureau, unit_a):
    """A two-character term names a city's hundreds of units: listing all their engagements' ids as well
    sent thousands of ids to PostgreSQL; the units' ids are matched through the join instead."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(3):
        DutyReport.objects.create(engagement=EngagementFactory(unit=unit_a), year=2025 - n, deadline=timezone.now())
    term = unit_a.name[1:3]
    with CaptureQueriesContext(connection) as captured:
        ours, django = _both(DutyReport, bureau, term)
    assert ours == django and len(ours) == 3
    assert not [q["sql"] for q in captured.captured_queries if q["sql"].startswith('SELECT "advisers_engagement"."id"')]


def test_a_search_field_it_cannot_express_leaves_djangos_search(bureau):
    MeetingFactory(session_number=12, topics="城市更新")
    ours, django = _both(ExecutiveMeeting, bureau, "12")
    assert ours == django and len(ours) == 1


def test_an_officer_finds_only_their_units_opinions(client_for, officer_a, opinions):
    page = client_for(officer_a).get(reverse("admin:advisers_legalopinion_changelist") + "?q=审查").content.decode()
    assert "株洲大道改造合同审查" in page and "规范性文件审查" not in page


@pytest.mark.parametrize("rows", [1, 20])
def test_the_search_runs_a_constant_number_of_queries(client_for, bureau, unit_a, rows, django_assert_num_queries):
    for n in range(rows):
        OpinionFactory(adviser=AdviserFactory(name=f"株洲顾问{n}"), unit=unit_a)
    client = client_for(bureau)
    url = reverse("admin:advisers_legalopinion_changelist") + "?q=株洲"
    client.get(url)
    # session, user, TOTP device, savepoints (2), advisers and units named so, count, page (the menu asks the
    # policies only: Django's permission tables are not read since the groups' admin asks one too)
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("term", ["株洲", "张伟", "abc", "ABC-7", "交通"])
def test_portal_searches_find_what_icontains_finds(opinions, bureau, term):
    from django.db.models import Q

    from advisers import selectors

    found = set(selectors.opinions_for(bureau, search=term).values_list("pk", flat=True))
    icontains = Q(subject__icontains=term) | Q(adviser__name__icontains=term) | Q(unit__name__icontains=term)
    assert found == set(LegalOpinion.objects.filter(icontains).values_list("pk", flat=True))
