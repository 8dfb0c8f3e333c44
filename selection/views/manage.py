"""The bureau's (or a unit's) pages: its notices, writing and publishing one, and a notice's applications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import once
from accounts.forms import apply_errors, report_errors
from accounts.policy import ADD, CHANGE, VIEW, get_for, policy_for, require
from advisers.models import ReselectionRound
from ui.listing import paginate

from ..forms import ApplicationFilterForm, NoticeForm
from ..models import Application, SelectionNotice
from ..selectors import managed_notice_rows, notice_application_rows
from ..services import NOTICE_FIELDS, notice_close, notice_publish, notice_save, window_state


@require_GET
@login_required
def notices(request):
    require(request.user, SelectionNotice, VIEW)
    return render(
        request,
        "selection/manage_list.html",
        {
            "page": paginate(request, managed_notice_rows(request.user)),
            "may_add": policy_for(SelectionNotice).can(request.user, ADD),
        },
    )


def _rounds_without_notice(user):
    """Open rounds this user may run a notice for."""
    rounds = policy_for(ReselectionRound).scope(user, ReselectionRound.objects.all(), CHANGE)
    return rounds.filter(status=ReselectionRound.Status.OPEN, notice__isnull=True).select_related("unit")


@require_http_methods(["GET", "POST"])
@login_required
def notice_create(request):
    require(request.user, SelectionNotice, ADD)
    if request.method == "POST" and (earlier := once.resent(request)):
        return redirect("selection:notice_applications", pk=earlier.pk)
    rounds = _rounds_without_notice(request.user)
    form = NoticeForm(request.POST if request.method == "POST" else None, rounds=rounds)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in NOTICE_FIELDS}
        # The round's choices are those the user may change: a round outside their area is not a valid choice.
        round_ = form.cleaned_data["round"]
        try:
            notice, _created = once.create_once(
                user=request.user,
                token=form.cleaned_data[once.FIELD],
                create=lambda: notice_save(actor=request.user, round=round_, positions=form.positions(), **fields),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The notice was saved as a draft; publish it when it is ready."))
            return redirect("selection:notice_applications", pk=notice.pk)
    return render(request, "selection/notice_form.html", {"form": form}, status=400 if form.errors else 200)


def _notice(user, pk, action=VIEW):
    return get_for(user, SelectionNotice.objects.select_related("round__unit"), action, pk=pk)


@require_http_methods(["GET", "POST"])
@login_required
def notice_edit(request, pk: int):
    notice = _notice(request.user, pk, CHANGE)
    form = NoticeForm(request.POST if request.method == "POST" else None, instance=notice)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in NOTICE_FIELDS}
        try:
            notice_save(actor=request.user, notice=notice, positions=form.positions(), **fields)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The notice was saved."))
            return redirect("selection:notice_applications", pk=notice.pk)
    return render(
        request, "selection/notice_form.html", {"form": form, "notice": notice}, status=400 if form.errors else 200
    )


@require_POST
@login_required
def notice_publish_view(request, pk: int):
    notice = _notice(request.user, pk, CHANGE)
    try:
        notice_publish(actor=request.user, notice=notice)
    except ValidationError as exc:
        report_errors(request, exc)
    else:
        messages.success(request, _("The notice is on the public pages."))
    return redirect("selection:notice_applications", pk=notice.pk)


@require_POST
@login_required
def notice_close_view(request, pk: int):
    notice = _notice(request.user, pk, CHANGE)
    try:
        notice_close(actor=request.user, notice=notice)
    except ValidationError as exc:
        report_errors(request, exc)
    else:
        messages.success(request, _("Applications are closed; the submitted ones go to the eligibility review."))
    return redirect("selection:notice_applications", pk=notice.pk)


@require_GET
@login_required
def notice_applications(request, pk: int):
    notice = _notice(request.user, pk)
    require(request.user, Application, VIEW)
    filters = ApplicationFilterForm(request.GET)
    search, state = filters.value("q"), filters.value("state")
    rows = notice_application_rows(request.user, notice, search=search, state=state)
    return render(
        request,
        "selection/notice_applications.html",
        {
            "notice": notice,
            "positions": notice.positions.order_by("kind"),
            "window": window_state(notice),
            "page": paginate(request, rows),
            "q": search,
            "state": state,
            "states": ApplicationFilterForm.base_fields["state"].choices,
            "may_change": policy_for(SelectionNotice).can(request.user, CHANGE, notice),
        },
    )
