"""公示: the proposed list is published on the public page for the notice's days (Beijing dates, both ends
included); anyone may object during them through a throttled public form; the bureau answers each objection
(upheld or dismissed, with a reason)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notice
from accounts.roles import Role
from selection.models import Objection, Proposed, SelectionNotice
from selection.panel import services
from selection.panel.selectors import publicity_days
from tests.factories import closed_notice, make_user, published_selection

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def evaluators(db):
    return [make_user(f"expert{i}", Role.EVALUATOR) for i in range(1, 4)]


@pytest.fixture
def notice(bureau, city, evaluators):
    return published_selection(bureau, city, evaluators, "周明远", "钱卫东", publicity_days=5)


def at(day: dt.date, hour=0, minute=0, second=0):
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=BEIJING)


def file(notice, **extra):
    return services.objection_file(notice=notice, name="王五", contact="13900001111", text="得分有误。", **extra)


def test_the_proposed_list_carries_each_ones_rank_and_score_and_the_notice_its_publicity(notice):
    assert notice.state == SelectionNotice.State.PUBLICITY
    rows = list(Proposed.objects.filter(notice=notice).order_by("rank"))
    assert [(r.application.name, r.rank, str(r.score)) for r in rows] == [
        ("周明远", 1, "90.00"),
        ("钱卫东", 2, "89.00"),
    ]
    first, last = publicity_days(notice)
    assert first == timezone.localdate() and last == first + dt.timedelta(days=4)


def test_objections_are_accepted_from_the_first_to_the_last_beijing_day_of_the_publicity(notice):
    first, last = publicity_days(notice)
    # 00:00 Beijing on the first day is still the day before in UTC.
    with time_machine.travel(at(first), tick=False):
        assert timezone.now().astimezone(dt.UTC).date() == first - dt.timedelta(days=1)
        file(notice)
    with time_machine.travel(at(last, 23, 59, 59), tick=False):
        file(notice)
    assert Objection.objects.count() == 2


@pytest.mark.parametrize("moment", ["the evening before", "the first second after"])
def test_objections_outside_the_publicity_are_refused_with_its_dates(notice, moment):
    first, last = publicity_days(notice)
    instant = (
        at(first - dt.timedelta(days=1), 23, 59, 59)
        if moment == "the evening before"
        else at(last + dt.timedelta(days=1))
    )
    with time_machine.travel(instant, tick=False), pytest.raises(ValidationError) as refused:
        file(notice)
    assert f"{first.month}月{first.day}日" in refused.value.messages[0]
    assert not Objection.objects.exists()


def test_the_public_page_shows_the_list_without_contact_data_and_takes_an_objection(client, notice):
    url = reverse("selection:publicity", args=[notice.pk])
    assert url in client.get(reverse("selection:public_notice", args=[notice.pk])).content.decode()
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "周明远" in text and "90.00" in text
    application = Proposed.objects.get(notice=notice, rank=1).application
    assert application.licence_no not in text and application.applicant.email not in text

    response = client.post(url, {"name": "王五", "contact": "13900001111", "text": ""})
    assert response.status_code == 400 and not Objection.objects.exists()
    response = client.post(url, {"name": "王五", "contact": "13900001111", "text": "得分有误。"})
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert objection.status == Objection.Status.PENDING
    # The bureau running the round is told.
    assert Notice.objects.filter(kind="selection_objection").exists()


def test_the_objection_form_is_throttled_per_client_address(client, notice):
    url = reverse("selection:publicity", args=[notice.pk])
    data = {"name": "王五", "contact": "13900001111", "text": "得分有误。"}
    statuses = [client.post(url, data).status_code for _ in range(6)]
    assert statuses[:5] == [302] * 5 and statuses[5] == 429
    assert Objection.objects.count() == 5


def test_a_notice_without_publicity_has_no_public_list(client, bureau, city):
    notice = closed_notice(bureau, city, title="尚未公示的公告", role="unit_adviser")
    assert client.get(reverse("selection:publicity", args=[notice.pk])).status_code == 404


def test_the_bureau_answers_an_objection_with_a_reason(client_for, bureau, notice):
    objection = file(notice)
    url = reverse("selection:objection_answer", args=[objection.pk])
    client = client_for(bureau)
    response = client.post(url, {f"o{objection.pk}-outcome": "dismissed", f"o{objection.pk}-answer": ""})
    assert response.status_code == 400
    assert Objection.objects.get(pk=objection.pk).status == Objection.Status.PENDING
    response = client.post(
        url, {f"o{objection.pk}-outcome": "dismissed", f"o{objection.pk}-answer": "经复核，得分无误。"}
    )
    assert response.status_code == 302
    objection.refresh_from_db()
    assert (objection.status, objection.answer, objection.answered_by) == ("dismissed", "经复核，得分无误。", bureau)
    with pytest.raises(ValidationError):
        services.objection_answer(actor=bureau, objection=objection, upheld=True, answer="再次答复")


def test_an_answer_without_a_reason_is_refused_by_the_database_too(bureau, notice):
    objection = file(notice)
    with pytest.raises(IntegrityError), transaction.atomic():
        Objection.objects.filter(pk=objection.pk).update(
            status="upheld", answer="", answered_by=bureau, answered_at=timezone.now()
        )


def test_who_may_not_answer_is_refused(client_for, notice, officer_a, auditor, evaluators, county):
    objection = file(notice)
    url = reverse("selection:objection_answer", args=[objection.pk])
    data = {f"o{objection.pk}-outcome": "upheld", f"o{objection.pk}-answer": "成立"}
    county_bureau = make_user("county_bureau", Role.BUREAU, county)
    for user in (officer_a, county_bureau, evaluators[0]):
        assert client_for(user).post(url, data).status_code == 404
    assert client_for(auditor).post(url, data).status_code == 403
    assert Objection.objects.get(pk=objection.pk).status == Objection.Status.PENDING
