"""The generator's selections: notices for the first rounds, applications with their documents' records, each
notice's panel and the panel's scores; the bench's evaluator and applicant accounts have rows to see, and the
selection pages the bench times stay within the query budget on the generated set."""

import random

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from perf.generator import Context, run
from perf.scales import SCALES
from selection.models import Application, ApplicationDocument, Panel, PanelMember, Score, ScoreSheet, SelectionNotice
from selection.panel.scoring import weighted_total

pytestmark = pytest.mark.django_db
BUDGET = 20  # the bench's page target


@pytest.fixture
def generated():
    with transaction.atomic():
        run(Context(scale=SCALES["test"], rng=random.Random(5), today=timezone.localdate(), log=lambda line: None))
        yield SCALES["test"]
        transaction.set_rollback(True)


def test_the_test_scale_has_its_notices_applications_documents_and_scores(generated):
    assert SelectionNotice.objects.count() == generated.selection_notices
    assert Application.objects.count() == generated.applications
    submitted = Application.objects.exclude(state=Application.State.DRAFT).count()
    assert ApplicationDocument.objects.count() == submitted * 3
    eligible = Application.objects.filter(state=Application.State.ELIGIBLE).count()
    assert eligible and ScoreSheet.objects.count() == eligible * generated.panel_size
    assert Score.objects.count() == ScoreSheet.objects.count() * 4
    sheet = ScoreSheet.objects.order_by("pk").first()
    values = {s.criterion_id: s.value for s in sheet.scores.all()}
    weights = {c.pk: c.weight for c in sheet.member.panel.criteria.all()}
    assert sheet.total == weighted_total(values, weights)


def test_the_bench_evaluator_sits_on_every_panel(generated):
    evaluator = User.objects.get(username="bench_evaluator_1")
    assert PanelMember.objects.filter(user=evaluator).count() == Panel.objects.count()


@pytest.mark.parametrize("page", ["public_list", "public_notice", "notice_applications", "scoring"])
def test_the_benched_selection_pages_stay_within_the_query_budget(
    generated, client_for, page, django_assert_max_num_queries
):
    notice = SelectionNotice.objects.order_by("pk").first()
    readers = {
        "notice_applications": User.objects.get(username="bench_bureau_1"),
        "scoring": User.objects.get(username="bench_evaluator_1"),
    }
    client = client_for(readers[page]) if page in readers else Client()
    args = {"public_list": [], "scoring": [Panel.objects.get(notice=notice).pk]}.get(page, [notice.pk])
    with django_assert_max_num_queries(BUDGET):
        assert client.get(reverse(f"selection:{page}", args=args)).status_code == 200
