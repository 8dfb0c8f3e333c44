"""An engagement's and a contract's state follow from their dates when read: an ended term shows 期满
whether or not the daily sweep (advisers.services.engagements_expire) has stored it."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from advisers.models import Engagement
from contracts.models import ServiceContract
from tests.factories import ContractFactory, EngagementFactory

BEIJING = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def ended(unit_a):
    return EngagementFactory(unit=unit_a, adviser__name="唐立新", end_date=dt.date(2025, 12, 31))


@pytest.fixture
def serving(unit_a):
    return EngagementFactory(unit=unit_a, adviser__name="贺振华", end_date=dt.date(2027, 12, 31))


def _on(day):
    return time_machine.travel(dt.datetime(*day, 12, tzinfo=BEIJING), tick=False)


def test_an_ended_term_reads_expired_before_the_sweep_has_run(ended):
    assert ended.status == Engagement.Status.ACTIVE  # as stored: the sweep has not run
    with _on((2025, 12, 31)):
        assert ended.current_status == Engagement.Status.ACTIVE
    with _on((2026, 1, 1)):
        assert Engagement.objects.get(pk=ended.pk).current_status == Engagement.Status.EXPIRED


def test_the_annotation_agrees_with_the_property(ended, serving, unit_a):
    renewed = EngagementFactory(unit=unit_a, status=Engagement.Status.RENEWED, end_date=dt.date(2025, 6, 30))
    dismissed = EngagementFactory(
        unit=unit_a, status=Engagement.Status.DISMISSED, dismissed_on=dt.date(2024, 6, 1), end_date=dt.date(2025, 6, 30)
    )
    with _on((2026, 1, 1)):
        annotated = dict(Engagement.objects.with_current_status().values_list("pk", "current_status"))
        assert annotated == {
            e.pk: Engagement.objects.get(pk=e.pk).current_status for e in (ended, serving, renewed, dismissed)
        }
        assert annotated == {
            ended.pk: "expired",
            serving.pk: "active",
            renewed.pk: "expired",
            dismissed.pk: "dismissed",
        }


def test_the_list_shows_and_filters_by_the_state_of_today(client_for, officer_a, ended, serving):
    client = client_for(officer_a)
    with _on((2026, 1, 1)):
        page = client.get(reverse("advisers:engagements") + "?status=expired").content.decode()
        assert "唐立新" in page and "贺振华" not in page and "期满" in page
        page = client.get(reverse("advisers:engagements") + "?status=active").content.decode()
        assert "贺振华" in page and "唐立新" not in page


def test_the_admin_filters_by_the_state_of_today(client_for, bureau, ended, serving):
    with _on((2026, 1, 1)):
        response = client_for(bureau).get(reverse("admin:advisers_engagement_changelist") + "?current_status=expired")
        assert [e.pk for e in response.context["cl"].result_list] == [ended.pk]


def test_a_contract_reads_its_term_from_its_dates(client_for, officer_a, unit_a):
    contract = ContractFactory(unit=unit_a, start_date=dt.date(2024, 1, 10), end_date=dt.date(2025, 12, 31))
    with _on((2024, 1, 9)):
        assert contract.term_state == ServiceContract.TermState.NOT_STARTED
    with _on((2025, 12, 31)):
        assert contract.term_state == ServiceContract.TermState.IN_FORCE
    with _on((2026, 1, 1)):
        assert contract.term_state == ServiceContract.TermState.ENDED
        client = client_for(officer_a)
        assert "期满" in client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
        page = client.get(reverse("contracts:list") + "?state=in_force").content.decode()
        assert contract.number not in page
        assert contract.number in client.get(reverse("contracts:list") + "?state=ended").content.decode()
