from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import once
from accounts.autocomplete import json_choices
from accounts.forms import apply_errors
from accounts.jurisdictions import jurisdiction_param
from accounts.once import create_once
from accounts.policy import ADD, CHANGE, VIEW, get_for, policy_for, require, visible
from ui.listing import paginate

from . import selectors, services
from .forms import (
    CandidateForm,
    ConflictDecisionForm,
    DecideForm,
    DisputeForm,
    LectureForm,
    LectureProposalForm,
    OpinionForm,
    OpinionProposalForm,
    ProposalDecisionForm,
    RoundForm,
    StatisticsFilterForm,
)
from .history import incumbent_histories
from .models import (
    Adviser,
    AdviserSettings,
    Confirmation,
    ConflictFinding,
    Dispute,
    Engagement,
    ExecutiveMeeting,
    Lecture,
    LegalOpinion,
    ReselectionCandidate,
    ReselectionRound,
)
from .policies import CONFIRM, DECIDE, PROPOSE, with_contact


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


# -- Registry ---------------------------------------------------------------------------------------


@require_GET
@login_required
def adviser_list(request):
    require(request.user, Adviser, VIEW)
    q, category = request.GET.get("q", "").strip(), request.GET.get("category", "")
    jurisdiction = jurisdiction_param(request)
    page = paginate(
        request, selectors.advisers_for(request.user, search=q, category=category, jurisdiction=jurisdiction)
    )
    return render(
        request,
        "advisers/adviser_list.html",
        {
            "page": page,
            "q": q,
            "category": category,
            "categories": Adviser.Category.choices,
            "jurisdiction": jurisdiction,
        },
    )


@require_GET
@login_required
def adviser_detail(request, pk: int):
    adviser = get_for(request.user, with_contact(request.user, visible(request.user, Adviser)), pk=pk)
    engagements = visible(request.user, Engagement).filter(adviser=adviser).select_related("unit", "previous")
    # Through the reverse relation: advisers never import contracts (contracts depend on advisers).
    contracts = visible(request.user, adviser.contracts.select_related("unit"))
    counts = selectors.duty_counts([adviser.pk])[adviser.pk]
    return render(
        request,
        "advisers/adviser_detail.html",
        {
            "adviser": adviser,
            "engagements": engagements,
            "contracts": contracts,
            "counts": counts,
        },
    )


@require_GET
@login_required
def engagement_list(request):
    require(request.user, Engagement, VIEW)
    settings = AdviserSettings.for_jurisdiction(request.user.jurisdiction)
    q, status, role = request.GET.get("q", "").strip(), request.GET.get("status", ""), request.GET.get("role", "")
    ending = request.GET.get("ending") == "1"
    idle = request.GET.get("idle") == "1"
    queryset = selectors.engagements_for(
        request.user,
        search=q,
        status=status,
        role=role,
        ending_days=settings.ending_days if ending else None,
        idle=idle,
        idle_months=settings.idle_months,
    )
    page = paginate(request, queryset)
    page.object_list = selectors.flag_idle(page.object_list, months=settings.idle_months)
    return render(
        request,
        "advisers/engagement_list.html",
        {
            "page": page,
            "q": q,
            "status": status,
            "role": role,
            "ending": ending,
            "idle": idle,
            "statuses": Engagement.Status.choices,
            "roles": Engagement.Role.choices,
            "settings": settings,
        },
    )


@require_GET
@login_required
def engagement_detail(request, pk: int):
    engagement = get_for(
        request.user, selectors.annotate_idle(Engagement.objects.select_related("adviser", "unit", "previous")), pk=pk
    )
    history = incumbent_histories([engagement])[engagement.pk]
    contracts = visible(request.user, engagement.contracts.all())
    return render(
        request,
        "advisers/engagement_detail.html",
        {
            "engagement": engagement,
            "engagement_rows": [engagement],
            "history": history,
            "contracts": contracts,
            "successors": visible(request.user, Engagement).filter(previous=engagement).select_related("unit"),
        },
    )


# -- Duty records -----------------------------------------------------------------------------------


@require_GET
@login_required
def opinion_list(request):
    require(request.user, LegalOpinion, VIEW)
    q = request.GET.get("q", "").strip()
    adoption, matter, source = (
        request.GET.get("adoption", ""),
        request.GET.get("matter", ""),
        request.GET.get("source", ""),
    )
    queryset = selectors.opinions_for(request.user, search=q, adoption=adoption, matter_type=matter, source=source)
    return render(
        request,
        "advisers/opinion_list.html",
        {
            "page": paginate(request, queryset),
            "q": q,
            "adoption": adoption,
            "matter": matter,
            "source": source,
            "adoptions": LegalOpinion.Adoption.choices,
            "matters": LegalOpinion.MatterType.choices,
            "sources": LegalOpinion.Source.choices,
            "can_add": policy_for(LegalOpinion).can(request.user, ADD),
        },
    )


def _record_form(request, *, form_class, instance, save, title, back):
    creating = instance.pk is None
    if creating and request.method == "POST" and once.resent(request):
        return redirect(back)
    form = form_class(request.POST if request.method == "POST" else None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields if name in form.cleaned_data}
        try:
            if creating:
                record, created = create_once(
                    user=request.user, token=form.cleaned_data[once.FIELD], create=lambda: save(fields)
                )
            else:
                record, created = save(fields), True
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if created:
                messages.success(request, _("Saved."))
            else:
                messages.info(request, once.already_sent_message(record))
            return redirect(back)
    return render(request, "advisers/record_form.html", {"form": form, "title": title, "back": back})


@require_http_methods(["GET", "POST"])
@login_required
def opinion_create(request):
    require(request.user, LegalOpinion, ADD)
    return _record_form(
        request,
        form_class=OpinionForm,
        instance=LegalOpinion(),
        title=_("Record a legal opinion"),
        back="advisers:opinions",
        save=lambda fields: services.opinion_save(actor=request.user, **fields),
    )


@require_http_methods(["GET", "POST"])
@login_required
def opinion_edit(request, pk: int):
    opinion = get_for(request.user, LegalOpinion, CHANGE, pk=pk)
    return _record_form(
        request,
        form_class=OpinionForm,
        instance=opinion,
        title=_("Change a legal opinion"),
        back="advisers:opinions",
        save=lambda fields: services.opinion_save(actor=request.user, opinion=opinion, **fields),
    )


@require_GET
@login_required
def lecture_list(request):
    require(request.user, Lecture, VIEW)
    q = request.GET.get("q", "").strip()
    return render(
        request,
        "advisers/lecture_list.html",
        {
            "page": paginate(request, selectors.lectures_for(request.user, search=q)),
            "q": q,
            "can_add": policy_for(Lecture).can(request.user, ADD),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def lecture_create(request):
    require(request.user, Lecture, ADD)
    return _record_form(
        request,
        form_class=LectureForm,
        instance=Lecture(),
        title=_("Record a legal lecture"),
        back="advisers:lectures",
        save=lambda fields: services.lecture_save(actor=request.user, **fields),
    )


@require_http_methods(["GET", "POST"])
@login_required
def lecture_edit(request, pk: int):
    lecture = get_for(request.user, Lecture, CHANGE, pk=pk)
    return _record_form(
        request,
        form_class=LectureForm,
        instance=lecture,
        title=_("Change a legal lecture"),
        back="advisers:lectures",
        save=lambda fields: services.lecture_save(actor=request.user, lecture=lecture, **fields),
    )


# -- Proposals: advisers propose their own work, the unit confirms ------------------------------------

PROPOSAL_KINDS = {"opinions": LegalOpinion, "lectures": Lecture}


def _kind_of(model) -> str:
    return next(name for name, m in PROPOSAL_KINDS.items() if m is model)


def _proposals_page(request, *, decision_form=None, failed=None, kind=None, status=200):
    kind = kind or request.GET.get("kind", "")
    kind = kind if kind in PROPOSAL_KINDS else "opinions"
    state = request.GET.get("state", "")
    model = PROPOSAL_KINDS[kind]
    waiting = {
        name: selectors.proposals_for(request.user, m, state=Confirmation.PROPOSED).count()
        for name, m in PROPOSAL_KINDS.items()
    }
    page = paginate(request, selectors.proposals_for(request.user, model, state=state))
    may_confirm = policy_for(model).can(request.user, CONFIRM)
    page.object_list = list(page.object_list)
    refused_shown = False
    for row in page.object_list:
        # One decision form per waiting row, its ids made unique by the row's id.
        if may_confirm and row.is_proposal:
            refused = failed is not None and failed.pk == row.pk
            refused_shown = refused_shown or refused
            row.decision_form = decision_form if refused else ProposalDecisionForm(auto_id=f"id_{row.pk}_%s")
    return render(
        request,
        "advisers/proposals.html",
        {
            "kind": kind,
            "state": state,
            "states": Confirmation.choices,
            "waiting": waiting,
            "page": page,
            "may_propose": policy_for(model).can(request.user, PROPOSE),
            "may_confirm": may_confirm,
            "decision_form": decision_form,  # a refused one, for the error summary at the top
            # A refused decision whose row shows no form (decided meanwhile, on another page) still says why.
            "refused_elsewhere": decision_form if failed is not None and not refused_shown else None,
        },
        status=status,
    )


@require_GET
@login_required
def proposals(request):
    require(request.user, LegalOpinion, VIEW)
    return _proposals_page(request)


def _propose(request, *, form_class, propose, title):
    if request.method == "POST" and once.resent(request):
        return redirect("advisers:proposals")
    form = form_class(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            record, created = create_once(
                user=request.user,
                token=form.cleaned_data[once.FIELD],
                create=lambda: propose(actor=request.user, **fields),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if created:
                messages.success(request, _("Proposed: the unit was asked to confirm it. It counts once confirmed."))
            else:
                messages.info(request, once.already_sent_message(record))
            return redirect(reverse("advisers:proposals") + f"?kind={form_class.kind}")
    return render(request, "advisers/record_form.html", {"form": form, "title": title, "back": "advisers:proposals"})


@require_http_methods(["GET", "POST"])
@login_required
def opinion_propose(request):
    require(request.user, LegalOpinion, PROPOSE)
    return _propose(
        request, form_class=OpinionProposalForm, propose=services.opinion_propose, title=_("Propose a legal opinion")
    )


@require_http_methods(["GET", "POST"])
@login_required
def lecture_propose(request):
    require(request.user, Lecture, PROPOSE)
    return _propose(
        request, form_class=LectureProposalForm, propose=services.lecture_propose, title=_("Propose a legal lecture")
    )


def _decide(request, model, pk):
    record = get_for(request.user, model, CONFIRM, pk=pk)
    form = ProposalDecisionForm(request.POST, auto_id=f"id_{record.pk}_%s")
    if form.is_valid():
        confirm = form.cleaned_data["decision"] == "confirm"
        try:
            services.proposal_decide(
                actor=request.user, record=record, confirm=confirm, reason=form.cleaned_data["decline_reason"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Confirmed: it now counts.") if confirm else _("Declined; the adviser was told why.")
            )
            return redirect(reverse("advisers:proposals") + f"?kind={_kind_of(model)}")
    return _proposals_page(request, decision_form=form, failed=record, kind=_kind_of(model), status=400)


@require_POST
@login_required
def opinion_decide(request, pk: int):
    return _decide(request, LegalOpinion, pk)


@require_POST
@login_required
def lecture_decide(request, pk: int):
    return _decide(request, Lecture, pk)


@require_GET
@login_required
def meeting_list(request):
    require(request.user, ExecutiveMeeting, VIEW)
    year = _int(request.GET.get("year"))
    return render(
        request,
        "advisers/meeting_list.html",
        {
            "page": paginate(request, selectors.meetings_for(request.user, year=year)),
            "year": year,
            "summary": selectors.meeting_summary(),
        },
    )


# -- Re-selection rounds ----------------------------------------------------------------------------


@require_GET
@login_required
def round_list(request):
    require(request.user, ReselectionRound, VIEW)
    status = request.GET.get("status", "")
    return render(
        request,
        "advisers/round_list.html",
        {
            "page": paginate(request, selectors.rounds_for(request.user, status=status)),
            "status": status,
            "statuses": ReselectionRound.Status.choices,
            "can_add": policy_for(ReselectionRound).can(request.user, ADD),
            "ending": _ending_soon(request.user),
        },
    )


def _ending_soon(user):
    settings = AdviserSettings.for_jurisdiction(user.jurisdiction)
    ending = selectors.engagements_for(user, ending_days=settings.ending_days, idle_months=settings.idle_months)
    return selectors.flag_idle(ending[:50], months=settings.idle_months)


@require_http_methods(["GET", "POST"])
@login_required
def round_create(request):
    require(request.user, ReselectionRound, ADD)
    if request.method == "POST" and (earlier := once.resent(request)):
        return redirect("advisers:round", pk=earlier.pk)
    form = RoundForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            round_, created = create_once(
                user=request.user,
                token=form.cleaned_data[once.FIELD],
                create=lambda: services.round_open(actor=request.user, **fields),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if created:
                messages.success(request, _("The re-selection round is open; incumbents were added as candidates."))
            else:
                messages.info(request, once.already_sent_message(round_))
            return redirect("advisers:round", pk=round_.pk)
    return render(
        request,
        "advisers/record_form.html",
        {
            "form": form,
            "title": _("Open a re-selection round"),
            "back": "advisers:rounds",
        },
    )


def _decided_round_refusal(request, round_):
    """A decided round shows no forms, so a late POST (another tab, a double click) is told why on the page."""
    messages.error(request, _("The round is decided; candidates can no longer change."))
    return redirect("advisers:round", pk=round_.pk)


def _round_context(request, round_, *, candidate_form=None, decide_form=None):
    """The round page; its forms (blank unless given) only where the user may still change the round."""
    candidates = list(
        round_.candidates.select_related("adviser", "incumbent", "new_engagement").order_by(
            "incumbent", "adviser__name", "pk"
        )
    )
    histories = incumbent_histories([c.incumbent for c in candidates if c.incumbent])
    for candidate in candidates:
        candidate.history = histories.get(candidate.incumbent_id)
    may_change = round_.is_open and policy_for(ReselectionRound).can(request.user, CHANGE, round_)
    context = {"round": round_, "candidates": candidates, "may_change": may_change}
    if may_change:
        context["candidate_form"] = candidate_form if candidate_form is not None else CandidateForm(round_=round_)
        context["decide_form"] = decide_form if decide_form is not None else DecideForm(round_=round_)
    return context


@require_GET
@login_required
def round_detail(request, pk: int):
    round_ = get_for(request.user, ReselectionRound.objects.select_related("unit"), pk=pk)
    return render(request, "advisers/round_detail.html", _round_context(request, round_))


@require_GET
@login_required
def round_candidate_choices(request, pk: int):
    """The adviser search of the "add a candidate" form: names from the city's whole pool."""
    get_for(request.user, ReselectionRound, CHANGE, pk=pk)
    require(request.user, ReselectionCandidate, ADD)
    return json_choices(request, CandidateForm.pool(), search_fields=["name"])


@require_POST
@login_required
def round_add_candidate(request, pk: int):
    round_ = get_for(request.user, ReselectionRound.objects.select_related("unit"), CHANGE, pk=pk)
    require(request.user, ReselectionCandidate, ADD)
    if not round_.is_open:
        return _decided_round_refusal(request, round_)
    if once.resent(request):
        return redirect("advisers:round", pk=round_.pk)
    form = CandidateForm(request.POST, round_=round_)
    if form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != once.FIELD}
        try:
            candidate, created = create_once(
                user=request.user,
                token=form.cleaned_data[once.FIELD],
                create=lambda: services.candidate_add(actor=request.user, round_=round_, **fields),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if created:
                messages.success(request, _("Candidate added."))
            else:
                messages.info(request, once.already_sent_message(candidate))
            return redirect("advisers:round", pk=round_.pk)
    return render(
        request,
        "advisers/round_detail.html",
        _round_context(request, round_, candidate_form=form),
        status=400,
    )


@require_POST
@login_required
def round_decide(request, pk: int):
    round_ = get_for(request.user, ReselectionRound.objects.select_related("unit"), CHANGE, pk=pk)
    if not round_.is_open:
        return _decided_round_refusal(request, round_)
    form = DecideForm(request.POST, round_=round_)
    if form.is_valid():
        try:
            created = services.round_decide(
                actor=request.user,
                round_=round_,
                selected_ids=[c.pk for c in form.cleaned_data["selected"]],
                decided_on=form.cleaned_data["decided_on"],
                letter_issuer=form.cleaned_data["letter_issuer"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Decided: %(n)s new engagements created.") % {"n": len(created)})
            return redirect("advisers:round", pk=round_.pk)
    return render(
        request,
        "advisers/round_detail.html",
        _round_context(request, round_, decide_form=form),
        status=400,
    )


# -- Statistics -------------------------------------------------------------------------------------


def _statistics_filter(request):
    form = StatisticsFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, data.get("date_from"), data.get("date_to"), data.get("role", ""), data.get("q", "")


@require_GET
@login_required
def statistics(request):
    require(request.user, Adviser, VIEW)
    form, date_from, date_to, role, q = _statistics_filter(request)
    rows = selectors.adviser_statistics(request.user, date_from=date_from, date_to=date_to, role=role, search=q)
    return render(
        request,
        "advisers/statistics.html",
        {
            "form": form,
            "page": paginate(request, rows),
            "summary": selectors.meeting_summary(date_from, date_to),
        },
    )


@require_GET
@login_required
def unit_statistics(request):
    require(request.user, Adviser, VIEW)
    form, date_from, date_to, _role, q = _statistics_filter(request)
    covered = request.GET.get("covered") == "1"
    jurisdiction = jurisdiction_param(request)
    rows = selectors.unit_statistics(
        request.user, date_from=date_from, date_to=date_to, search=q, covered=covered, jurisdiction=jurisdiction
    )
    return render(
        request,
        "advisers/unit_statistics.html",
        {"form": form, "page": paginate(request, rows), "jurisdiction": jurisdiction},
    )


# -- Conflict-of-interest review ----------------------------------------------------------------------


@require_GET
@login_required
def dispute_list(request):
    require(request.user, Dispute, VIEW)
    q, status = request.GET.get("q", "").strip(), request.GET.get("status", "")
    return render(
        request,
        "advisers/dispute_list.html",
        {
            "page": paginate(request, selectors.disputes_for(request.user, search=q, status=status)),
            "q": q,
            "status": status,
            "statuses": Dispute.Status.choices,
            "can_add": policy_for(Dispute).can(request.user, ADD),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def dispute_create(request):
    require(request.user, Dispute, ADD)
    return _record_form(
        request,
        form_class=DisputeForm,
        instance=Dispute(),
        title=_("Register a case"),
        back="advisers:disputes",
        save=lambda fields: services.dispute_save(actor=request.user, **fields),
    )


@require_http_methods(["GET", "POST"])
@login_required
def dispute_edit(request, pk: int):
    dispute = get_for(request.user, Dispute, CHANGE, pk=pk)
    return _record_form(
        request,
        form_class=DisputeForm,
        instance=dispute,
        title=_("Change a registered case"),
        back="advisers:disputes",
        save=lambda fields: services.dispute_save(actor=request.user, dispute=dispute, **fields),
    )


@require_GET
@login_required
def conflict_list(request):
    require(request.user, ConflictFinding, VIEW)
    q, status = request.GET.get("q", "").strip(), request.GET.get("status", ConflictFinding.Status.OPEN)
    waiting = request.GET.get("waiting") == "1"
    jurisdiction = jurisdiction_param(request)
    queryset = selectors.conflict_findings_for(
        request.user, status=status, search=q, jurisdiction=jurisdiction, waiting=waiting
    )
    return render(
        request,
        "advisers/conflict_list.html",
        {
            "page": paginate(request, queryset),
            "q": q,
            "status": status,
            "statuses": ConflictFinding.Status.choices,
            "waiting": waiting,
            "jurisdiction": jurisdiction,
        },
    )


def _conflict_page(request, finding, form=None, status=200):
    may_decide = finding.is_open and policy_for(ConflictFinding).can(request.user, DECIDE, finding)
    return render(
        request,
        "advisers/conflict_detail.html",
        {
            "finding": finding,
            "others": selectors.conflict_findings_for(request.user, status="")
            .filter(engagement=finding.engagement_id)
            .exclude(pk=finding.pk),
            "form": (form or ConflictDecisionForm()) if may_decide else None,
        },
        status=status,
    )


def _finding(request, pk, action=VIEW):
    related = ("engagement__adviser", "engagement__unit", "dispute", "decided_by")
    return get_for(request.user, ConflictFinding.objects.select_related(*related), action, pk=pk)


@require_GET
@login_required
def conflict_detail(request, pk: int):
    return _conflict_page(request, _finding(request, pk))


@require_POST
@login_required
def conflict_decide(request, pk: int):
    finding = _finding(request, pk, DECIDE)
    if not finding.is_open:  # another tab, or a colleague, decided first
        messages.error(request, _("This finding has already been decided."))
        return redirect("advisers:conflict", pk=finding.pk)
    form = ConflictDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.conflict_decide(
                actor=request.user,
                finding=finding,
                upheld=form.cleaned_data["outcome"] == ConflictFinding.Status.UPHELD,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Decided; the unit's officers have been told."))
            return redirect("advisers:conflict", pk=finding.pk)
    return _conflict_page(request, finding, form, status=400)
