from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import bureau_staff_of, officers_of
from accounts.services import notify
from audit.trail import acting_as
from ui.formatting import format_date

from ..models import Dimension, RectificationItem, UnitInspection


def feedback_letter_compose(inspection: UnitInspection) -> str:
    """A draft feedback letter (反馈函) from the scores, findings and rectification items, from the bureau
    of the campaign's jurisdiction (a county bureau signs its own county's); staff may edit it."""
    bureau = inspection.campaign.jurisdiction.bureau_name
    scores = "；".join(f"{label}{getattr(inspection, value)}分" for value, label in Dimension.choices)
    items = "\n".join(
        f"{n}. " + _("%(item)s (due %(date)s)") % {"item": item.description, "date": format_date(item.due_date)}
        for n, item in enumerate(inspection.rectifications.all(), start=1)
    )
    parts = [
        f"{inspection.unit.name}：",
        _(
            "In the %(year)s contract inspection %(bureau)s checked %(n)s of your unit's contracts. "
            "Scores: %(scores)s; average %(average)s."
        )
        % {
            "year": inspection.campaign.year,
            "bureau": bureau,
            "n": inspection.contracts_checked,
            "scores": scores,
            "average": inspection.average,
        },
    ]
    if inspection.findings.strip():
        parts.append(_("Findings:") + "\n" + inspection.findings.strip())
    if items:
        parts.append(
            _("Please put the following right by the dates given and answer each item in the system:") + "\n" + items
        )
    parts.append(bureau)
    return "\n\n".join(parts)


def inspection_send_letter(*, inspection: UnitInspection, letter: str, actor) -> UnitInspection:
    """Send the feedback letter to the unit: its legal officers get a notice."""
    if not letter.strip():
        raise ValidationError({"feedback_letter": _("The feedback letter cannot be empty.")})
    with transaction.atomic(), acting_as(actor):
        inspection = (
            UnitInspection.objects.select_for_update(of=("self",))
            .select_related("unit", "campaign")
            .get(pk=inspection.pk)
        )
        inspection.feedback_letter = letter.strip()
        inspection.letter_sent_on = timezone.localdate()
        inspection.full_clean()
        inspection.save()
        notify(
            officers_of([inspection.unit_id]),
            kind="inspection_feedback",
            title=_("Feedback letter of the %(year)s contract inspection") % {"year": inspection.campaign.year},
            body=_("Please read the findings and answer each rectification item by its due date."),
            link=reverse("reviews:inspection_detail", args=[inspection.pk]),
            actor=actor,
        )
    return inspection


def rectification_answer(*, item: RectificationItem, response: str, actor) -> RectificationItem:
    """The unit says what it has done; an answered item may be answered again until the bureau closes it."""
    if not response.strip():
        raise ValidationError({"response": _("Say what your unit has done to put this right.")})
    with transaction.atomic(), acting_as(actor):
        item = _locked_item(item)
        if item.status == RectificationItem.Status.CLOSED:
            raise ValidationError(_("This item has been closed."))
        item.response = response.strip()
        item.status = RectificationItem.Status.ANSWERED
        item.answered_at = timezone.now()
        item.answered_by = actor
        item.full_clean()
        item.save()
        # The bureau that ran the inspection closes it.
        _tell(item, kind="answered", recipients=bureau_staff_of(item.inspection.campaign.jurisdiction_id), actor=actor)
    return item


def rectification_close(*, item: RectificationItem, actor) -> RectificationItem:
    with transaction.atomic(), acting_as(actor):
        item = _locked_item(item)
        if item.status != RectificationItem.Status.ANSWERED:
            raise ValidationError(_("Only an answered item can be closed."))
        item.status = RectificationItem.Status.CLOSED
        item.closed_at = timezone.now()
        item.full_clean()
        item.save()
        _tell(item, kind="closed", recipients=Q(pk=item.answered_by_id), actor=actor)
    return item


def _locked_item(item: RectificationItem) -> RectificationItem:
    return (
        RectificationItem.objects.select_for_update(of=("self",))
        .select_related("inspection__unit", "inspection__campaign")
        .get(pk=item.pk)
    )


def _tell(item: RectificationItem, *, kind: str, recipients: Q, actor) -> None:
    """A notice of this step to `recipients` and the inspected unit's legal officers."""
    inspection = item.inspection
    if kind == "answered":
        title = _("%(unit)s answered a rectification item of the %(year)s contract inspection")
    else:
        title = _("A rectification item of %(unit)s from the %(year)s contract inspection was closed")
    notify(
        recipients | officers_of([inspection.unit_id]),
        kind=f"rectification:{kind}",
        title=title % {"unit": inspection.unit, "year": inspection.campaign.year},
        body=item.description,
        link=reverse("reviews:inspection_detail", args=[inspection.pk]),
        actor=actor,
    )
