"""The panel's half of the demo: a panel of five with some scores in on the open city notice (the `evaluator`
account on it), and 市教育局's finished round with its letters."""

from django.conf import settings
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from advisers.models import Engagement
from selection.models import AppointmentLetter, Objection, Panel, ScoreSheet, SelectionNotice


def test_the_city_notice_has_a_panel_of_five_with_some_scores_in(demo):
    panel = Panel.objects.get(notice__round__role=Engagement.Role.CITY_ADVISER)
    assert panel.members.count() == 5 and panel.members.filter(user__username="evaluator").exists()
    sheets = ScoreSheet.objects.filter(member__panel=panel)
    assert sheets.filter(submitted_at__isnull=False).exists() and sheets.filter(submitted_at__isnull=True).exists()
    client = Client()
    assert client.login(request=HttpRequest(), username="evaluator", password=settings.DEMO_PASSWORD)
    page = client.get(reverse("selection:scoring", args=[panel.pk]))
    assert page.status_code == 200 and "已提交" in page.content.decode()


def test_a_units_round_is_appointed_with_its_letters(demo):
    notice = SelectionNotice.objects.get(round__unit__name="市教育局")
    assert notice.state == SelectionNotice.State.DECIDED
    letters = AppointmentLetter.objects.filter(notice=notice).order_by("number")
    assert [letter.code for letter in letters] == [f"株教聘〔{letters[0].year}〕1号", f"株教聘〔{letters[0].year}〕2号"]
    assert all(letter.engagement.unit == notice.round.unit for letter in letters)
    assert Objection.objects.get(notice=notice).status == Objection.Status.DISMISSED
