"""The panel: each evaluator declares no conflict with an applicant before scoring, scores the weighted criteria
(0–100, once per criterion, as database constraints too), and submits; a submitted sheet is locked and a later
change needs a reason, is recorded and audited. Evaluators see their own panel's eligible applicants only."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.policy import get_for, visible
from accounts.roles import Role
from selection.models import Application, Criterion, Score, ScoreChange, ScoreSheet
from selection.panel import services
from selection.panel.selectors import panel_results
from tests.factories import (
    closed_notice,
    eligible_applications,
    make_user,
    scored,
    selection_application,
    selection_panel,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluators(db):
    return [make_user(f"expert{i}", Role.EVALUATOR, first_name="专家", last_name=f"{i}号") for i in range(1, 6)]


@pytest.fixture
def notice(bureau, city, evaluators):
    notice = closed_notice(bureau, city)
    selection_panel(bureau, notice, evaluators)
    return notice


def criteria_of(notice):
    return list(Criterion.objects.filter(panel__notice=notice).order_by("order"))


def test_an_evaluator_scores_only_after_declaring_no_conflict(bureau, notice, evaluators):
    (application,) = eligible_applications(bureau, notice, "周明远")
    # Without a declaration there is no sheet to score on.
    assert not ScoreSheet.objects.exists()
    sheet = services.sheet_declare(actor=evaluators[0], application=application, conflict=False)
    assert sheet.declaration == ScoreSheet.Declaration.NO_CONFLICT
    values = {c.pk: Decimal("80") for c in criteria_of(notice)}
    services.sheet_score(actor=evaluators[0], sheet=sheet, values=values, submit=True)
    assert ScoreSheet.objects.get(pk=sheet.pk).total == Decimal("80.00")


def test_an_evaluator_with_a_conflict_abstains_and_cannot_score(bureau, notice, evaluators):
    (application,) = eligible_applications(bureau, notice, "周明远")
    with pytest.raises(ValidationError):
        services.sheet_declare(actor=evaluators[0], application=application, conflict=True, conflict_note=" ")
    sheet = services.sheet_declare(
        actor=evaluators[0], application=application, conflict=True, conflict_note="曾与申请人同所执业。"
    )
    with pytest.raises(ValidationError):
        services.sheet_score(actor=evaluators[0], sheet=sheet, values={criteria_of(notice)[0].pk: Decimal("90")})
    assert not Score.objects.exists()


def test_only_panel_members_score_and_only_eligible_applicants(bureau, notice, evaluators, auditor):
    (eligible,) = eligible_applications(bureau, notice, "周明远")
    submitted = selection_application(notice, "钱卫东")
    outsider = make_user("outsider", Role.EVALUATOR)
    with pytest.raises(ValidationError):
        services.sheet_declare(actor=outsider, application=eligible, conflict=False)
    with pytest.raises(ValidationError):
        services.sheet_declare(actor=evaluators[0], application=submitted, conflict=False)
    # Bureau staff are not on this panel unless added.
    with pytest.raises(ValidationError):
        services.sheet_declare(actor=bureau, application=eligible, conflict=False)
    with pytest.raises(ValidationError):
        services.panel_member_add(actor=bureau, notice=notice, user=auditor)


def test_one_evaluator_does_not_score_anothers_sheet(bureau, notice, evaluators):
    (application,) = eligible_applications(bureau, notice, "周明远")
    sheet = services.sheet_declare(actor=evaluators[0], application=application, conflict=False)
    with pytest.raises(ValidationError):
        services.sheet_score(actor=evaluators[1], sheet=sheet, values={criteria_of(notice)[0].pk: Decimal("10")})


def test_scores_stay_between_0_and_100_and_once_per_criterion_in_the_database(bureau, notice, evaluators):
    (application,) = eligible_applications(bureau, notice, "周明远")
    sheet = services.sheet_declare(actor=evaluators[0], application=application, conflict=False)
    criterion = criteria_of(notice)[0]
    with pytest.raises(ValidationError):
        services.sheet_score(actor=evaluators[0], sheet=sheet, values={criterion.pk: Decimal("100.5")})
    for value in (Decimal("-1"), Decimal("100.01")):
        with pytest.raises(IntegrityError), transaction.atomic():
            Score.objects.create(sheet=sheet, criterion=criterion, value=value)
    Score.objects.create(sheet=sheet, criterion=criterion, value=Decimal("100"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(sheet=sheet, criterion=criterion, value=Decimal("50"))
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoreSheet.objects.create(member=sheet.member, application=application, declaration="no_conflict")


def test_a_sheet_is_submitted_only_with_every_criterion_scored(bureau, notice, evaluators):
    (application,) = eligible_applications(bureau, notice, "周明远")
    sheet = services.sheet_declare(actor=evaluators[0], application=application, conflict=False)
    first = criteria_of(notice)[0]
    with pytest.raises(ValidationError):
        services.sheet_score(actor=evaluators[0], sheet=sheet, values={first.pk: Decimal("90")}, submit=True)
    assert ScoreSheet.objects.get(pk=sheet.pk).submitted_at is None


def test_scoring_needs_criteria_weighing_100_in_all(bureau, city, evaluators):
    notice = closed_notice(bureau, city)
    selection_panel(bureau, notice, evaluators[:1], criteria=[("专业能力", Decimal("60"))])
    with pytest.raises(ValidationError) as refused:
        services.criterion_add(actor=bureau, notice=notice, name="从业经历", weight=Decimal("41"))
    assert "weight" in refused.value.message_dict
    (application,) = eligible_applications(bureau, notice, "周明远")
    sheet = services.sheet_declare(actor=evaluators[0], application=application, conflict=False)
    with pytest.raises(ValidationError):
        services.sheet_score(actor=evaluators[0], sheet=sheet, values={criteria_of(notice)[0].pk: Decimal("90")})


def test_a_submitted_sheet_is_locked_a_change_needs_a_reason_and_is_recorded(bureau, notice, evaluators):
    (application,) = eligible_applications(bureau, notice, "周明远")
    sheet = scored(evaluators[0], application, 80, 70, 90)  # 40 + 21 + 18 = 79
    assert sheet.total == Decimal("79.00")
    first = criteria_of(notice)[0]

    with pytest.raises(ValidationError) as refused:
        services.sheet_score(actor=evaluators[0], sheet=sheet, values={first.pk: Decimal("90")})
    assert "reason" in refused.value.message_dict
    assert Score.objects.get(sheet=sheet, criterion=first).value == Decimal("80")

    services.sheet_score(actor=evaluators[0], sheet=sheet, values={first.pk: Decimal("90")}, reason="误录，更正。")

    sheet.refresh_from_db()
    assert sheet.total == Decimal("84.00")
    change = ScoreChange.objects.get(sheet=sheet)
    assert (change.old_value, change.new_value, change.reason, change.changed_by) == (
        Decimal("80"),
        Decimal("90"),
        "误录，更正。",
        evaluators[0],
    )
    event = LogEntry.objects.filter(additional_data__event="score_changed").get()
    assert event.actor == evaluators[0] and event.additional_data["reason"] == "误录，更正。"


def test_a_change_without_a_reason_is_refused_by_the_database_too(bureau, notice, evaluators):
    (application,) = eligible_applications(bureau, notice, "周明远")
    sheet = scored(evaluators[0], application, 80, 70, 90)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoreChange.objects.create(
            sheet=sheet, criterion=criteria_of(notice)[0], old_value=80, new_value=90, reason=" ", changed_by=bureau
        )


def test_the_result_drops_the_extremes_of_five_evaluators_and_ranks_with_ties(bureau, notice, evaluators):
    first, second, third = eligible_applications(bureau, notice, "周明远", "钱卫东", "孙丽华")
    for evaluator, score in zip(evaluators, (95, 80, 70, 60, 40), strict=True):
        scored(evaluator, first, score, score, score)
    for evaluator, score in zip(evaluators, (70, 70, 70, 70, 70), strict=True):
        scored(evaluator, second, score, score, score)
    for evaluator in evaluators[:4]:  # four evaluators: every total counts
        scored(evaluator, third, 61, 61, 61)

    results = {r.application_id: r for r in panel_results(notice)}

    assert (results[first.pk].score, results[first.pk].rank, results[first.pk].tied) == (Decimal("70.00"), 1, True)
    assert (results[second.pk].score, results[second.pk].rank, results[second.pk].tied) == (Decimal("70.00"), 1, True)
    assert (results[third.pk].score, results[third.pk].rank) == (Decimal("61.00"), 3)


def test_a_panel_that_keeps_the_extremes_averages_all_five(bureau, city, evaluators):
    notice = closed_notice(bureau, city)
    selection_panel(bureau, notice, evaluators, drop_extremes=False, drop_extremes_from=5)
    (application,) = eligible_applications(bureau, notice, "周明远")
    for evaluator, score in zip(evaluators, (95, 80, 70, 60, 40), strict=True):
        scored(evaluator, application, score, score, score)
    assert panel_results(notice)[0].score == Decimal("69.00")


def test_an_evaluator_sees_only_their_panels_eligible_applicants_and_their_own_sheets(
    client_for, bureau, notice, evaluators, city
):
    eligible, other = eligible_applications(bureau, notice, "周明远", "钱卫东")
    pending = selection_application(notice, "孙丽华")
    other_notice = closed_notice(bureau, city, title="另一遴选公告", role="unit_adviser")
    (elsewhere,) = eligible_applications(bureau, other_notice, "李四")
    scored(evaluators[1], eligible, 80, 80, 80)
    client = client_for(evaluators[0])

    page = client.get(reverse("selection:scoring", args=[notice.panel.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "周明远" in text and "钱卫东" in text and "孙丽华" not in text
    assert client.get(reverse("selection:sheet", args=[eligible.pk])).status_code == 200
    assert client.get(reverse("selection:sheet", args=[pending.pk])).status_code == 404
    assert client.get(reverse("selection:sheet", args=[elsewhere.pk])).status_code == 404
    other_panel = selection_panel(bureau, other_notice, evaluators[1:2])
    assert client.get(reverse("selection:scoring", args=[other_panel.pk])).status_code == 404
    # Another evaluator's score is not on this evaluator's page.
    assert "80.00" not in client.get(reverse("selection:sheet", args=[eligible.pk])).content.decode()
    assert client.get(reverse("selection:review", args=[pending.pk])).status_code == 404


def test_the_sheet_page_declares_then_scores_then_submits(client_for, bureau, notice, evaluators):
    (application,) = eligible_applications(bureau, notice, "周明远")
    client = client_for(evaluators[0])
    url = reverse("selection:sheet", args=[application.pk])
    assert client.post(url, {"conflict": "yes", "conflict_note": ""}).status_code == 400
    assert client.post(url, {"conflict": "no"}).status_code == 302
    fields = {f"criterion_{c.pk}": "85" for c in criteria_of(notice)}
    first = f"criterion_{criteria_of(notice)[0].pk}"
    assert client.post(url, {**fields, first: "101"}).status_code == 400
    assert client.post(url, {**fields, "submit": "1"}).status_code == 302
    sheet = ScoreSheet.objects.get(application=application)
    assert sheet.is_submitted and sheet.total == Decimal("85.00")
    # Locked: a change without its reason is refused next to the reason field.
    response = client.post(url, {**fields, first: "90"})
    assert response.status_code == 400 and response.context["score_form"].errors["reason"]
    assert not ScoreChange.objects.exists()


def test_the_scoring_page_asks_a_fixed_number_of_queries(
    client_for, bureau, notice, evaluators, django_assert_max_num_queries
):
    applications = eligible_applications(bureau, notice, *[f"申请人{i}" for i in range(12)])
    for application in applications[:6]:
        scored(evaluators[0], application, 80, 80, 80)
    client = client_for(evaluators[0])
    # session, user, member (with its notice), applications, the evaluator's sheets (prefetch), savepoints
    with django_assert_max_num_queries(12):
        assert client.get(reverse("selection:scoring", args=[notice.panel.pk])).status_code == 200


def test_bureau_staff_on_the_panel_see_each_application_once(client_for, bureau, notice, evaluators):
    services.panel_member_add(actor=bureau, notice=notice, user=bureau)
    (application,) = eligible_applications(bureau, notice, "周明远")
    assert visible(bureau, Application).filter(pk=application.pk).count() == 1
    assert get_for(bureau, Application, pk=application.pk) == application
