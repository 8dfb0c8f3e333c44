"""Report 4: a unit's annual work report on adviser work (年度法律顾问工作报告), from reviews' work report.

A unit that has not written its report yet gets the figures computed from the records
(reviews.records.unit_year_figures), marked as such. Bureau staff and auditors: any unit; unit legal
officers: their own subtree's units, another unit's report is a 404.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from accounts.policy import home_unit_id, visible
from advisers.selectors import adoption_rate
from reviews.models import UnitWorkReport
from reviews.records import unit_year_figures
from reviews.views.common import reporting_year as default_report_year

from ..forms import ReportForm, ScopedUnitField, unit_pk, year_field
from ..registry import ReportSpec, register

FIGURES = (
    "engagements",
    "opinions",
    "opinions_adopted",
    "opinions_not_adopted",
    "lectures",
    "contracts",
    "contract_amount",
    "duty_reports_submitted",
    "assessments_completed",
)


class WorkReportForm(ReportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = ScopedUnitField(
            user=self.user,
            label=_("unit"),
            initial=home_unit_id(self.user),
        )
        self.fields["year"] = year_field(initial=default_report_year())


def _received(user, params):
    return visible_reports(user).filter(year=params["year"], recipient=params["unit"])


def visible_reports(user):
    return visible(user, UnitWorkReport)


def _sub_units(user, params):
    """The units that report to this one (a unit's work report goes to its parent)."""
    return visible(user, Unit).filter(parent=params["unit"]).order_by("path")


def row_count(*, user, params) -> int:
    return _sub_units(user, params).count()


def build(*, user, params, progress) -> dict:
    unit, year = params["unit"], params["year"]
    report = (
        visible_reports(user)
        .filter(unit=unit, year=year)
        .select_related("recipient", "submitted_by", "reviewed_by")
        .first()
    )
    figures = {name: getattr(report, name) for name in FIGURES} if report is not None else unit_year_figures(unit, year)
    figures["adoption_rate"] = adoption_rate(figures["opinions_adopted"], figures["opinions"])
    received = {r.unit_id: r for r in _received(user, params).select_related("unit")}
    # Every sub-unit, those without a report marked 未报送 (a report from a unit since moved elsewhere too).
    sub_units = list(_sub_units(user, params))
    listed = {u.pk for u in sub_units}
    rows = [(u, received.get(u.pk)) for u in sub_units]
    rows += [(r.unit, r) for pk, r in received.items() if pk not in listed]
    progress(30)
    return {
        "title": gettext("Annual report on legal adviser work, %(year)s") % {"year": year},
        "unit": unit,
        "year": year,
        "report": report,
        "figures": figures,
        "summary": [p.strip() for p in (report.summary if report else "").splitlines() if p.strip()],
        "sub_units": rows,
        "not_reported": sum(1 for _unit, r in rows if r is None or r.submitted_at is None),
        # Dated as the report is: its submission, else (a draft, or figures from the records) the day printed.
        "issued_on": report.submitted_at if report and report.submitted_at else timezone.localdate(),
    }


SPEC = register(
    ReportSpec(
        key="work-report",
        title=_("Unit annual work report"),
        description=_(
            "A unit's annual report on its adviser work: advisers engaged, opinions and their adoption, "
            "lectures, contracts, duty reports and assessments, and the reports its sub-units sent to it."
        ),
        template="reports/specs/work_report.html",
        form_class=WorkReportForm,
        build=build,
        row_count=row_count,
        model=UnitWorkReport,
        filename=lambda params: (
            gettext("%(unit)s legal adviser work report %(year)s.pdf")
            % {"unit": Unit.objects.get(pk=unit_pk(params["unit"])).name, "year": params["year"]}
        ),
    )
)
