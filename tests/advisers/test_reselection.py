"""Re-selection rounds: incumbents with their history, candidates, the outcome creates the next engagements."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from advisers import services
from advisers.history import AssessmentSummary, incumbent_histories, register_assessment_lookup
from advisers.models import Engagement, ReselectionCandidate, ReselectionRound
from tests.conftest import once
from tests.factories import AdviserFactory, EngagementFactory, OpinionFactory, open_round


@pytest.fixture
def incumbents(unit_a):
    return [
        EngagementFactory(unit=unit_a, start_date=dt.date(2023, 1, 1), end_date=dt.date(2025, 12, 31)) for _ in range(2)
    ]


@pytest.fixture
def round_(officer_a, unit_a, incumbents):
    return open_round(officer_a, unit_a)


def test_opening_a_round_adds_the_incumbents(round_, incumbents):
    assert {c.incumbent for c in round_.candidates.all()} == set(incumbents)


def test_outcome_creates_the_next_engagements_linked_to_the_old_ones(officer_a, round_, incumbents):
    newcomer = services.candidate_add(actor=officer_a, round_=round_, adviser=AdviserFactory())
    kept = round_.candidates.get(incumbent=incumbents[0])
    created = services.round_decide(
        actor=officer_a, round_=round_, selected_ids=[kept.pk, newcomer.pk], decided_on=dt.date(2025, 12, 10)
    )
    assert len(created) == 2
    successor = Engagement.objects.get(previous=incumbents[0])
    assert (successor.start_date, successor.end_date, successor.status) == (
        dt.date(2026, 1, 1),
        dt.date(2028, 12, 31),
        "active",
    )
    assert successor.selection_completed_on == dt.date(2025, 12, 10)
    incumbents[0].refresh_from_db(), incumbents[1].refresh_from_db()
    assert incumbents[0].status == Engagement.Status.RENEWED
    assert incumbents[1].status == Engagement.Status.ACTIVE  # not kept: serves to the end, then expires
    assert round_.candidates.get(incumbent=incumbents[1]).outcome == ReselectionCandidate.Outcome.NOT_SELECTED
    round_.refresh_from_db()
    assert round_.status == ReselectionRound.Status.DECIDED


def test_a_decided_round_cannot_be_decided_again(officer_a, round_):
    first = round_.candidates.first()
    services.round_decide(actor=officer_a, round_=round_, selected_ids=[first.pk])
    with pytest.raises(ValidationError):
        services.round_decide(actor=officer_a, round_=round_, selected_ids=[first.pk])


def test_database_allows_one_open_round_per_unit_and_role(officer_a, round_, unit_a):
    with pytest.raises(ValidationError):
        services.round_open(
            actor=officer_a,
            unit=unit_a,
            title="重复",
            role=Engagement.Role.UNIT_ADVISER,
            selection_method="public_selection",
            opened_on=dt.date(2025, 11, 2),
            new_term_start=dt.date(2026, 1, 1),
            new_term_end=dt.date(2028, 12, 31),
        )


def test_incumbent_history_shows_duty_per_year_and_plugged_in_assessments(incumbents, unit_a):
    engagement = incumbents[0]
    OpinionFactory(adviser=engagement.adviser, unit=unit_a, date=dt.date(2024, 5, 1))
    history = incumbent_histories([engagement])[engagement.pk]
    assert [(y.year, y.counts.opinions) for y in history.years][:2] == [(2023, 0), (2024, 1)]
    assert history.assessments == []  # no completed assessment yet
    from advisers import history as history_module

    installed = history_module._assessment_lookup
    register_assessment_lookup(
        lambda engagements: {e.pk: [AssessmentSummary(2024, "excellent", "优秀")] for e in engagements}
    )
    try:
        assert incumbent_histories([engagement])[engagement.pk].assessments[0].grade_label == "优秀"
    finally:
        register_assessment_lookup(installed)


def test_round_page_shows_incumbents_to_their_officer(client_for, officer_a, round_, incumbents):
    response = client_for(officer_a).get(reverse("advisers:round", args=[round_.pk]))
    assert response.status_code == 200
    assert incumbents[0].adviser.name in response.content.decode()
    assert "现任" in response.content.decode()


def test_another_units_officer_gets_404(client_for, officer_b, round_):
    client = client_for(officer_b)
    assert client.get(reverse("advisers:round", args=[round_.pk])).status_code == 404
    assert client.post(reverse("advisers:round_decide", args=[round_.pk]), {}).status_code == 404


def test_auditor_reads_but_cannot_decide(client_for, auditor, round_):
    client = client_for(auditor)
    assert client.get(reverse("advisers:round", args=[round_.pk])).status_code == 200
    first = round_.candidates.first()
    response = client.post(
        reverse("advisers:round_decide", args=[round_.pk]),
        {"selected": [first.pk], "decided_on": "2025-12-01", "confirm": "on"},
    )
    assert response.status_code == 403
    round_.refresh_from_db()
    assert round_.is_open


def test_deciding_needs_the_confirmation(client_for, officer_a, round_):
    first = round_.candidates.first()
    response = client_for(officer_a).post(
        reverse("advisers:round_decide", args=[round_.pk]), {"selected": [first.pk], "decided_on": "2025-12-01"}
    )
    assert response.status_code == 400
    round_.refresh_from_db()
    assert round_.is_open


def test_officer_decides_through_the_page(client_for, officer_a, round_):
    first = round_.candidates.first()
    response = client_for(officer_a).post(
        reverse("advisers:round_decide", args=[round_.pk]),
        {"selected": [first.pk], "decided_on": "2025-12-01", "confirm": "on"},
    )
    assert response.status_code == 302
    assert Engagement.objects.filter(previous=first.incumbent).exists()


@pytest.mark.parametrize("url_name", ["advisers:round_decide", "advisers:round_add_candidate"])
def test_a_late_post_to_a_decided_round_says_it_is_decided(client_for, officer_a, round_, url_name):
    services.round_decide(actor=officer_a, round_=round_, selected_ids=[round_.candidates.first().pk])
    client = client_for(officer_a)
    response = client.post(reverse(url_name, args=[round_.pk]), {}, follow=True)
    assert "遴选结果已确定，候选人不能再变更。" in response.content.decode()


def test_decide_refuses_get(client_for, officer_a, round_):
    assert client_for(officer_a).get(reverse("advisers:round_decide", args=[round_.pk])).status_code == 405


def test_officer_opens_a_round_for_own_unit_only(client_for, officer_a, unit_b):
    response = client_for(officer_a).post(
        reverse("advisers:round_create"),
        once(
            {
                "unit": unit_b.pk,
                "title": "x",
                "role": "unit_adviser",
                "selection_method": "public_selection",
                "opened_on": "2025-11-01",
                "new_term_start": "2026-01-01",
                "new_term_end": "2028-12-31",
            }
        ),
    )
    assert response.status_code == 200
    assert not ReselectionRound.objects.exists()
