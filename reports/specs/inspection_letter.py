"""Report 3: a unit's contract-inspection feedback letter (合同专项清查情况反馈函), in the letter format of
GB/T 9704 (信函格式): the bureau's red mark, the letter number, the addressee, "— X —" page numbers.

Bureau staff and auditors: any inspected unit. Unit legal officers: their own subtree's units; another
unit's letter is a 404.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from accounts.policy import visible
from reviews.models import Dimension, InspectionCampaign, UnitInspection

from ..charts import Series, bar_chart
from ..forms import ReportForm, ScopedUnitField, unit_pk, year_field
from ..registry import ReportSpec, register


class InspectionLetterForm(ReportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        latest = InspectionCampaign.objects.order_by("-year").values_list("year", flat=True).first()
        self.fields["unit"] = ScopedUnitField(
            user=self.user,
            queryset=visible(self.user, Unit).filter(inspections__isnull=False).distinct().order_by("path"),
            label=_("inspected unit"),
            error_messages={"invalid_choice": _("This unit has no contract inspection result.")},
        )
        self.fields["year"] = year_field(initial=latest, label=_("inspection year"))

    def clean(self):
        data = super().clean()
        if data.get("unit") and data.get("year") and not find_inspection(self.user, data).exists():
            self.add_error("year", gettext("This unit was not inspected in that year."))
        return data


def find_inspection(user, params):
    # A unit is inspected by its own jurisdiction's campaign; were a level above to inspect it the same
    # year too, the nearer campaign's letter is the one shown.
    return (
        visible(user, UnitInspection)
        .filter(unit=params["unit"], campaign__year=params["year"])
        .order_by("-campaign__jurisdiction__path")
    )


def letter_number(inspection: UnitInspection) -> str:
    """醴司函〔2025〕12号: the issuing jurisdiction's abbreviation and the letter's place in its campaign (each
    jurisdiction runs its own), in the order the units were entered (stable: a unit added later gets the
    next number)."""
    n = UnitInspection.objects.filter(campaign_id=inspection.campaign_id, pk__lte=inspection.pk).count()
    campaign = inspection.campaign
    return gettext("%(abbreviation)s [%(year)s] No. %(n)s") % {
        "abbreviation": campaign.jurisdiction.letter_abbreviation,
        "year": campaign.year,
        "n": n,
    }


def sent_paragraphs(inspection: UnitInspection) -> list[str] | None:
    """The body of the letter as sent (staff may have edited the draft), without the addressee line and the
    signature the document prints itself; None while the letter has not been sent."""
    if not inspection.letter_sent_on or not inspection.feedback_letter.strip():
        return None
    lines = [line.strip() for line in inspection.feedback_letter.splitlines() if line.strip()]
    if lines and lines[0].rstrip("：:") == inspection.unit.name:
        lines = lines[1:]
    if lines and lines[-1] == inspection.campaign.jurisdiction.bureau_name:
        lines = lines[:-1]
    return lines


def filename(params) -> str:
    """株司函〔2025〕7号-市住房和城乡建设局合同专项清查反馈函.pdf (the export has checked the reader's access)."""
    inspection = (
        UnitInspection.objects.filter(unit=unit_pk(params["unit"]), campaign__year=params["year"])
        .select_related("unit", "campaign__jurisdiction")
        .order_by("-campaign__jurisdiction__path")
        .first()
    )
    return gettext("%(number)s-%(unit)s contract inspection feedback letter.pdf") % {
        "number": letter_number(inspection),
        "unit": inspection.unit.name,
    }


def row_count(*, user, params) -> int:
    return 1  # one letter: always rendered directly


def build(*, user, params, progress) -> dict:
    inspection = find_inspection(user, params).select_related("unit", "campaign__jurisdiction").first()
    items = list(inspection.rectifications.order_by("due_date", "pk"))
    dimensions = dict(Dimension.choices)
    for item in items:
        item.dimension_label = dimensions.get(item.dimension, "")
    labels = [str(label) for _value, label in Dimension.choices]
    scores = [getattr(inspection, value) for value in Dimension.values]
    chart = bar_chart(
        labels,
        [Series(gettext("Score"), scores)],
        title=gettext("Scores in the five dimensions"),
        max_value=100,
        width=520,
        label_width=120,
        bar_height=18,
    )
    return {
        "title": gettext("Feedback on the %(year)s contract inspection of %(unit)s")
        % {"year": inspection.campaign.year, "unit": inspection.unit.name},
        "inspection": inspection,
        "letter_number": letter_number(inspection),
        "scores": list(zip(labels, scores, strict=True)),
        "sent_paragraphs": sent_paragraphs(inspection),
        "findings": [line.strip() for line in inspection.findings.splitlines() if line.strip()],
        "items": items,
        "chart": chart,
        "issued_on": inspection.letter_sent_on or timezone.localdate(),
        "bureau_name": inspection.campaign.jurisdiction.bureau_name,
    }


SPEC = register(
    ReportSpec(
        key="inspection-letter",
        title=_("Contract inspection feedback letter"),
        description=_(
            "A unit's letter from the contract inspection: the five dimension scores, the findings and the "
            "rectification items with their due dates."
        ),
        template="reports/specs/inspection_letter.html",
        form_class=InspectionLetterForm,
        build=build,
        row_count=row_count,
        model=UnitInspection,
        filename=filename,
        counted_pages=False,
    )
)
