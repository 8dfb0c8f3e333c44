"""The demo's adviser accounts: an incumbent city adviser and a law firm, each with a proposal waiting for the
one who confirms it, printed by seed_demo; their proposals change none of the article's figures."""

from django.urls import reverse

from accounts.models import User
from advisers.models import Confirmation, Engagement, Lecture, LegalOpinion
from advisers.selectors import meeting_summary


def test_seed_demo_prints_the_adviser_accounts(demo):
    assert "adviser         法律顾问 — 彭向东" in demo.output
    assert "adviser_firm    法律顾问 — 湖南湘楚律师事务所" in demo.output


def test_the_demo_adviser_is_an_incumbent_city_adviser_and_the_firm_a_law_firm(demo):
    adviser = User.objects.get(username="adviser")
    assert adviser.adviser.name == "彭向东" and adviser.get_full_name() == "彭向东"
    assert adviser.adviser.engagements.filter(role=Engagement.Role.CITY_ADVISER).exists()
    firm = User.objects.get(username="adviser_firm")
    assert firm.adviser.is_institution and firm.get_full_name() == "湖南湘楚律师事务所"


def test_the_demo_proposals_wait_for_the_bureau_and_the_officer(demo, client_for):
    lecture = Lecture.objects.get(proposed_by__username="adviser")
    opinion = LegalOpinion.objects.get(proposed_by__username="adviser_firm")
    assert lecture.confirmation == opinion.confirmation == Confirmation.PROPOSED
    bureau_page = client_for(User.objects.get(username="bureau")).get(reverse("advisers:proposals") + "?kind=lectures")
    assert lecture.topic in bureau_page.content.decode()
    officer = client_for(User.objects.get(username="officer"))
    waiting = {w.item.key: w.count for w in officer.get(reverse("portal:home")).context["waiting"]}
    assert waiting["advisers:proposals_to_confirm:opinions"] == 1
    assert waiting["advisers:proposals_to_confirm:lectures"] == 0  # 彭向东's lecture waits for the bureau


def test_the_demo_proposals_leave_the_articles_figures_as_they_are(demo):
    summary = meeting_summary()
    assert (summary["attendances"], summary["opinions"]) == (57, 289)
    assert LegalOpinion.objects.counted().filter(source=LegalOpinion.Source.MEETING).count() == 289
