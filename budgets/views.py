from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import once
from accounts.autocomplete import json_choices
from accounts.forms import apply_errors
from accounts.jurisdictions import jurisdiction_param, sub_jurisdictions
from accounts.once import create_once
from accounts.policy import ADD, CHANGE, EXPORT, VIEW, get_for, policy_for, require
from ui.listing import paginate, sorted_by

from . import selectors, services
from .exports import queue_workbook_response
from .fee_statistics import (
    Change,
    Period,
    budget_statistics,
    default_period,
    jurisdiction_fees,
    statistics_units,
    statistics_url,
)
from .forms import (
    BudgetRequestForm,
    LineAmountsForm,
    LineFormSet,
    ReturnForm,
    SettlementPrepareForm,
    StatisticsForm,
    SubmitForm,
    engagement_label,
    year_choices,
)
from .models import ZERO, BudgetRequest, Settlement
from .policies import APPROVE, CONFIRM, PREPARE, RETURN, REVIEW, SUBMIT
from .settlements import settlement_confirm, settlement_prepare

UNITS_PER_PAGE = 50
Status = BudgetRequest.Status


def _year(value: str) -> int | None:
    """A four-digit year from a query string, else None (a filter left empty)."""
    return int(value) if len(value) == 4 and value.isdigit() else None


REVIEW_COMMENT = _lazy("review comment")
APPROVAL_COMMENT = _lazy("reason (required when approving less than recommended)")


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# -- Lists and queues ----------------------------------------------------------------------------


@require_GET
@login_required
def request_list(request):
    require(request.user, BudgetRequest, VIEW)
    status = request.GET.get("status", "")
    year = request.GET.get("year", "")
    search = request.GET.get("q", "").strip()
    qs = selectors.budget_request_list(
        user=request.user,
        status=status if status in Status.values else "",
        year=_year(year),
        search=search,
    )
    page = paginate(request, qs)
    return render(
        request,
        "budgets/request_list.html",
        {
            "page": page,
            "statuses": Status.choices,
            "status": status,
            "year": year,
            "q": search,
            "may_add": policy_for(BudgetRequest).can(request.user, ADD),
        },
    )


@require_GET
@login_required
def approval_queue(request):
    require(request.user, BudgetRequest, APPROVE)
    return _queue(request, selectors.approval_queue, "budgets/approval_queue.html", default_sort="reviewed_at")


@require_GET
@login_required
def approval_queue_export(request):
    require(request.user, BudgetRequest, APPROVE)
    return queue_workbook_response(user=request.user, queryset=selectors.approval_queue(user=request.user))


@require_GET
@login_required
def review_queue(request):
    require(request.user, BudgetRequest, REVIEW)
    return _queue(request, selectors.review_queue, "budgets/review_queue.html", default_sort="submitted_at")


QUEUE_COLUMNS = {
    "unit": "unit__name",
    "year": "year",
    "requested": "requested_amount",
    "recommended": "recommended_amount",
    "submitted_at": "submitted_at",
    "reviewed_at": "reviewed_at",
}


def _queue(request, selector, template: str, *, default_sort: str):
    q = request.GET.get("q", "").strip()
    qs, sort = sorted_by(request, selector(user=request.user, search=q), QUEUE_COLUMNS, default=default_sort)
    page = paginate(request, qs)
    return render(request, template, {"page": page, "totals": selectors.queue_totals(qs), "q": q, "sort": sort})


# -- One request ---------------------------------------------------------------------------------


def _detail_context(user, obj, **forms):
    policy = policy_for(BudgetRequest)
    context = {"obj": obj, "lines": obj.lines.all(), "events": obj.events.all()}
    context["previous_approved"] = selectors.previous_year_approved(unit=obj.unit, year=obj.year)
    if obj.is_editable and policy.can(user, SUBMIT, obj):
        context["submit_form"] = forms.get("submit_form") or SubmitForm(initial={"version": obj.version})
        context["may_edit"] = True
    if obj.status == Status.SUBMITTED and policy.can(user, REVIEW, obj):
        context["review_form"] = forms.get("review_form") or LineAmountsForm(
            request_obj=obj, cap_field="amount", comment_label=REVIEW_COMMENT
        )
        context["return_form"] = forms.get("return_form") or ReturnForm(initial={"version": obj.version})
    if obj.status == Status.REVIEWED and policy.can(user, APPROVE, obj):
        context["approve_form"] = forms.get("approve_form") or LineAmountsForm(
            request_obj=obj, cap_field="recommended_amount", comment_label=APPROVAL_COMMENT
        )
        context["return_form"] = forms.get("return_form") or ReturnForm(initial={"version": obj.version})
        context["made_by_user"] = user.pk in (obj.submitted_by_id, obj.reviewed_by_id)
    return context


@require_GET
@login_required
def request_detail(request, pk: int):
    obj = selectors.budget_request_get(user=request.user, pk=pk)
    return render(request, "budgets/request_detail.html", _detail_context(request.user, obj))


def _form_page(request, *, obj=None):
    user = request.user
    offered = [year for year, _label in year_choices()]
    initial = {"year": selectors.next_standards_year(user=user, offered=offered) or timezone.localdate().year + 1}
    if obj is not None:
        initial = {
            "year": obj.year,
            "title": obj.title,
            "justification": obj.justification,
            "previous_year_amount": obj.previous_year_amount,
        }
        line_initial = [
            {
                "item_type": line.item_type,
                "quarter": line.quarter,
                "quantity": line.quantity,
                "description": line.description,
                "for_unit": line.for_unit,
                "engagement": line.engagement,
            }
            for line in obj.lines.all()
        ]
    else:
        line_initial = []
    if obj is None and request.method == "POST" and (earlier := once.resent(request)):
        return redirect("budgets:request_detail", pk=earlier.pk)
    if request.method == "POST":
        form = BudgetRequestForm(request.POST, creating=obj is None)
        formset = LineFormSet(request.POST, form_kwargs={"user": user})
        if form.is_valid() and formset.is_valid():
            d = form.cleaned_data
            fields = {
                "year": d["year"],
                "title": d["title"],
                "justification": d["justification"],
                "previous_year_amount": d["previous_year_amount"],
                "lines": formset.line_data(),
            }
            created = True
            try:
                if obj is None:
                    obj, created = create_once(
                        user=user,
                        token=form.cleaned_data[once.FIELD],
                        create=lambda: services.budget_request_create(actor=user, **fields),
                    )
                else:
                    obj = services.budget_request_update(
                        request=obj, actor=user, expected_version=_int(request.POST.get("version")), **fields
                    )
            except ValidationError as exc:
                form.add_error(None, exc)
            except services.BudgetConflict as exc:
                form.add_error(None, exc.message)
            else:
                if created:
                    messages.success(request, _("The request was saved as a draft. Submit it when it is complete."))
                else:
                    messages.info(request, once.already_sent_message(obj))
                return redirect("budgets:request_detail", pk=obj.pk)
    else:
        form = BudgetRequestForm(initial=initial, creating=obj is None)
        formset = LineFormSet(initial=line_initial, form_kwargs={"user": user})
    year = form.data.get("year") if form.is_bound else initial["year"]
    standards = selectors.fee_standards(user=user, year=_int(year))
    return render(
        request,
        "budgets/request_form.html",
        {
            "form": form,
            "formset": formset,
            "obj": obj,
            "standards": standards,
            "standards_missing": not standards.exists(),
            "fee_year": year,
        },
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_http_methods(["GET", "POST"])
@login_required
def request_create(request):
    require(request.user, BudgetRequest, ADD)
    if not (request.user.unit and request.user.unit.is_budget_unit):
        messages.error(request, _("Only a municipal budget unit can request legal-service fees."))
        return redirect("budgets:requests")
    return _form_page(request)


@require_http_methods(["GET", "POST"])
@login_required
def request_edit(request, pk: int):
    obj = selectors.budget_request_get(user=request.user, pk=pk, action=CHANGE)
    if not obj.is_editable:
        messages.error(request, _("Only a draft or a returned request can be edited."))
        return redirect("budgets:request_detail", pk=obj.pk)
    return _form_page(request, obj=obj)


def _act(request, pk, action, run, form_name, make_form):
    """Shared POST handling: bind the form, run the service, show errors next to the fields."""
    obj = selectors.budget_request_get(user=request.user, pk=pk, action=action)
    form = make_form(obj)
    if form.is_valid():
        try:
            run(obj, form)
        except services.BudgetConflict as exc:
            messages.error(request, exc.message)
            return redirect("budgets:request_detail", pk=pk)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("budgets:request_detail", pk=pk)
    obj = selectors.budget_request_get(user=request.user, pk=pk)
    context = _detail_context(request.user, obj, **{form_name: form})
    if context.get(form_name) is not form or "version" in form.errors:
        # The request moved on meanwhile (its form is no longer shown) or the hidden version was missing or
        # forged: the errors could not appear next to a field, so they go above the page.
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("budgets:request_detail", pk=pk)
    return render(request, "budgets/request_detail.html", context)


@require_POST
@login_required
def request_submit(request, pk: int):
    def run(obj, form):
        services.budget_request_submit(request=obj, actor=request.user, expected_version=form.cleaned_data["version"])
        messages.success(request, _("The request was submitted to the justice bureau for review."))

    return _act(request, pk, SUBMIT, run, "submit_form", lambda obj: SubmitForm(request.POST))


@require_POST
@login_required
def request_review(request, pk: int):
    def run(obj, form):
        services.budget_request_review(
            request=obj,
            actor=request.user,
            line_amounts=form.line_amounts(),
            comment=form.cleaned_data.get("comment", ""),
            expected_version=form.cleaned_data["version"],
        )
        messages.success(request, _("The review was recorded and the request sent to the finance bureau."))

    def make(obj):
        return LineAmountsForm(request.POST, request_obj=obj, cap_field="amount", comment_label=REVIEW_COMMENT)

    return _act(request, pk, REVIEW, run, "review_form", make)


@require_POST
@login_required
def request_approve(request, pk: int):
    def run(obj, form):
        services.budget_request_approve(
            request=obj,
            actor=request.user,
            line_amounts=form.line_amounts(),
            comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"],
        )
        messages.success(request, _("The request was approved."))

    def make(obj):
        return LineAmountsForm(
            request.POST, request_obj=obj, cap_field="recommended_amount", comment_label=APPROVAL_COMMENT
        )

    return _act(request, pk, APPROVE, run, "approve_form", make)


@require_POST
@login_required
def request_return(request, pk: int):
    def run(obj, form):
        services.budget_request_return(
            request=obj,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
        messages.success(request, _("The request was returned to the unit."))

    return _act(request, pk, RETURN, run, "return_form", lambda obj: ReturnForm(request.POST))


# -- Statistics ----------------------------------------------------------------------------------


@require_GET
@login_required
def statistics(request):
    require(request.user, BudgetRequest, VIEW)
    jurisdiction = jurisdiction_param(request) or request.user.jurisdiction
    units = statistics_units(user=request.user, jurisdiction=jurisdiction)
    default = default_period(user=request.user, jurisdiction=jurisdiction)
    # A link to another jurisdiction's figures (?jurisdiction=) alone shows its default period.
    data = request.GET if set(request.GET) - {"jurisdiction", "page"} else None
    form = StatisticsForm(data, units=units, default_year=default.year)
    if form.is_bound and form.is_valid():
        period = Period(form.cleaned_data["year"], form.cleaned_data["through_quarter"])
        chosen = list(form.cleaned_data["units"]) or None
    else:
        period, chosen = default, None
    stats = budget_statistics(user=request.user, period=period, units=chosen, jurisdiction=jurisdiction)
    chosen_units = [u.pk for u in chosen] if chosen else []
    # The totals cover every chosen unit; the table of units is paged (563 budget units province-wide).
    page = paginate(request, stats.rows, UNITS_PER_PAGE)
    children = sub_jurisdictions(request.user, jurisdiction)
    fees = jurisdiction_fees(user=request.user, period=period, children=children)
    link = {"year": period.year, "through_quarter": period.through_quarter}
    sub_rows = [(child, fees[child.pk]["approved"], statistics_url(jurisdiction=child, **link)) for child in children]
    approved = stats.approved
    area_total = Change(
        approved.previous + sum((c.previous for _j, c, _href in sub_rows), ZERO),
        approved.current + sum((c.current for _j, c, _href in sub_rows), ZERO),
    )
    return render(
        request,
        "budgets/statistics.html",
        {
            "form": form,
            "stats": stats,
            "chosen_units": chosen_units,
            "page": page,
            "jurisdiction": jurisdiction,
            "sub_rows": sub_rows,
            "area_total": area_total,
        },
    )


# -- Settlements (按效付费) ------------------------------------------------------------------------


@require_GET
@login_required
def settlement_list(request):
    require(request.user, Settlement, VIEW)
    year = request.GET.get("year", "")
    status = request.GET.get("status", "")
    qs = selectors.settlement_list(
        user=request.user,
        year=_year(year),
        status=status if status in Settlement.Status.values else "",
    )
    # The page's ids first (the sort needs only the unit's name), then its rows with their relations: sorting
    # every settlement joined to engagement, adviser and users took 130 ms on the province set, this 20 ms.
    page = paginate(request, qs.values_list("pk", flat=True))
    rows = qs.in_bulk(list(page.object_list))
    page.object_list = [rows[pk] for pk in page.object_list]
    policy = policy_for(Settlement)
    context = {
        "page": page,
        "statuses": Settlement.Status.choices,
        "status": status,
        "year": year,
        "may_confirm": policy.can(request.user, CONFIRM),
        # Each row links to its unit's settlement sheet for the year (reports' "settlement" PDF).
        "may_export": policy.can(request.user, EXPORT),
    }
    if policy.can(request.user, PREPARE):
        context["prepare_form"] = SettlementPrepareForm(user=request.user)
    return render(request, "budgets/settlement_list.html", context)


@require_GET
@login_required
def settlement_engagement_choices(request):
    """The engagement search of the prepare form: the settleable engagements the user may see."""
    require(request.user, Settlement, PREPARE)
    return json_choices(
        request,
        SettlementPrepareForm.engagements(request.user),
        search_fields=["adviser__name", "unit__name", "letter_no"],
        label=engagement_label,
    )


@require_POST
@login_required
def settlement_prepare_view(request):
    require(request.user, Settlement, PREPARE)
    if once.resent(request):
        return redirect("budgets:settlements")
    form = SettlementPrepareForm(request.POST, user=request.user)
    if form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != once.FIELD}
        try:
            settlement, created = create_once(
                user=request.user,
                token=form.cleaned_data[once.FIELD],
                create=lambda: settlement_prepare(actor=request.user, **fields),
            )
        except (ValidationError, services.BudgetConflict) as exc:
            messages.error(request, exc.message if isinstance(exc, services.BudgetConflict) else _error_text(exc))
        else:
            if created:
                messages.success(request, _("The settlement was prepared; the finance bureau will confirm it."))
            else:
                messages.info(request, once.already_sent_message(settlement))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("budgets:settlements")


@require_POST
@login_required
def settlement_confirm_view(request, pk: int):
    settlement = get_for(request.user, Settlement, CONFIRM, pk=pk)
    try:
        settlement_confirm(settlement=settlement, actor=request.user)
    except (ValidationError, services.BudgetConflict) as exc:
        messages.error(request, exc.message if isinstance(exc, services.BudgetConflict) else _error_text(exc))
    else:
        messages.success(request, _("The settlement was confirmed."))
    return redirect("budgets:settlements")
