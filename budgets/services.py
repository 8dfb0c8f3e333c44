"""Writes on budget requests: each transition is one function taking the actor, run in one
transaction on a locked row, audited (django-auditlog via acting_as) and recorded in BudgetEvent."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.jurisdictions import effective
from accounts.models import Unit, User
from accounts.policy import ADD, CHANGE, bureau_staff_of, finance_staff_of, officers_of, policy_for
from accounts.services import notify
from audit.trail import acting_as
from ui.formatting import format_yuan

from .contract_rule import recheck_contracts_funded_by
from .models import ZERO, BudgetEvent, BudgetLine, BudgetRequest, FeeStandard
from .policies import APPROVE, RETURN, REVIEW, SUBMIT

Status = BudgetRequest.Status
Action = BudgetEvent.Action


class BudgetConflict(Exception):
    """Someone else changed the request first (a concurrent approver, or a stale page)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class LineData:
    item_type: str
    quarter: int
    quantity: Decimal
    description: str = ""
    for_unit: Unit | None = None
    engagement: object | None = None  # advisers.Engagement


def _require(actor: User, action: str, request: BudgetRequest | None = None) -> None:
    if not policy_for(BudgetRequest).can(actor, action, request):
        raise PermissionDenied


def _event(
    request: BudgetRequest, *, action: str, actor: User | None, from_status: str, amount=None, comment=""
) -> None:
    BudgetEvent.objects.create(
        request=request,
        action=action,
        actor=actor,
        at=timezone.now(),
        from_status=from_status,
        to_status=request.status,
        amount=amount,
        comment=comment,
    )


def _lock(request: BudgetRequest, *, expected_version: int | None, allowed: Sequence[str]) -> BudgetRequest:
    """Lock the row (SELECT ... FOR UPDATE) and check nobody moved it on since the actor looked at it.

    A second approver blocks here until the first commits, then sees the new status and is refused.
    """
    locked = BudgetRequest.objects.select_for_update().select_related("unit").get(pk=request.pk)
    if expected_version is not None and locked.version != expected_version:
        raise BudgetConflict(
            _(
                "Someone else has acted on this request since you opened it (it is now: %(status)s). "
                "Nothing was saved; reload the page and check it again."
            )
            % {"status": locked.get_status_display()}
        )
    if locked.status not in allowed:
        raise BudgetConflict(
            _("This request is now “%(status)s”; that step is no longer possible. Nothing was saved.")
            % {"status": locked.get_status_display()}
        )
    return locked


def _save(request: BudgetRequest) -> None:
    request.version += 1
    request.full_clean()
    try:
        request.save()
    except IntegrityError as exc:  # a constraint the form did not catch: never a 500
        raise ValidationError(_("The request could not be saved: %(error)s") % {"error": exc}) from exc


def _check_lines(unit: Unit, year: int, lines: Sequence[LineData]) -> list[BudgetLine]:
    if not lines:
        raise ValidationError(_("Add at least one workload line."))
    standards = effective(FeeStandard.objects.filter(year=year), unit, per=("item_type",))
    prices = {s.item_type: s.unit_price for s in standards}
    built = []
    for i, data in enumerate(lines, start=1):
        if data.item_type not in prices:
            raise ValidationError(
                _("Line %(n)s: there is no fee standard for this item in %(year)s; ask the justice bureau to set one.")
                % {"n": i, "year": year}
            )
        if data.for_unit is not None and not data.for_unit.path.startswith(unit.path):
            raise ValidationError(
                _("Line %(n)s: %(unit)s is not a secondary institution of %(parent)s.")
                % {"n": i, "unit": data.for_unit, "parent": unit}
            )
        if data.engagement is not None and not data.engagement.unit.path.startswith(unit.path):
            raise ValidationError(_("Line %(n)s: the engagement does not belong to this unit.") % {"n": i})
        price = prices[data.item_type]
        built.append(
            BudgetLine(
                item_type=data.item_type,
                quarter=data.quarter,
                quantity=data.quantity,
                unit_price=price,
                amount=(price * data.quantity).quantize(Decimal("0.01")),
                description=data.description,
                for_unit=None if data.for_unit == unit else data.for_unit,
                engagement=data.engagement,
            )
        )
    return built


def _replace_lines(request: BudgetRequest, lines: list[BudgetLine]) -> None:
    # Saved one by one (not bulk) so that the audit trail records each line.
    for old in request.lines.all():
        old.delete()
    for line in lines:
        line.request = request
        line.full_clean()
        line.save()
    request.requested_amount = sum((line.amount for line in lines), ZERO)


def budget_request_create(
    *, actor: User, year: int, title: str, justification: str, previous_year_amount: Decimal, lines: Sequence[LineData]
) -> BudgetRequest:
    """A unit legal officer drafts their budget unit's request."""
    _require(actor, ADD)
    unit = actor.unit
    if unit is None or not unit.is_budget_unit:
        raise ValidationError(_("Only a municipal budget unit can request legal-service fees."))
    built = _check_lines(unit, year, lines)
    with transaction.atomic(), acting_as(actor):
        request = BudgetRequest(
            unit=unit,
            year=year,
            title=title,
            justification=justification,
            previous_year_amount=previous_year_amount,
            created_by=actor,
        )
        request.full_clean()
        request.save()
        _replace_lines(request, built)
        request.save(update_fields=["requested_amount"])
        _event(request, action=Action.CREATED, actor=actor, from_status="", amount=request.requested_amount)
    return request


def budget_request_update(
    *,
    request: BudgetRequest,
    actor: User,
    expected_version: int | None,
    year: int,
    title: str,
    justification: str,
    previous_year_amount: Decimal,
    lines: Sequence[LineData],
) -> BudgetRequest:
    """The officer edits a draft or a returned request (its lines are replaced)."""
    _require(actor, CHANGE, request)
    with transaction.atomic(), acting_as(actor):
        locked = _lock(request, expected_version=expected_version, allowed=[Status.DRAFT, Status.RETURNED])
        built = _check_lines(locked.unit, year, lines)
        locked.year, locked.title, locked.justification = year, title, justification
        locked.previous_year_amount = previous_year_amount
        _clear_review(locked)
        _replace_lines(locked, built)
        _save(locked)
        _event(locked, action=Action.EDITED, actor=actor, from_status=locked.status, amount=locked.requested_amount)
    return locked


def _clear_review(request: BudgetRequest) -> None:
    """A returned request is reviewed afresh: the earlier round's amounts stay only in its history."""
    for line in request.lines.exclude(recommended_amount=None, approved_amount=None):
        line.recommended_amount = line.approved_amount = None
        line.save()
    request.recommended_amount = request.approved_amount = None
    request.reviewed_by = request.reviewed_at = request.approved_by = request.approved_at = None
    request.review_comment = ""


def budget_request_submit(*, request: BudgetRequest, actor: User, expected_version: int | None = None) -> BudgetRequest:
    """Draft or returned → submitted. A resubmission clears the previous review (kept in the history)."""
    _require(actor, SUBMIT, request)
    with transaction.atomic(), acting_as(actor):
        locked = _lock(request, expected_version=expected_version, allowed=[Status.DRAFT, Status.RETURNED])
        if not locked.lines.exists():
            raise ValidationError(_("Add at least one workload line before submitting."))
        before = locked.status
        _clear_review(locked)
        locked.status = Status.SUBMITTED
        locked.submitted_by, locked.submitted_at = actor, timezone.now()
        _save(locked)
        _event(locked, action=Action.SUBMITTED, actor=actor, from_status=before, amount=locked.requested_amount)
        _tell(
            locked,
            kind="submitted",
            title=_("%(unit)s submitted the budget request “%(title)s” for review")
            % {"unit": locked.unit, "title": locked.title},
            recipients=bureau_staff_of(locked.unit.jurisdiction_id),
            actor=actor,
        )
    return locked


def _tell(request: BudgetRequest, *, kind: str, title: str, recipients: Q, actor: User, body: str = "") -> None:
    """A notice of this step to `recipients` and the unit's legal officers (who made the request)."""
    notify(
        recipients | officers_of([request.unit_id]),
        kind=f"budget_request:{kind}",
        title=title,
        body=body,
        link=reverse("budgets:request_detail", args=[request.pk]),
        actor=actor,
    )


def _apply_line_amounts(
    request: BudgetRequest, amounts: Mapping[int, Decimal], *, field: str, cap_field: str
) -> Decimal:
    """Set each line's `field` (≤ its `cap_field`); errors name the line so the form can show them there."""
    lines = list(request.lines.order_by("quarter", "pk"))
    if set(amounts) != {line.pk for line in lines}:
        raise ValidationError(_("Enter an amount for every line of the request."))
    errors = {}
    for line in lines:
        value, cap = amounts[line.pk], getattr(line, cap_field)
        if value is None or value < 0:
            errors[f"line_{line.pk}"] = _("The amount cannot be negative.")
        elif value > cap:
            errors[f"line_{line.pk}"] = _("At most %(cap)s yuan for this line.") % {"cap": cap}
    if errors:
        raise ValidationError(errors)
    for line in lines:
        setattr(line, field, amounts[line.pk])
        line.full_clean()
        line.save()
    return sum((amounts[line.pk] for line in lines), ZERO)


def budget_request_review(
    *,
    request: BudgetRequest,
    actor: User,
    line_amounts: Mapping[int, Decimal],
    comment: str,
    expected_version: int | None = None,
) -> BudgetRequest:
    """The justice bureau recommends an amount per line (审核). Submitted → reviewed."""
    _require(actor, REVIEW, request)
    with transaction.atomic(), acting_as(actor):
        locked = _lock(request, expected_version=expected_version, allowed=[Status.SUBMITTED])
        if locked.submitted_by_id == actor.pk:
            raise ValidationError(_("You submitted this request: another member of the justice bureau must review it."))
        total = _apply_line_amounts(locked, line_amounts, field="recommended_amount", cap_field="amount")
        locked.status = Status.REVIEWED
        locked.recommended_amount, locked.review_comment = total, comment.strip()
        locked.reviewed_by, locked.reviewed_at = actor, timezone.now()
        _save(locked)
        _event(locked, action=Action.REVIEWED, actor=actor, from_status=Status.SUBMITTED, amount=total, comment=comment)
        _tell(
            locked,
            kind="reviewed",
            title=_("The budget request “%(title)s” of %(unit)s was reviewed: %(amount)s yuan recommended")
            % {"title": locked.title, "unit": locked.unit, "amount": f"{total:,}"},
            body=locked.review_comment,
            recipients=finance_staff_of(locked.unit.jurisdiction_id),
            actor=actor,
        )
    return locked


def budget_request_approve(
    *,
    request: BudgetRequest,
    actor: User,
    line_amounts: Mapping[int, Decimal],
    comment: str = "",
    expected_version: int | None = None,
) -> BudgetRequest:
    """The finance bureau approves (核定) at most the recommended amount per line, with the reason
    whenever it approves less in total than recommended. Reviewed → approved.

    Maker ≠ checker: whoever submitted or reviewed this request, now or in an earlier round, cannot
    approve it (also a database constraint on the current round).
    """
    _require(actor, APPROVE, request)
    with transaction.atomic(), acting_as(actor):
        locked = _lock(request, expected_version=expected_version, allowed=[Status.REVIEWED])
        made_it = (
            actor.pk in (locked.submitted_by_id, locked.reviewed_by_id)
            or locked.events.filter(actor=actor, action__in=[Action.SUBMITTED, Action.REVIEWED]).exists()
        )
        if made_it:
            raise ValidationError(
                _("You submitted or reviewed this request: another finance approver must approve it.")
            )
        total = _apply_line_amounts(locked, line_amounts, field="approved_amount", cap_field="recommended_amount")
        comment = (comment or "").strip()
        if total < locked.recommended_amount and not comment:
            raise ValidationError(
                {
                    "comment": _("You approve %(total)s, less than the %(recommended)s recommended: give the reason.")
                    % {"total": format_yuan(total), "recommended": format_yuan(locked.recommended_amount)}
                }
            )
        locked.status, locked.approval_comment = Status.APPROVED, comment
        locked.approved_amount, locked.approved_by, locked.approved_at = total, actor, timezone.now()
        _save(locked)
        _event(locked, action=Action.APPROVED, actor=actor, from_status=Status.REVIEWED, amount=total, comment=comment)
        _tell(
            locked,
            kind="approved",
            title=_("The budget request “%(title)s” was approved: %(amount)s yuan")
            % {"title": locked.title, "amount": f"{total:,}"},
            body=locked.approval_comment,  # why less than recommended, where it is
            recipients=Q(pk=locked.reviewed_by_id),
            actor=actor,
        )
        recheck_contracts_funded_by(locked)
    return locked


def budget_request_return(
    *, request: BudgetRequest, actor: User, reason: str, expected_version: int | None = None
) -> BudgetRequest:
    """Send the request back to the unit with a reason: the bureau from review, finance from approval."""
    _require(actor, RETURN, request)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for returning the request.")})
    # Each checker returns from the step they hold: the approver a reviewed request, the reviewer a submitted one.
    policy = policy_for(BudgetRequest)
    allowed = [s for s, step in ((Status.SUBMITTED, REVIEW), (Status.REVIEWED, APPROVE)) if policy.can(actor, step)]
    with transaction.atomic(), acting_as(actor):
        locked = _lock(request, expected_version=expected_version, allowed=allowed)
        before = locked.status
        locked.status, locked.return_reason = Status.RETURNED, reason.strip()
        _save(locked)
        _event(locked, action=Action.RETURNED, actor=actor, from_status=before, comment=locked.return_reason)
        _tell(
            locked,
            kind="returned",
            title=_("The budget request “%(title)s” was returned") % {"title": locked.title},
            body=locked.return_reason,
            # Finance returning a reviewed request tells its reviewer too.
            recipients=Q(pk=locked.reviewed_by_id) if before == Status.REVIEWED else Q(pk__in=[]),
            actor=actor,
        )
    return locked
