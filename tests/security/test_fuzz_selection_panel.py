"""The panel's forms (selection.panel) fuzzed like the portal's: no input gives a 500, a refusal shows what is
wrong, and a refused submission changes no row."""

import datetime as dt
import os

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from selection.models import Criterion
from selection.panel import services
from selection.panel.selectors import publicity_days
from tests.factories import (
    closed_notice,
    eligible_applications,
    make_user,
    published_selection,
    selection_application,
    selection_panel,
)
from tests.security.fuzz import fuzz_form_post

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluators(db):
    return [make_user(f"expert{i}", Role.EVALUATOR) for i in range(1, 4)]


@pytest.fixture
def notice(bureau, city):
    return closed_notice(bureau, city)


def test_the_eligibility_review_survives_any_input(client_for, bureau, notice):
    application = selection_application(notice, "周明远")
    fuzz_form_post(
        client_for(bureau),
        reverse("selection:review", args=[application.pk]),
        max_examples=EXAMPLES,
        valid={"decision": "rejected", "reason": "执业不满五年。"},
        refusals={400: None},
    )


def test_adding_a_criterion_survives_any_input(client_for, bureau, notice):
    fuzz_form_post(
        client_for(bureau),
        reverse("selection:criterion_add", args=[notice.pk]),
        max_examples=EXAMPLES,
        valid={"name": "专业能力", "weight": "5", "order": "1"},
        refusals={400: None},
        once_token=True,
    )


def test_the_panel_settings_and_members_survive_any_input(client_for, bureau, notice, evaluators):
    client = client_for(bureau)
    fuzz_form_post(
        client,
        reverse("selection:panel_settings", args=[notice.pk]),
        max_examples=EXAMPLES,
        valid={"drop_extremes": "on", "drop_extremes_from": "5"},
        refusals={400: None},
    )
    fuzz_form_post(
        client,
        reverse("selection:panel_member_add", args=[notice.pk]),
        max_examples=EXAMPLES,
        valid={"user": evaluators[0].pk},
        refusals={400: None},
    )


def test_a_score_sheet_survives_any_input(client_for, bureau, notice, evaluators):
    selection_panel(bureau, notice, evaluators)
    (application,) = eligible_applications(bureau, notice, "周明远")
    client = client_for(evaluators[0])
    url = reverse("selection:sheet", args=[application.pk])
    fuzz_form_post(
        client,
        url,
        max_examples=EXAMPLES,
        valid={"conflict": "no", "conflict_note": ""},
        refusals={400: None},
    )
    criteria = Criterion.objects.filter(panel__notice=notice)
    fuzz_form_post(
        client,
        url,
        max_examples=EXAMPLES,
        valid={**{f"criterion_{c.pk}": "88.5" for c in criteria}, "submit": "1", "reason": "更正"},
        refusals={400: None},
    )


def test_publishing_the_proposed_list_survives_any_input(client_for, bureau, notice, evaluators):
    selection_panel(bureau, notice, evaluators)
    applications = eligible_applications(bureau, notice, "周明远", "钱卫东")
    for application in applications:
        for evaluator in evaluators:
            services.sheet_score(
                actor=evaluator,
                sheet=services.sheet_declare(actor=evaluator, application=application, conflict=False),
                values={c.pk: 80 for c in Criterion.objects.filter(panel__notice=notice)},
                submit=True,
            )
    fuzz_form_post(
        client_for(bureau),
        reverse("selection:publicity_publish", args=[notice.pk]),
        max_examples=EXAMPLES,
        valid={"starts_on": timezone.localdate().isoformat(), "applications": [a.pk for a in applications]},
        refusals={400: None},
    )


@pytest.fixture
def announced(bureau, city, evaluators):
    return published_selection(bureau, city, evaluators, "周明远", "钱卫东", title="公示中的公告", role="unit_adviser")


def test_the_public_objection_form_survives_any_input(client, announced):
    def fresh_client():
        cache.clear()  # the throttle would otherwise answer 429 after a few examples
        return client

    fuzz_form_post(
        fresh_client,
        reverse("selection:publicity", args=[announced.pk]),
        max_examples=EXAMPLES,
        valid={"concerning": "", "name": "王五", "contact": "13900001111", "text": "得分有误。"},
        refusals={400: None},
    )


def test_answering_an_objection_and_deciding_survive_any_input(client_for, bureau, announced):
    objection = services.objection_file(notice=announced, name="王五", contact="139", text="有误。")
    client = client_for(bureau)
    fuzz_form_post(
        client,
        reverse("selection:objection_answer", args=[objection.pk]),
        max_examples=EXAMPLES,
        valid={f"o{objection.pk}-outcome": "dismissed", f"o{objection.pk}-answer": "经复核，得分无误。"},
        refusals={400: None},
    )
    last = publicity_days(announced)[1] + dt.timedelta(days=1)
    with time_machine.travel(dt.datetime(last.year, last.month, last.day, 10, tzinfo=dt.UTC), tick=True):
        fuzz_form_post(
            client,
            reverse("selection:appoint", args=[announced.pk]),
            max_examples=EXAMPLES,
            valid={"issuer_title": "mayor", "signatory": "曹慧泉", "prefix": "株政聘", "issued_on": last.isoformat()},
            refusals={400: None},
            success=(302,),
        )
