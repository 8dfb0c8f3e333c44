"""Report 2: advisers' annual performance (法律顾问年度履职情况).

Bureau staff and auditors: the city, or one unit's subtree. Unit legal officers: their own unit's
subtree (the unit list offers nothing else; another unit's id is a 404).
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.policy import home_unit_id
from advisers.selectors import adoption_rate
from reviews.grades import Grade
from reviews.models import Assessment, Decision
from reviews.views.common import reporting_year as default_report_year

from ..forms import ReportForm, ScopedUnitField, year_field
from ..registry import ReportSpec, register
from ..selectors import adviser_performance, performance_engagements

REPORT_STATES = {
    "on_time": _("Submitted on time"),
    "late": _("Submitted late"),
    "draft": _("Draft"),
    "owed": _("Not submitted"),
    "not_due": _("Not due"),
}


class AdviserPerformanceForm(ReportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"] = year_field(initial=default_report_year())
        self.fields["unit"] = ScopedUnitField(
            user=self.user,
            required=False,
            label=_("unit"),
            help_text=_("Leave empty for every unit you may see."),
        )


def row_count(*, user, params) -> int:
    return performance_engagements(user, year=params["year"], unit=params.get("unit")).count()


def build(*, user, params, progress) -> dict:
    year, unit = params["year"], params.get("unit")
    rows = adviser_performance(user, year=year, unit=unit)
    progress(30)
    grades, decisions = dict(Grade.choices), dict(Decision.choices)
    for row in rows:
        for line in row.lines:
            line.report_label = REPORT_STATES[line.report_status]
            line.grade_label = grades.get(line.grade, "—")
            line.decision_label = decisions.get(line.decision, "")
    opinions, adopted = sum(r.opinions for r in rows), sum(r.adopted for r in rows)
    scope = unit.name if unit else (user.unit.name if home_unit_id(user) else gettext("the whole city"))
    return {
        "title": gettext("Legal advisers' performance in %(year)s") % {"year": year},
        "scope": scope,
        "year": year,
        "rows": rows,
        "totals": {
            "advisers": len(rows),
            "engagements": sum(len(r.lines) for r in rows),
            "attendances": sum(r.attendances for r in rows),
            "opinions": opinions,
            "adopted": adopted,
            "adoption_rate": adoption_rate(adopted, opinions),
            "lectures": sum(r.lectures for r in rows),
        },
    }


SPEC = register(
    ReportSpec(
        key="adviser-performance",
        title=_("Advisers' annual performance"),
        description=_(
            "Per adviser: engagements, executive meetings attended, legal opinions and their adoption rate, "
            "lectures, the annual duty report, the assessment grade and decision."
        ),
        template="reports/specs/adviser_performance.html",
        form_class=AdviserPerformanceForm,
        build=build,
        row_count=row_count,
        model=Assessment,
        filename=lambda params: gettext("Legal advisers' performance %(year)s.pdf") % {"year": params["year"]},
    )
)
