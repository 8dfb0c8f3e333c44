from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.jurisdictions import effective, top_of
from accounts.policy import advisers_among, bureau_staff_of, officers_of
from accounts.services import notify
from advisers.models import Engagement
from advisers.services import engagement_dismiss
from audit.trail import acting_as

from ..grades import Grade
from ..models import Assessment, AssessmentCriterion, AssessmentScheme, AssessmentScore, Decision, VetoItem
from ..models.assessments import DEFAULT_CRITERIA
from ..records import engagements_in_year

CENT = Decimal("0.01")


def scheme_for_year(year: int, where=None) -> AssessmentScheme:
    """The year's scheme in force for `where` (an engagement's unit, or a jurisdiction; None: the top
    level's): its jurisdiction's own, else the nearest above.

    A new year starts from the previous year's criteria and thresholds (else the defaults), kept by the
    jurisdiction that kept the previous one (a county that never set its own goes on using its city's).
    """
    scheme = effective(AssessmentScheme.objects.filter(year=year), where).first()
    if scheme is not None:
        return scheme
    with transaction.atomic():
        previous = effective(AssessmentScheme.objects.filter(year__lt=year), where).order_by("-year").first()
        scheme, created = AssessmentScheme.objects.get_or_create(
            jurisdiction=previous.jurisdiction if previous else top_of(where),
            year=year,
            defaults={f: getattr(previous, f) for f in ("excellent_min", "competent_min", "basic_min")}
            if previous
            else {},
        )
        if created:
            if previous:
                rows = [(c.code, c.name, c.weight) for c in previous.criteria.all()]
            else:
                with override(settings.LANGUAGE_CODE):  # criteria are data, stored in the interface language
                    rows = [(code, str(name), weight) for code, name, weight in DEFAULT_CRITERIA]
            for order, (code, name, weight) in enumerate(rows):
                AssessmentCriterion.objects.create(scheme=scheme, code=code, name=name, weight=weight, order=order)
    return scheme


def check_weights(criteria: Iterable[AssessmentCriterion]) -> None:
    total = sum((c.weight for c in criteria), Decimal("0"))
    if total != Decimal("100"):
        raise ValidationError(
            _("The criteria's weights add up to %(total)s; they must add up to 100.") % {"total": total}
        )


def weighted_total(scores: Iterable[tuple[AssessmentCriterion, Decimal]]) -> Decimal:
    return sum((score * criterion.weight / 100 for criterion, score in scores), Decimal("0")).quantize(CENT)


def assessment_save(
    *,
    engagement: Engagement,
    year: int,
    scores: Mapping[int, tuple[Decimal, Decimal]],
    veto_ids: Iterable[int] = (),
    comments: str = "",
    actor,
) -> Assessment:
    """Save a draft assessment: `scores` maps criterion id → (self-score, unit score).

    The totals and the provisional grade are computed here; any veto item forces Incompetent.
    """
    if not engagements_in_year(year).filter(pk=engagement.pk).exists():
        raise ValidationError({"year": _("The engagement's term does not cover %(year)s.") % {"year": year}})
    scheme = scheme_for_year(year, engagement.unit)
    criteria = list(scheme.criteria.all())
    check_weights(criteria)
    missing = [c.name for c in criteria if c.pk not in scores]
    if missing:
        raise ValidationError(_("Score every criterion: %(names)s.") % {"names": "、".join(missing)})
    vetoes = list(VetoItem.objects.filter(pk__in=list(veto_ids), is_active=True))
    with transaction.atomic(), acting_as(actor):
        assessment = Assessment.objects.select_for_update().filter(engagement=engagement, year=year).first()
        if assessment is None:
            assessment = Assessment(engagement=engagement, year=year, scheme=scheme)
        elif assessment.is_completed:
            raise ValidationError(_("This assessment has been completed and can no longer be changed."))
        assessment.self_total = weighted_total((c, scores[c.pk][0]) for c in criteria)
        assessment.unit_total = weighted_total((c, scores[c.pk][1]) for c in criteria)
        assessment.vetoed = bool(vetoes)
        assessment.grade = Grade.INCOMPETENT if vetoes else scheme.grade_for_total(assessment.unit_total)
        assessment.comments = comments.strip()
        assessment.full_clean()
        assessment.save()
        assessment.vetoes.set(vetoes)
        for criterion in criteria:
            self_score, unit_score = scores[criterion.pk]
            score = AssessmentScore.objects.filter(
                assessment=assessment, criterion=criterion
            ).first() or AssessmentScore(assessment=assessment, criterion=criterion)
            score.self_score, score.unit_score = self_score, unit_score
            score.full_clean()
            score.save()
    return assessment


def assessment_complete(*, assessment: Assessment, decision: str, actor) -> Assessment:
    """Record the decision. Dismissal ends the engagement; the grade feeds the fee settlement."""
    with transaction.atomic(), acting_as(actor):
        assessment = (
            Assessment.objects.select_for_update(of=("self",))
            .select_related("engagement__unit", "engagement__adviser")
            .get(pk=assessment.pk)
        )
        if assessment.is_completed:
            raise ValidationError(_("This assessment has already been completed."))
        if not assessment.scores.exists():
            raise ValidationError(_("Score the criteria before completing the assessment."))
        if decision not in Decision.values:
            raise ValidationError({"decision": _("Choose a decision.")})
        if assessment.grade == Grade.INCOMPETENT and decision == Decision.RENEW:
            raise ValidationError({"decision": _("An adviser graded Incompetent cannot be renewed.")})
        assessment.decision = decision
        assessment.status = Assessment.Status.COMPLETED
        assessment.completed_at = timezone.now()
        assessment.completed_by = actor
        assessment.full_clean()
        assessment.save()
        if decision == Decision.DISMISS:
            engagement_dismiss(actor=actor, engagement=assessment.engagement)
        engagement = assessment.engagement
        notify(
            bureau_staff_of(engagement.unit.jurisdiction_id)
            | officers_of([engagement.unit_id])
            | advisers_among([engagement.adviser_id]),
            kind="assessment:completed",
            title=_("The %(year)s assessment of %(adviser)s for %(unit)s was completed: %(grade)s")
            % {
                "year": assessment.year,
                "adviser": engagement.adviser.name,
                "unit": engagement.unit,
                "grade": assessment.get_grade_display(),
            },
            link=reverse("reviews:assessment_detail", args=[assessment.pk]),
            actor=actor,
        )
    return assessment
