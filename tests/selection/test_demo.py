"""The demo's 2026–2028 re-selection notice of the city government: open, linked to the demo round, with
applications in every state, and the `applicant` and `evaluator` accounts."""

from django.conf import settings
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from advisers.models import Engagement, ReselectionRound
from selection.models import Application, SelectionNotice


def test_the_city_round_has_an_open_public_notice(demo):
    round_ = ReselectionRound.objects.get(role=Engagement.Role.CITY_ADVISER)
    notice = SelectionNotice.objects.get(round=round_)
    assert notice.accepts_applications()
    assert dict(notice.positions.values_list("kind", "count")) == {"scholar": 4, "lawyer": 8}
    page = Client().get(reverse("selection:public_notice", args=[notice.pk])).content.decode()
    assert "第二届市人民政府法律顾问" in page and "正在报名" in page


def test_applications_in_every_state_before_the_outcome(demo):
    # The city's notice (a unit's finished round, selection.panel.demo, has its outcome).
    city = Application.objects.filter(notice__round__role=Engagement.Role.CITY_ADVISER)
    states = set(city.values_list("state", flat=True))
    assert states == {"draft", "submitted", "withdrawn", "eligible", "rejected"}
    incumbents = city.filter(candidate__incumbent__isnull=False)
    assert incumbents.count() == 8 and all(a.adviser.engagements.exists() for a in incumbents)
    assert city.filter(conflicts__isnull=False).count() == 1
    assert city.get(state="rejected").rejection_reason


def test_the_applicant_signs_in_and_sees_their_application(demo):
    client = Client()
    assert client.login(request=HttpRequest(), username="applicant", password=settings.DEMO_PASSWORD)
    page = client.get(reverse("selection:mine")).content.decode()
    assert "已提交" in page and Application.objects.get(applicant__username="applicant").notice.title in page


def test_the_evaluator_account_exists_with_the_demo_password(demo):
    assert Client().login(request=HttpRequest(), username="evaluator", password=settings.DEMO_PASSWORD)
