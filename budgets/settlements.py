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

from accounts.audit import acting_as
from accounts.jurisdictions import effective
from accounts.models import Unit, User
from accounts.policy import VIEW, finance_staff_of, officers_of, policy_for
from accounts.services import notify
from reviews.grades import Grade

from .models import ZERO, BudgetLine, BudgetRequest, GradeCoefficient, Settlement
from .policies import CONFIRM, PREPARE
from .services import BudgetConflict

DEFAULT_COEFFICIENTS = {
    Grade.EXCELLENT: Decimal("1.00"),
    Grade.COMPETENT: Decimal("0.90"),
    Grade.BASIC: Decimal("0.70"),
    Grade.INCOMPETENT: Decimal("0.00"),
}


def grade_for(engagement, year: int) -> str | None:
    """The assessment grade that sets `engagement`'s settlement coefficient for `year`.

    THE single place where the grade comes from: the unit's completed annual assessment (reviews app).
    Only where no assessment was completed (years before the system, advisers assessed on paper) does
    the grade entered by hand on the settlement count. settlement_prepare and settlement_confirm both ask.
    """
    from reviews.selectors import grade_for as assessment_grade

    return assessment_grade(engagement, year) or (
        Settlement.objects.filter(engagement=engagement, year=year).values_list("grade", flat=True).first() or None
    )


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


def settlement_prepare(*, engagement, year: int, grade: str, actor: User) -> Settlement:
    """Record the (hand-entered) grade and compute the payable amount; finance confirms it later."""
    if not policy_for(Settlement).can(actor, PREPARE) or not policy_for(type(engagement)).can(actor, VIEW, engagement):
        raise PermissionDenied
    if grade not in Grade.values:
        raise ValidationError({"grade": _("Choose an assessment grade.")})
    unit, approved = approved_budget_for(engagement, year)
    with transaction.atomic(), acting_as(actor):
        settlement = Settlement.objects.select_for_update().filter(engagement=engagement, year=year).first()
        if settlement is None:
            settlement = Settlement(engagement=engagement, year=year)
        elif settlement.status == Settlement.Status.CONFIRMED:
            raise BudgetConflict(_("This settlement has already been confirmed by the finance bureau."))
        settlement.unit, settlement.approved_amount, settlement.grade = unit, approved, grade
        settlement.prepared_by, settlement.amount = actor, ZERO
        settlement.save()  # the hand-entered grade is what grade_for() reads back
        settlement.coefficient = coefficient_for(grade_for(engagement, year), unit)
        settlement.amount = settlement_amount(approved, settlement.coefficient)
        settlement.full_clean()
        settlement.save()
        _tell(
            settlement,
            kind="prepared",
            title=_("Settlement of %(adviser)s for %(year)s prepared: %(amount)s yuan, to confirm")
            % {"adviser": engagement.adviser.name, "year": year, "amount": settlement.amount},
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
        grade = grade_for(locked.engagement, locked.year)
        if not grade:
            raise ValidationError(_("The engagement has no assessment grade for %(year)s yet.") % {"year": locked.year})
        locked.grade = grade
        locked.coefficient = coefficient_for(grade, locked.unit)
        locked.amount = settlement_amount(locked.approved_amount, locked.coefficient)
        locked.status = Settlement.Status.CONFIRMED
        locked.confirmed_by, locked.confirmed_at, locked.settled_on = actor, timezone.now(), timezone.localdate()
        locked.full_clean()
        locked.save()
        _tell(
            locked,
            kind="confirmed",
            title=_("Settlement of %(adviser)s for %(year)s confirmed: %(amount)s yuan")
            % {"adviser": locked.engagement.adviser.name, "year": locked.year, "amount": locked.amount},
            recipients=Q(pk=locked.prepared_by_id),
            actor=actor,
        )
    return locked
