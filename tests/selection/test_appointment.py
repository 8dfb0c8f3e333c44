"""The appointment: after the 公示, with no objection upheld or unanswered, the decision makes the round's
engagements (linked to the ones they replace) and one letter per adviser, numbered 株政聘〔2026〕N号 on from the
issuer's last of the year; exactly once, whoever clicks twice."""

import datetime as dt
import io
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.roles import Role
from advisers.models import ConflictFinding, Engagement, ReselectionRound
from selection.models import Application, AppointmentLetter, ConflictDeclaration, Objection, SelectionNotice
from selection.panel import services
from selection.panel.letters import filename
from selection.panel.selectors import publicity_days
from tests.factories import EngagementFactory, make_user, published_selection

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
LETTER = {"issuer_title": "mayor", "signatory": "曹慧泉", "prefix": "株政聘"}


@pytest.fixture
def evaluators(db):
    return [make_user(f"expert{i}", Role.EVALUATOR) for i in range(1, 4)]


def incumbent_at(unit):
    """A city adviser whose term ends this year, before the round's new term."""
    year = timezone.localdate().year
    return EngagementFactory(
        unit=unit,
        role="city_adviser",
        adviser__name="周明远",
        start_date=dt.date(year - 2, 1, 1),
        end_date=dt.date(year, 12, 31),
    )


@pytest.fixture
def incumbent(city):
    return incumbent_at(city)


@pytest.fixture
def notice(bureau, city, evaluators, incumbent):
    return published_selection(bureau, city, evaluators, incumbent.adviser, "钱卫东")


def after(notice):
    """Noon Beijing on the day after the publicity."""
    last = publicity_days(notice)[1] + dt.timedelta(days=1)
    return dt.datetime(last.year, last.month, last.day, 12, tzinfo=BEIJING)


def decide(bureau, notice, **extra):
    return services.appointment_decide(actor=bureau, notice=notice, **{**LETTER, **extra})


def test_the_appointment_waits_for_the_end_of_the_publicity(bureau, notice):
    last = publicity_days(notice)[1]
    last_second = dt.datetime(last.year, last.month, last.day, 23, 59, 59, tzinfo=BEIJING)
    with time_machine.travel(last_second, tick=False), pytest.raises(ValidationError) as refused:
        decide(bureau, notice)
    assert f"{last.month}月{last.day}日" in refused.value.messages[0]
    assert not Engagement.objects.exclude(adviser__name="周明远").exists()
    assert SelectionNotice.objects.get(pk=notice.pk).state == SelectionNotice.State.PUBLICITY


def test_the_appointment_creates_the_engagements_linked_to_the_ones_they_replace_and_numbered_letters(
    bureau, notice, incumbent
):
    with time_machine.travel(after(notice), tick=False):
        letters = decide(bureau, notice)
        today = timezone.localdate()

    assert [(letter.engagement.adviser.name, letter.code) for letter in letters] == [
        ("周明远", f"株政聘〔{today.year}〕1号"),
        ("钱卫东", f"株政聘〔{today.year}〕2号"),
    ]
    kept = letters[0].engagement
    assert kept.previous == incumbent and kept.letter_no == letters[0].code and kept.letter_date == today
    assert (kept.start_date, kept.end_date) == (notice.round.new_term_start, notice.round.new_term_end)
    assert Engagement.objects.get(pk=incumbent.pk).status == Engagement.Status.RENEWED
    assert letters[1].engagement.previous is None
    assert ReselectionRound.objects.get(pk=notice.round_id).status == ReselectionRound.Status.DECIDED
    assert set(Application.objects.filter(notice=notice).values_list("state", flat=True)) == {"selected"}
    assert SelectionNotice.objects.get(pk=notice.pk).state == SelectionNotice.State.DECIDED


def test_letter_numbers_run_on_per_issuer_and_year(bureau, city, evaluators, notice):
    with time_machine.travel(after(notice), tick=False):
        decide(bureau, notice)
    second = published_selection(bureau, city, evaluators, "孙丽华", title="第二批遴选公告", role="unit_adviser")
    with time_machine.travel(after(second), tick=False):
        (letter,) = decide(bureau, second)
    assert letter.number == 3
    with pytest.raises(IntegrityError), transaction.atomic():
        AppointmentLetter.objects.filter(pk=letter.pk).update(number=1)


def test_a_second_decision_creates_nothing(bureau, notice):
    with time_machine.travel(after(notice), tick=False):
        decide(bureau, notice)
        engagements, letters = Engagement.objects.count(), AppointmentLetter.objects.count()
        with pytest.raises(services.AlreadyDecided):
            decide(bureau, notice)
    assert (Engagement.objects.count(), AppointmentLetter.objects.count()) == (engagements, letters)


def test_a_second_click_on_the_page_creates_nothing_and_says_so(client_for, bureau, notice):
    url = reverse("selection:appoint", args=[notice.pk])
    data = {**LETTER, "issued_on": after(notice).date().isoformat()}
    with time_machine.travel(after(notice), tick=True):
        client = client_for(bureau)  # signed in on that day (an idle session ends after 30 minutes)
        first = client.post(url, data)
        second = client.post(url, data, follow=True)
    assert first.status_code == 302 and first["Location"] == reverse("selection:panel_manage", args=[notice.pk])
    assert second.status_code == 200
    assert AppointmentLetter.objects.count() == 2
    assert "聘任已经决定，没有重复创建任何记录" in second.content.decode()


@pytest.mark.parametrize("status", [Objection.Status.PENDING, Objection.Status.UPHELD])
def test_an_upheld_or_unanswered_objection_stops_the_appointment(bureau, notice, status):
    objection = services.objection_file(notice=notice, name="王五", contact="13900001111", text="得分有误。")
    if status == Objection.Status.UPHELD:
        services.objection_answer(actor=bureau, objection=objection, upheld=True, answer="经复核，异议成立。")
    with time_machine.travel(after(notice), tick=False), pytest.raises(ValidationError):
        decide(bureau, notice)
    assert not AppointmentLetter.objects.exists()
    assert SelectionNotice.objects.get(pk=notice.pk).state == SelectionNotice.State.PUBLICITY


def test_a_dismissed_objection_does_not_stop_it(bureau, notice):
    objection = services.objection_file(notice=notice, name="王五", contact="13900001111", text="得分有误。")
    services.objection_answer(actor=bureau, objection=objection, upheld=False, answer="经复核，得分无误。")
    with time_machine.travel(after(notice), tick=False):
        assert len(decide(bureau, notice)) == 2


def test_the_letter_pdf_names_the_adviser_the_number_and_the_term(client_for, bureau, notice):
    with time_machine.travel(after(notice), tick=False):
        letter = decide(bureau, notice)[1]
    response = client_for(bureau).get(reverse("selection:letter", args=[letter.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).replace(" ", "")
    engagement = letter.engagement
    assert "钱卫东" in text and letter.code in text
    start, end = engagement.start_date, engagement.end_date
    assert f"{start.year}年{start.month}月{start.day}日" in text and f"{end.year}年{end.month}月{end.day}日" in text
    assert "曹慧泉" in text
    assert LogEntry.objects.filter(actor=bureau, additional_data__event="download_appointment_letter").count() == 1
    assert filename(letter) in response["Content-Disposition"] or "filename*=" in response["Content-Disposition"]


def test_who_may_download_a_letter(client_for, bureau, notice, officer_a, county, evaluators, auditor):
    with time_machine.travel(after(notice), tick=False):
        letter = decide(bureau, notice)[0]
    url = reverse("selection:letter", args=[letter.pk])
    county_bureau = make_user("county_bureau", Role.BUREAU, county)
    for user in (officer_a, county_bureau, evaluators[0]):
        assert client_for(user).get(url).status_code == 404
    assert client_for(auditor).get(url).status_code == 200
    adviser_account = make_user("adviser_account", Role.ADVISER, adviser=letter.engagement.adviser)
    assert client_for(adviser_account).get(url).status_code == 200


def test_who_may_not_decide_is_refused_and_nothing_is_created(client_for, notice, officer_a, auditor, county):
    url = reverse("selection:appoint", args=[notice.pk])
    data = {**LETTER, "issued_on": after(notice).date().isoformat()}
    county_bureau = make_user("county_bureau", Role.BUREAU, county)
    with time_machine.travel(after(notice), tick=True):
        assert client_for(officer_a).post(url, data).status_code == 404
        assert client_for(county_bureau).post(url, data).status_code == 404
        assert client_for(auditor).post(url, data).status_code == 403
    assert not AppointmentLetter.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_decisions_create_one_set_of_engagements_and_letters(client_for, bureau, city, evaluators):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (two connections to one database): runs in the PostgreSQL CI run")
    incumbent = incumbent_at(city)
    notice = published_selection(bureau, city, evaluators, incumbent.adviser, "钱卫东")
    start, statuses = threading.Barrier(2), []
    url = reverse("selection:appoint", args=[notice.pk])
    data = {**LETTER, "issued_on": after(notice).date().isoformat()}

    def post(client):
        try:
            start.wait()
            response = client.post(url, data)
            statuses.append((response.status_code, response.get("Location")))
        finally:
            connection.close()

    with time_machine.travel(after(notice), tick=True):
        clients = [client_for(bureau), client_for(bureau)]  # signed in that day
        threads = [threading.Thread(target=post, args=(client,)) for client in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    assert statuses == [(302, reverse("selection:panel_manage", args=[notice.pk]))] * 2
    assert AppointmentLetter.objects.count() == 2
    assert Engagement.objects.filter(selected_from__isnull=False).count() == 2


def test_a_declared_conflict_holds_the_appointed_engagement_for_the_bureau(bureau, notice):
    newcomer = Application.objects.get(notice=notice, name="钱卫东")
    ConflictDeclaration.objects.create(
        application=newcomer, kind=ConflictDeclaration.Kind.choices[0][0], description="曾代理某公司诉本单位合同纠纷"
    )
    with time_machine.travel(after(notice), tick=False):
        letters = decide(bureau, notice)
    held = next(letter.engagement for letter in letters if letter.engagement.adviser.name == "钱卫东")
    kept = next(letter.engagement for letter in letters if letter.engagement.adviser.name == "周明远")
    assert Engagement.objects.get(pk=held.pk).status == Engagement.Status.PENDING_REVIEW
    assert "曾代理某公司诉本单位合同纠纷" in ConflictFinding.objects.get(engagement=held).message
    assert Engagement.objects.get(pk=kept.pk).status in Engagement.IN_FORCE
