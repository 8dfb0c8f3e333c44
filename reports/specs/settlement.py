"""Report 5: a budget unit's year-end settlement of its advisers' fees (法律顾问服务费按效付费结算表).

One document per paying unit and fiscal year, the way the finance bureau pays: a unit's approved legal-service
fees are released in one payment against the year's settlements, so the sheet lists every engagement the unit
pays with its approved amount, grade (and whether it was entered by hand, and why), coefficient and payable
amount as budgets.settlements computed them, with the totals and each row's confirmation. Finance approvers:
their own jurisdiction's units; bureau staff and auditors: their area; officers: their own subtree's units.
"""

from __future__ import annotations

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from accounts.policy import visible
from budgets.models import ZERO, Settlement
from budgets.settlements import coefficient_for
from reviews.grades import Grade

from ..forms import ReportForm, ScopedUnitField, unit_pk, year_field
from ..registry import ReportSpec, register


class SettlementForm(ReportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        settled = visible(self.user, Settlement)
        latest = settled.order_by("-year").values_list("year", flat=True).first()
        self.fields["unit"] = ScopedUnitField(
            user=self.user,
            queryset=visible(self.user, Unit).filter(settlements__isnull=False).distinct().order_by("path"),
            label=_("paying budget unit"),
            # Opens on a unit that has settled the latest year, so the form as offered prints a sheet.
            initial=settled.filter(year=latest).order_by("unit__path").values_list("unit", flat=True).first(),
            error_messages={"invalid_choice": _("This unit has no settlement.")},
        )
        self.fields["year"] = year_field(initial=latest, label=_("fiscal year"))

    def clean(self):
        data = super().clean()
        if data.get("unit") and data.get("year") and not settlements_of(self.user, data).exists():
            self.add_error("year", gettext("This unit has no settlement for that year."))
        return data


def settlements_of(user, params):
    return visible(user, Settlement).filter(unit=unit_pk(params["unit"]), year=params["year"])


def row_count(*, user, params) -> int:
    return settlements_of(user, params).count()


def build(*, user, params, progress) -> dict:
    unit, year = params["unit"], params["year"]
    rows = list(
        settlements_of(user, params)
        .select_related("engagement__adviser", "prepared_by", "confirmed_by")
        .order_by("engagement__adviser__name", "pk")
    )
    totals = settlements_of(user, params).aggregate(approved=Sum("approved_amount"), payable=Sum("amount"))
    progress(30)
    approved, payable = totals["approved"] or ZERO, totals["payable"] or ZERO
    confirmed = [s for s in rows if s.status == Settlement.Status.CONFIRMED]
    final = bool(rows) and len(confirmed) == len(rows)
    return {
        # The jurisdiction leads the title as on the finance bureau's forms: a unit's name alone (市行政审批服务局)
        # does not say which city or county pays.
        "title": gettext("Settlement of legal adviser fees by performance, %(jurisdiction)s %(year)s")
        % {"jurisdiction": unit.jurisdiction.name if unit.jurisdiction_id else "", "year": year},
        "unit": unit,
        "year": year,
        "rows": rows,
        "approved_total": approved,
        "payable_total": payable,
        "withheld_total": approved - payable,
        "by_hand": [s for s in rows if s.grade_source == Settlement.GradeSource.MANUAL],
        "pending": len(rows) - len(confirmed),
        # The table in force for this unit now (each row keeps the coefficient it was computed with).
        "coefficients": [(label, coefficient_for(value, unit)) for value, label in Grade.choices],
        "issuer": unit.name,
        # Dated as the settlement became final (the last confirmation); while any is pending, the day printed.
        "issued_on": max(s.settled_on for s in confirmed) if final else timezone.localdate(),
    }


def filename(params) -> str:
    """市住房和城乡建设局2025年度法律顾问服务费结算表.pdf"""
    return gettext("%(unit)s legal adviser fee settlement %(year)s.pdf") % {
        "unit": Unit.objects.get(pk=unit_pk(params["unit"])).name,
        "year": params["year"],
    }


SPEC = register(
    ReportSpec(
        key="settlement",
        title=_("Legal adviser fee settlement"),
        description=_(
            "A budget unit's year-end settlement: for each engagement it pays, the approved amount, the "
            "assessment grade and its coefficient, and the payable amount, with the totals and who confirmed them."
        ),
        template="reports/specs/settlement.html",
        form_class=SettlementForm,
        build=build,
        row_count=row_count,
        model=Settlement,
        filename=filename,
    )
)
