"""The rules every contract is checked against (the 2023 inspection's four problems, caught on entry).

A rule is a function `(contract, context) -> str | None`: the finding's message, or None when the
contract passes. `check(contract)` runs every registered rule.

"Fee above the approved budget" is the budgets app's rule (budgets/contract_rule.py): it registers it
in `BudgetsConfig.ready()` and re-checks the funded contracts when a budget request is approved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.jurisdictions import effective
from advisers.models import Lecture, LegalOpinion

from .models import ContractRuleSettings, ProcurementBand, Rule, ServiceContract


@dataclass
class Context:
    """What the rules need besides the contract, loaded once per jurisdiction for a batch of contracts: the
    contract unit's jurisdiction's thresholds and settings (its own, else the nearest above)."""

    bands: dict[str, ProcurementBand] = field(default_factory=dict)
    max_term_months: int = 36

    @classmethod
    def load(cls, where) -> Context:
        """For `where`: a contract's unit (or a jurisdiction)."""
        bands = effective(ProcurementBand.objects.all(), where, per=("method",))
        return cls(
            bands={band.method: band for band in bands},
            max_term_months=ContractRuleSettings.for_jurisdiction(where).max_term_months,
        )


RuleCheck = Callable[[ServiceContract, Context], "str | None"]
_RULES: dict[str, RuleCheck] = {}


def register(code: str, check: RuleCheck) -> None:
    _RULES[code] = check


def check(contract: ServiceContract, context: Context | None = None) -> dict[str, str]:
    """Every rule the contract breaks: {rule code: message}."""
    context = context or Context.load(contract.unit)
    found = {}
    for code, rule in _RULES.items():
        message = rule(contract, context)
        if message:
            found[code] = message
    return found


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def missing_clauses(contract, context):
    missing = contract.missing_clauses
    if missing:
        return _("The contract lacks these required clauses: %(clauses)s.") % {
            "clauses": "、".join(str(c) for c in missing)
        }
    return None


def procurement_method(contract, context):
    band = context.bands.get(contract.procurement_method)
    if band is None or band.fits(contract.amount):
        return None
    method = contract.get_procurement_method_display()
    if band.max_amount is not None and contract.amount >= band.max_amount:
        return _("%(method)s fits amounts below %(limit)s yuan; this contract is %(amount)s yuan.") % {
            "method": method,
            "limit": _yuan(band.max_amount),
            "amount": _yuan(contract.amount),
        }
    return _("%(method)s fits amounts from %(limit)s yuan; this contract is %(amount)s yuan.") % {
        "method": method,
        "limit": _yuan(band.min_amount),
        "amount": _yuan(contract.amount),
    }


def term_too_long(contract, context):
    limit = contract.start_date + relativedelta(months=context.max_term_months)
    # A term of exactly N months ends the day before the same date N months later.
    if contract.end_date >= limit:
        return _("The term runs from %(start)s to %(end)s, longer than the %(months)s months allowed.") % {
            "start": contract.start_date,
            "end": contract.end_date,
            "months": context.max_term_months,
        }
    return None


def signed_before_selection(contract, context):
    engagement = contract.engagement
    if engagement is None or engagement.selection_completed_on is None:
        return None
    if contract.signed_on < engagement.selection_completed_on:
        return _("Signed on %(signed)s, before the selection finished on %(selected)s.") % {
            "signed": contract.signed_on,
            "selected": engagement.selection_completed_on,
        }
    return None


def work_after_expiry(contract, context):
    """Opinions or lectures for the unit by the adviser after the contract ended, not covered by a later one."""
    dates = sorted(
        list(
            LegalOpinion.objects.counted()
            .filter(unit_id=contract.unit_id, adviser_id=contract.adviser_id, date__gt=contract.end_date)
            .values_list("date", flat=True)
        )
        + list(
            Lecture.objects.counted()
            .filter(unit_id=contract.unit_id, speaker_id=contract.adviser_id, date__gt=contract.end_date)
            .values_list("date", flat=True)
        )
    )
    if not dates:
        return None
    later = list(
        ServiceContract.objects.filter(unit_id=contract.unit_id, adviser_id=contract.adviser_id)
        .filter(Q(end_date__gt=contract.end_date))
        .exclude(pk=contract.pk)
        .values_list("start_date", "end_date")
    )
    uncovered = [d for d in dates if not any(start <= d <= end for start, end in later)]
    if not uncovered:
        return None
    return _(
        "%(n)s duty records dated after the contract ended on %(end)s (first on %(first)s) and no contract covers them."
    ) % {"n": len(uncovered), "end": contract.end_date, "first": uncovered[0]}


register(Rule.MISSING_CLAUSES, missing_clauses)
register(Rule.PROCUREMENT_METHOD, procurement_method)
register(Rule.TERM_TOO_LONG, term_too_long)
register(Rule.SIGNED_BEFORE_SELECTION, signed_before_selection)
register(Rule.WORK_AFTER_EXPIRY, work_after_expiry)
