"""Weighted scores give the grade; veto items force Incompetent; the decision acts on the engagement."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from advisers.models import Engagement
from reviews.grades import Grade
from reviews.models import Assessment, AssessmentCriterion, Decision, VetoItem
from reviews.selectors import grade_for
from reviews.services import assessment_complete, assessment_save, scheme_for_year


def _scores(year, unit_scores, self_score=Decimal("90")):
    criteria = list(scheme_for_year(year).criteria.all())
    if not isinstance(unit_scores, list):
        unit_scores = [unit_scores] * len(criteria)
    return {c.pk: (self_score, Decimal(s)) for c, s in zip(criteria, unit_scores, strict=True)}


def test_a_new_year_gets_the_default_criteria_and_weights(city):
    scheme = scheme_for_year(2025)
    rows = [(c.name, c.weight) for c in scheme.criteria.all()]
    assert [w for _, w in rows] == [40, 30, 15, 10, 5]
    assert [n for n, _ in rows] == ["履职情况", "服务质量", "职业操守", "工作纪律", "加分项目"]
    assert (scheme.excellent_min, scheme.competent_min, scheme.basic_min) == (90, 75, 60)


def test_the_total_is_weighted_by_the_criteria(engagement_a, officer_a):
    # 40% × 100 + 30% × 80 + 15% × 60 + 10% × 50 + 5% × 0 = 40 + 24 + 9 + 5 + 0 = 78
    assessment = assessment_save(
        engagement=engagement_a, year=2025, scores=_scores(2025, [100, 80, 60, 50, 0]), actor=officer_a
    )
    assert assessment.unit_total == Decimal("78.00")
    assert assessment.self_total == Decimal("90.00")
    assert assessment.grade == Grade.COMPETENT


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("90", Grade.EXCELLENT),
        ("89.99", Grade.COMPETENT),
        ("75", Grade.COMPETENT),
        ("74", Grade.BASIC),
        ("60", Grade.BASIC),
        ("59.5", Grade.INCOMPETENT),
    ],
)
def test_grade_bands(engagement_a, officer_a, score, grade):
    assessment = assessment_save(engagement=engagement_a, year=2025, scores=_scores(2025, score), actor=officer_a)
    assert assessment.grade == grade


def test_thresholds_and_weights_are_configurable_per_year_and_carried_forward(engagement_a, officer_a):
    scheme = scheme_for_year(2025)
    scheme.excellent_min = Decimal("95")
    scheme.save()
    assessment = assessment_save(engagement=engagement_a, year=2025, scores=_scores(2025, "92"), actor=officer_a)
    assert assessment.grade == Grade.COMPETENT
    assert scheme_for_year(2026).excellent_min == Decimal("95")  # the next year starts from this one
    assert scheme_for_year(2026).criteria.count() == 5


def test_weights_that_do_not_add_up_to_100_are_refused(engagement_a, officer_a):
    scheme = scheme_for_year(2025)
    AssessmentCriterion.objects.filter(scheme=scheme, code="bonus").update(weight=10)
    with pytest.raises(ValidationError, match="100"):
        assessment_save(engagement=engagement_a, year=2025, scores=_scores(2025, "90"), actor=officer_a)


def test_a_veto_item_forces_incompetent_whatever_the_scores(engagement_a, officer_a, veto_items):
    veto = VetoItem.objects.get(code="conflict")
    assessment = assessment_save(
        engagement=engagement_a, year=2025, scores=_scores(2025, "98"), veto_ids=[veto.pk], actor=officer_a
    )
    assert assessment.unit_total == Decimal("98.00")
    assert assessment.grade == Grade.INCOMPETENT
    assert assessment.vetoed


def test_the_database_refuses_a_vetoed_assessment_with_a_better_grade(engagement_a, officer_a, veto_items):
    veto = VetoItem.objects.get(code="secrets")
    assessment = assessment_save(
        engagement=engagement_a, year=2025, scores=_scores(2025, "98"), veto_ids=[veto.pk], actor=officer_a
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(grade=Grade.EXCELLENT)


def test_an_incompetent_adviser_cannot_be_renewed(engagement_a, officer_a):
    assessment = assessment_save(engagement=engagement_a, year=2025, scores=_scores(2025, "40"), actor=officer_a)
    with pytest.raises(ValidationError) as exc:
        assessment_complete(assessment=assessment, decision=Decision.RENEW, actor=officer_a)
    assert "decision" in exc.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(
            decision=Decision.RENEW, status="completed", completed_at="2026-01-05T10:00:00+08:00"
        )


def test_dismissal_ends_the_engagement_and_is_audited(engagement_a, officer_a):
    from auditlog.models import LogEntry

    assessment = assessment_save(engagement=engagement_a, year=2025, scores=_scores(2025, "50"), actor=officer_a)
    assessment_complete(assessment=assessment, decision=Decision.DISMISS, actor=officer_a)
    engagement_a.refresh_from_db()
    assert engagement_a.status == Engagement.Status.DISMISSED
    entry = LogEntry.objects.get_for_object(engagement_a).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == officer_a
    assert entry.changes_dict["status"] == ["active", "dismissed"]


def test_renewal_and_rectification_leave_the_engagement_active(engagement_a, engagement_b, officer_a, officer_b):
    for engagement, officer, decision in [
        (engagement_a, officer_a, Decision.RENEW),
        (engagement_b, officer_b, Decision.RECTIFY),
    ]:
        assessment = assessment_save(engagement=engagement, year=2025, scores=_scores(2025, "80"), actor=officer)
        assessment_complete(assessment=assessment, decision=decision, actor=officer)
        engagement.refresh_from_db()
        assert engagement.status == Engagement.Status.ACTIVE


def test_grade_for_only_counts_completed_assessments(engagement_a, officer_a):
    assessment = assessment_save(engagement=engagement_a, year=2025, scores=_scores(2025, "92"), actor=officer_a)
    assert grade_for(engagement_a, 2025) is None
    assessment_complete(assessment=assessment, decision=Decision.RENEW, actor=officer_a)
    assert grade_for(engagement_a, 2025) == Grade.EXCELLENT
    assert grade_for(engagement_a, 2024) is None


def test_a_completed_assessment_cannot_be_changed(engagement_a, officer_a):
    assessment = assessment_save(engagement=engagement_a, year=2025, scores=_scores(2025, "80"), actor=officer_a)
    assessment_complete(assessment=assessment, decision=Decision.RENEW, actor=officer_a)
    with pytest.raises(ValidationError):
        assessment_save(engagement=engagement_a, year=2025, scores=_scores(2025, "10"), actor=officer_a)


def test_every_criterion_must_be_scored(engagement_a, officer_a):
    scores = _scores(2025, "80")
    scores.popitem()
    with pytest.raises(ValidationError, match="加分项目"):
        assessment_save(engagement=engagement_a, year=2025, scores=scores, actor=officer_a)


def test_a_reselection_round_sees_the_incumbents_completed_assessments(engagement_a, officer_a):
    from advisers.history import incumbent_histories

    assessment = assessment_save(engagement=engagement_a, year=2025, scores=_scores(2025, "92"), actor=officer_a)
    assert incumbent_histories([engagement_a])[engagement_a.pk].assessments == []
    assessment_complete(assessment=assessment, decision=Decision.RENEW, actor=officer_a)
    [summary] = incumbent_histories([engagement_a])[engagement_a.pk].assessments
    assert (summary.year, summary.grade, summary.grade_label) == (2025, Grade.EXCELLENT, "优秀")
