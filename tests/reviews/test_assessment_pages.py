"""The officer scores an adviser, sees the grade, and completes the assessment with a decision."""

import pytest
from django.urls import reverse

from advisers.models import Engagement
from reviews.models import Assessment, VetoItem
from reviews.services import assessment_save, scheme_for_year
from tests.conftest import once
from tests.factories import EngagementFactory


def score_form(year, self_score, unit_score, **extra):
    data = {}
    for criterion in scheme_for_year(year).criteria.all():
        data[f"self_{criterion.pk}"] = self_score
        data[f"unit_{criterion.pk}"] = unit_score
    return {**data, **extra}


def test_the_officer_scores_and_sees_the_provisional_grade(client_for, officer_a, engagement_a, veto_items):
    client = client_for(officer_a)
    page = client.get(reverse("reviews:assessment_edit", args=[engagement_a.pk, 2025])).content.decode()
    assert "履职情况" in page and "40.00%" in page and "一票否决" in page
    response = client.post(
        reverse("reviews:assessment_edit", args=[engagement_a.pk, 2025]),
        once(score_form(2025, "95", "91")),
        follow=True,
    )
    page = response.content.decode()
    assert "评分已保存。" in page and "91.00" in page and "优秀" in page


def test_a_score_out_of_range_is_shown_next_to_its_field_and_nothing_is_saved(client_for, officer_a, engagement_a):
    response = client_for(officer_a).post(
        reverse("reviews:assessment_edit", args=[engagement_a.pk, 2025]), once(score_form(2025, "95", "120"))
    )
    assert response.status_code == 200
    assert "确保该值小于或等于100" in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_veto_item_in_the_form_gives_incompetent_and_renewal_is_refused(
    client_for, officer_a, engagement_a, veto_items
):
    client = client_for(officer_a)
    veto = VetoItem.objects.get(code="conflict")
    client.post(
        reverse("reviews:assessment_edit", args=[engagement_a.pk, 2025]),
        once(score_form(2025, "99", "99", vetoes=[veto.pk])),
    )
    assessment = Assessment.objects.get()
    assert assessment.grade == "incompetent"
    response = client.post(
        reverse("reviews:assessment_detail", args=[assessment.pk]), {"decision": "renew", "confirm": "on"}
    )
    assert response.status_code == 400
    assert "考核不合格的法律顾问不得续聘。" in response.content.decode()
    response = client.post(
        reverse("reviews:assessment_detail", args=[assessment.pk]),
        {"decision": "dismiss", "confirm": "on"},
        follow=True,
    )
    assert "考核已完成。" in response.content.decode()
    engagement_a.refresh_from_db()
    assert engagement_a.status == Engagement.Status.DISMISSED


def test_completing_needs_the_confirmation(client_for, officer_a, engagement_a):
    client = client_for(officer_a)
    client.post(reverse("reviews:assessment_edit", args=[engagement_a.pk, 2025]), once(score_form(2025, "80", "80")))
    assessment = Assessment.objects.get()
    response = client.post(reverse("reviews:assessment_detail", args=[assessment.pk]), {"decision": "renew"})
    assert response.status_code == 400
    assert Assessment.objects.get().status == "draft"


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_takes_the_same_number_of_queries_for_3_and_30_rows(
    client_for, bureau, unit_a, rows, django_assert_num_queries
):
    criteria = scheme_for_year(2025).criteria.all()
    for n in range(rows):
        engagement = EngagementFactory(unit=unit_a)
        if n % 2:
            assessment_save(engagement=engagement, year=2025, scores={c.pk: (80, 80) for c in criteria}, actor=None)
    client = client_for(bureau)
    # session, user (with unit and jurisdiction), the bureau account's TOTP device, savepoint,
    # page count, grade counts, page rows, release
    with django_assert_num_queries(8):
        response = client.get(reverse("reviews:assessments") + "?year=2025")
    assert len(response.context["page"].object_list) == rows
