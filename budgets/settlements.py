"""Pay for performance (按效付费): at year end each engagement is paid its approved amount × the
coefficient of its adviser's assessment grade; the finance bureau confirms."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.jurisdictions import effective
from accounts.models import Unit, User
from accounts.policy import VIEW, finance_staff_of, officers_of, policy_for
from accounts.services import notify
from audit.trail import acting_as
from reviews.grades import Grade
from reviews.selectors import grade_for as assessment_grade

from .models import BudgetLine, BudgetRequest, GradeCoefficient, Settlement
from .policies import CONFIRM, PREPARE
from .services import BudgetConflict

SOURCE = Settlement.GradeSource
DEFAULT_COEFFICIENTS = {
    Grade.EXCELLENT: Decimal("1.00"),
    Grade.COMPETENT: Decimal("0.90"),
    Grade.BASIC: Decimal("0.70"),
    Grade.INCOMPETENT: Decimal("0.00"),
}


def coefficient_for(grade: str, where) -> Decimal:
    """The coefficient for `grade` in force for `where` (the paying unit, or a jurisdiction): its
    jurisdiction's, else the nearest above; the default table when none has set one."""
    rows = effective(GradeCoefficient.objects.filter(grade=grade), where)
    stored = rows.values_list("coefficient", flat=True).first()
    return stored if stored is not None else DEFAULT_COEFFICIENTS[Grade(grade)]


def settlement_amount(approved: Decimal, coefficient: Decimal) -> Decimal:
    """approved × coefficient, rounded half up to the fen."""
    return (approved * coefficient).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def approved_budget_for(engagement, year: int):
    """(paying unit, approved amount) from the approved request lines that fund this engagement in `year`."""
    rows = list(
        BudgetLine.objects.filter(
            engagement=engagement, request__year=year, request__status=BudgetRequest.Status.APPROVED
        )
        .values("request__unit")
        .annotate(total=Sum("approved_amount"))
    )
    if not rows:
        raise ValidationError(
            _("No approved budget line funds this engagement in %(year)s: there is nothing to settle.") % {"year": year}
        )
    if len(rows) > 1:
        raise ValidationError(
            _("More than one budget unit funds this engagement; settle it with each unit separately.")
        )
    return Unit.objects.get(pk=rows[0]["request__unit"]), rows[0]["total"]


def settlement_prepare(*, engagement, year: int, actor: User, grade: str = "", reason: str = "") -> Settlement:
    """Compute the payable amount; finance confirms it later. The grade is the completed assessment's; only
    without one are `grade` and the `reason` there is none taken (and marked as entered by hand)."""
    if not policy_for(Settlement).can(actor, PREPARE) or not policy_for(type(engagement)).can(actor, VIEW, engagement):
        raise PermissionDenied
    assessed = assessment_grade(engagement, year)
    if not assessed:
        errors = {}
        if grade not in Grade.values:
            errors["grade"] = _("No annual assessment was completed for %(year)s: choose the grade.") % {"year": year}
        if not reason.strip():
            errors["reason"] = _("Say why the grade is entered by hand (for example: assessed on paper).")
        if errors:
            raise ValidationError(errors)
    unit, approved = approved_budget_for(engagement, year)
    with transaction.atomic(), acting_as(actor):
        settlement = Settlement.objects.select_for_update().filter(engagement=engagement, year=year).first()
        if settlement is None:
            settlement = Settlement(engagement=engagement, year=year)
        elif settlement.status == Settlement.Status.CONFIRMED:
            raise BudgetConflict(_("This settlement has already been confirmed by the finance bureau."))
        settlement.unit, settlement.approved_amount, settlement.prepared_by = unit, approved, actor
        if assessed:
            settlement.grade, settlement.grade_source, settlement.grade_reason = assessed, SOURCE.ASSESSMENT, ""
        else:
            settlement.grade, settlement.grade_source, settlement.grade_reason = grade, SOURCE.MANUAL, reason.strip()
        settlement.coefficient = coefficient_for(settlement.grade, unit)
        settlement.amount = settlement_amount(approved, settlement.coefficient)
        settlement.full_clean()
        settlement.save()
        _tell(
            settlement,
            kind="prepared",
            title=_("Settlement of %(adviser)s for %(year)s prepared: %(amount)s yuan, to confirm")
            % {"adviser": engagement.adviser.name, "year": year, "amount": f"{settlement.amount:,}"},
            recipients=finance_staff_of(unit.jurisdiction_id),
            actor=actor,
        )
    return settlement


def _tell(settlement: Settlement, *, kind: str, title: str, recipients: Q, actor: User) -> None:
    """A notice of this step to `recipients` and the unit's legal officers; it opens the year's settlements."""
    status = Settlement.Status.PREPARED if kind == "prepared" else Settlement.Status.CONFIRMED
    notify(
        recipients | officers_of([settlement.unit_id]),
        kind=f"settlement:{kind}",
        title=title,
        link=reverse("budgets:settlements") + f"?year={settlement.year}&status={status}",
        actor=actor,
    )


def settlement_confirm(*, settlement: Settlement, actor: User) -> Settlement:
    """The finance bureau confirms; amount recomputed from the current grade and coefficient table."""
    if not policy_for(Settlement).can(actor, CONFIRM, settlement):
        raise PermissionDenied
    with transaction.atomic(), acting_as(actor):
        locked = Settlement.objects.select_for_update().select_related("engagement", "unit").get(pk=settlement.pk)
        if locked.status != Settlement.Status.PREPARED:
            raise BudgetConflict(_("This settlement has already been confirmed. Nothing was saved."))
        if locked.prepared_by_id == actor.pk:
            raise ValidationError(_("You prepared this settlement: another finance approver must confirm it."))
        assessed = assessment_grade(locked.engagement, locked.year)
        if assessed:
            # An assessment completed since the settlement was prepared replaces a hand-entered grade.
            locked.grade, locked.grade_source, locked.grade_reason = assessed, SOURCE.ASSESSMENT, ""
        elif locked.grade_source != SOURCE.MANUAL:
            raise ValidationError(_("The engagement has no assessment grade for %(year)s yet.") % {"year": locked.year})
        locked.coefficient = coefficient_for(locked.grade, locked.unit)
        locked.amount = settlement_amount(locked.approved_amount, locked.coefficient)
        locked.status = Settlement.Status.CONFIRMED
        locked.confirmed_by, locked.confirmed_at, locked.settled_on = actor, timezone.now(), timezone.localdate()
        locked.full_clean()
        locked.save()
        _tell(
            locked,
            kind="confirmed",
            title=_("Settlement of %(adviser)s for %(year)s confirmed: %(amount)s yuan")
            % {"adviser": locked.engagement.adviser.name, "year": locked.year, "amount": f"{locked.amount:,}"},
            recipients=Q(pk=locked.prepared_by_id),
            actor=actor,
        )
    return locked
