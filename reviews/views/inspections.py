from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms import apply_errors, report_errors
from accounts.models import Unit
from accounts.policy import CHANGE, VIEW, get_for, policy_for, require
from ui.listing import paginate

from ..forms import RECTIFICATION_STATUS_CHOICES, AnswerForm, LetterForm, ListFilterForm
from ..models import Dimension, RectificationItem, UnitInspection
from ..policies import ANSWER, CLOSE
from ..selectors import (
    campaigns,
    inspection_averages,
    inspection_averages_by_kind,
    inspection_rows,
    rectification_overdue_count,
    rectification_rows,
)
from ..services import feedback_letter_compose, inspection_send_letter, rectification_answer, rectification_close


@require_GET
@login_required
def inspections(request):
    """Bureau and auditors: the campaign with its averages; officers: their unit's results and items."""
    require(request.user, UnitInspection, VIEW)
    user = request.user
    form = ListFilterForm(request.GET)
    available = list(campaigns(user))
    year = form.value("year")
    campaign = next((c for c in available if c.year == year), available[0] if available else None)
    kind = form.value("state", "")
    search = form.value("q", "")
    context = {
        "campaign": campaign,
        "campaigns": available,
        "kind": kind,
        "q": search,
        "kinds": Unit.Kind.choices,
        "dimensions": Dimension.choices,
    }
    # Bureau staff and auditors pick a campaign; an officer sees their own unit's inspections of every year.
    context["page"] = paginate(request, inspection_rows(user, campaign=campaign, kind=kind, search=search))
    if campaign is not None:
        context["averages"] = inspection_averages(campaign, user=user)
        context["by_kind"] = inspection_averages_by_kind(campaign, user=user)
    return render(request, "reviews/inspections.html", context)


def _inspection_for(user, pk):
    return get_for(user, UnitInspection.objects.select_related("unit", "campaign"), pk=pk)


def _detail(request, inspection, *, answer_form=None, answer_item=None, status=200):
    user = request.user
    return render(
        request,
        "reviews/inspection_detail.html",
        {
            "inspection": inspection,
            "items": inspection.rectifications.select_related("answered_by"),
            "may_answer": policy_for(RectificationItem).can(user, ANSWER),
            "may_close": policy_for(RectificationItem).can(user, CLOSE),
            "may_send": policy_for(UnitInspection).can(user, CHANGE, inspection),
            "answer_form": answer_form,
            "answer_item": answer_item,
        },
        status=status,
    )


@require_GET
@login_required
def inspection_detail(request, pk: int):
    return _detail(request, _inspection_for(request.user, pk))


@require_http_methods(["GET", "POST"])
@login_required
def inspection_letter(request, pk: int):
    """Compose (GET) and send (POST, confirmed) the feedback letter to the unit."""
    inspection = get_for(request.user, UnitInspection.objects.select_related("unit", "campaign"), CHANGE, pk=pk)
    letter = inspection.feedback_letter or feedback_letter_compose(inspection)
    form = LetterForm(request.POST if request.method == "POST" else None, initial={"feedback_letter": letter})
    if request.method == "POST" and form.is_valid():
        try:
            inspection_send_letter(
                inspection=inspection, letter=form.cleaned_data["feedback_letter"], actor=request.user
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The feedback letter was sent to %(unit)s.") % {"unit": inspection.unit})
            return redirect("reviews:inspection_detail", pk=inspection.pk)
    return render(request, "reviews/inspection_letter.html", {"inspection": inspection, "form": form})


@require_GET
@login_required
def rectifications(request):
    require(request.user, RectificationItem, VIEW)
    form = ListFilterForm(request.GET)
    status = form.value("state", "")
    return render(
        request,
        "reviews/rectifications.html",
        {
            "page": paginate(request, rectification_rows(request.user, status=status)),
            "overdue_count": rectification_overdue_count(request.user),
            "state": status,
            "statuses": RECTIFICATION_STATUS_CHOICES,
        },
    )


@require_POST
@login_required
def rectification_answer_view(request, pk: int):
    item = get_for(request.user, RectificationItem.objects.select_related("inspection"), ANSWER, pk=pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            rectification_answer(item=item, response=form.cleaned_data["response"], actor=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your answer was recorded."))
            return redirect("reviews:inspection_detail", pk=item.inspection_id)
    return _detail(
        request, _inspection_for(request.user, item.inspection_id), answer_form=form, answer_item=item, status=400
    )


@require_POST
@login_required
def rectification_close_view(request, pk: int):
    item = get_for(request.user, RectificationItem.objects.select_related("inspection"), CLOSE, pk=pk)
    try:
        rectification_close(item=item, actor=request.user)
    except ValidationError as exc:
        report_errors(request, exc)
    else:
        messages.success(request, _("The item was closed."))
    return redirect("reviews:inspection_detail", pk=item.inspection_id)
