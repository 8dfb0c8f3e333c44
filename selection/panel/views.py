"""Pages of the panel's half of a selection.

- the running bureau (or unit): eligibility review of an application, the panel page (evaluators, criteria,
  results, 公示, objections, appointment and letters);
- evaluators: their panels, a panel's applicants with their own sheets, one sheet (declaration, scores);
- anyone: the published proposed list of a notice and the objection form;
- the letter PDF, downloaded under a name made from the letter.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import once
from accounts.forms import apply_errors
from accounts.once import create_once
from accounts.policy import get_for
from accounts.security import client_ip
from audit.trail import record_event
from selection.models import (
    Application,
    AppointmentLetter,
    Criterion,
    Objection,
    Panel,
    PanelMember,
    ScoreSheet,
    SelectionNotice,
)
from selection.policies import public_notices
from selection.throttle import objection_allowed
from ui.downloads import as_download

from . import selectors, services
from .forms import (
    AnswerForm,
    AppointmentForm,
    CriterionForm,
    DeclarationForm,
    MemberForm,
    ObjectionForm,
    PanelSettingsForm,
    PublicityForm,
    ReviewForm,
    ScoreForm,
)
from .letters import filename, render_letter
from .policies import may_sit_on_panels, runs

# -- The running bureau -----------------------------------------------------------------------------


def _running(user, pk: int) -> SelectionNotice:
    """The notice, for whoever runs it: 404 outside their area, 403 where they only read it."""
    notice = get_for(user, SelectionNotice.objects.select_related("round__unit"), pk=pk)
    if not runs(user, notice):
        raise PermissionDenied
    return notice


@require_http_methods(["GET", "POST"])
@login_required
def review(request, pk: int):
    application = get_for(request.user, Application.objects.select_related("notice__round__unit"), pk=pk)
    notice = application.notice
    if not runs(request.user, notice):
        raise PermissionDenied
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_review(
                actor=request.user,
                application=application,
                eligible=form.cleaned_data["decision"] == "eligible",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The eligibility review is recorded and the applicant told."))
            return redirect("selection:panel_manage", pk=notice.pk)
    context = {
        "application": application,
        "notice": notice,
        "documents": application.documents.order_by("kind", "pk"),
        "conflicts": application.conflicts.order_by("kind", "pk"),
        "form": form,
        "may_review": application.state == Application.State.SUBMITTED,
    }
    return render(request, "selection/panel/review.html", context, status=400 if form.errors else 200)


def _manage_context(request, notice, **forms) -> dict:
    panel = selectors.panel_of(notice)
    results = selectors.panel_results(notice)
    objections = list(notice.objections.select_related("concerning__application", "answered_by"))
    context = {
        "notice": notice,
        "panel": panel,
        "members": selectors.members_with_progress(panel) if panel else [],
        "criteria": list(panel.criteria.all()) if panel else [],
        "results": results,
        "to_review": notice.applications.filter(state=Application.State.SUBMITTED).order_by("submitted_at", "pk"),
        "publicity": selectors.publicity_days(notice),
        "proposed": list(selectors.published_list(notice)),
        "objections": [(objection, AnswerForm(prefix=f"o{objection.pk}")) for objection in objections],
        "letters": AppointmentLetter.objects.filter(notice=notice).select_related("engagement__adviser"),
        "settings_form": PanelSettingsForm(instance=panel),
        "member_form": MemberForm(notice=notice),
        "criterion_form": CriterionForm(),
        "publicity_form": PublicityForm(results=results),
        "appointment_form": AppointmentForm(prefix_initial=services.default_prefix(notice)),
        "scoring_open": notice.state not in services.SCORING_CLOSED,
    }
    context.update(forms)
    return context


@require_GET
@login_required
def manage(request, pk: int):
    notice = _running(request.user, pk)
    return render(request, "selection/panel/manage.html", _manage_context(request, notice))


def _refused(request, notice, form, exc, **forms):
    apply_errors(form, exc)
    return render(request, "selection/panel/manage.html", _manage_context(request, notice, **forms), status=400)


@require_POST
@login_required
def panel_settings(request, pk: int):
    notice = _running(request.user, pk)
    form = PanelSettingsForm(request.POST, instance=selectors.panel_of(notice))
    if form.is_valid():
        try:
            services.panel_settings(actor=request.user, notice=notice, **form.cleaned_data)
        except ValidationError as exc:
            return _refused(request, notice, form, exc, settings_form=form)
        messages.success(request, _("Saved."))
        return redirect("selection:panel_manage", pk=notice.pk)
    return render(
        request, "selection/panel/manage.html", _manage_context(request, notice, settings_form=form), status=400
    )


@require_POST
@login_required
def member_add(request, pk: int):
    notice = _running(request.user, pk)
    form = MemberForm(request.POST, notice=notice)
    if form.is_valid():
        try:
            services.panel_member_add(actor=request.user, notice=notice, user=form.cleaned_data["user"])
        except ValidationError as exc:
            return _refused(request, notice, form, exc, member_form=form)
        messages.success(request, _("The evaluator is on the panel."))
        return redirect("selection:panel_manage", pk=notice.pk)
    return render(
        request, "selection/panel/manage.html", _manage_context(request, notice, member_form=form), status=400
    )


@require_POST
@login_required
def criterion_add(request, pk: int):
    notice = _running(request.user, pk)
    if once.resent(request):
        return redirect("selection:panel_manage", pk=notice.pk)
    form = CriterionForm(request.POST)
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ("name", "weight", "order")}
        try:
            create_once(
                user=request.user,
                token=form.cleaned_data[once.FIELD],
                create=lambda: services.criterion_add(actor=request.user, notice=notice, **fields),
            )
        except ValidationError as exc:
            return _refused(request, notice, form, exc, criterion_form=form)
        messages.success(request, _("Criterion added."))
        return redirect("selection:panel_manage", pk=notice.pk)
    return render(
        request, "selection/panel/manage.html", _manage_context(request, notice, criterion_form=form), status=400
    )


@require_POST
@login_required
def publish(request, pk: int):
    notice = _running(request.user, pk)
    form = PublicityForm(request.POST, results=selectors.panel_results(notice))
    if form.is_valid():
        try:
            services.publicity_publish(
                actor=request.user,
                notice=notice,
                application_ids=form.cleaned_data["applications"],
                starts_on=form.cleaned_data["starts_on"],
            )
        except ValidationError as exc:
            return _refused(request, notice, form, exc, publicity_form=form)
        messages.success(request, _("The proposed list is published for the public announcement."))
        return redirect("selection:panel_manage", pk=notice.pk)
    return render(
        request, "selection/panel/manage.html", _manage_context(request, notice, publicity_form=form), status=400
    )


@require_POST
@login_required
def objection_answer(request, pk: int):
    objection = get_for(request.user, Objection.objects.select_related("notice__round__unit"), pk=pk)
    notice = objection.notice
    if not runs(request.user, notice):
        raise PermissionDenied
    form = AnswerForm(request.POST, prefix=f"o{objection.pk}")
    if form.is_valid():
        try:
            services.objection_answer(
                actor=request.user,
                objection=objection,
                upheld=form.cleaned_data["outcome"] == "upheld",
                answer=form.cleaned_data["answer"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The objection is answered."))
            return redirect("selection:panel_manage", pk=notice.pk)
    context = _manage_context(request, notice)
    context["objections"] = [(o, form if o.pk == objection.pk else f) for o, f in context["objections"]]
    return render(request, "selection/panel/manage.html", context, status=400)


@require_POST
@login_required
def appoint(request, pk: int):
    notice = _running(request.user, pk)
    form = AppointmentForm(request.POST)
    if form.is_valid():
        try:
            letters = services.appointment_decide(actor=request.user, notice=notice, **form.cleaned_data)
        except services.AlreadyDecided as exc:
            messages.info(request, exc.messages[0])
            return redirect("selection:panel_manage", pk=notice.pk)
        except ValidationError as exc:
            return _refused(request, notice, form, exc, appointment_form=form)
        messages.success(
            request, _("Appointed: %(n)s engagements and their letters of appointment.") % {"n": len(letters)}
        )
        return redirect("selection:panel_manage", pk=notice.pk)
    return render(
        request, "selection/panel/manage.html", _manage_context(request, notice, appointment_form=form), status=400
    )


@require_GET
@login_required
def letter(request, pk: int):
    letter = get_for(
        request.user,
        AppointmentLetter.objects.select_related("issuer", "notice", "engagement__adviser", "engagement__unit"),
        pk=pk,
    )
    rendered = render_letter(letter)
    record_event(actor=request.user, event="download_appointment_letter", obj=letter, pages=rendered.pages)
    return as_download(HttpResponse(rendered.content, content_type="application/pdf"), filename(letter))


# -- Evaluators -------------------------------------------------------------------------------------


@require_GET
@login_required
def my_panels(request):
    if not may_sit_on_panels(request.user):
        raise PermissionDenied
    return render(request, "selection/panel/my_panels.html", {"panels": selectors.panels_of(request.user)})


@require_GET
@login_required
def scoring(request, pk: int):
    """A panel's applicants with this evaluator's own sheet for each."""
    panel = get_for(request.user, Panel.objects.select_related("notice__round__unit"), pk=pk)
    if not PanelMember.objects.filter(panel=panel, user=request.user).exists():
        raise PermissionDenied  # the running bureau reads the panel, but scores only as a member
    notice = panel.notice
    rows = list(selectors.scoring_rows(request.user, notice))
    for row in rows:
        row.sheet = row.my_sheets[0] if row.my_sheets else None
    return render(request, "selection/panel/scoring.html", {"notice": notice, "panel": panel, "rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
def sheet(request, pk: int):
    """One applicant on the evaluator's sheet: the declaration first, then the scores."""
    application = get_for(request.user, Application.objects.select_related("notice__round__unit"), pk=pk)
    member = PanelMember.objects.filter(panel__notice=application.notice, user=request.user).select_related("panel")
    member = member.first()
    if member is None:
        raise PermissionDenied
    own = ScoreSheet.objects.filter(member=member, application=application).first()
    criteria = list(Criterion.objects.filter(panel=member.panel).order_by("order", "pk"))
    declaration_form = score_form = None
    if own is None:
        declaration_form = DeclarationForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and declaration_form.is_valid():
            try:
                services.sheet_declare(
                    actor=request.user,
                    application=application,
                    conflict=declaration_form.cleaned_data["conflict"] == "yes",
                    conflict_note=declaration_form.cleaned_data["conflict_note"],
                )
            except ValidationError as exc:
                apply_errors(declaration_form, exc)
            else:
                messages.success(request, _("Your declaration is recorded."))
                return redirect("selection:sheet", pk=application.pk)
    elif own.declaration == ScoreSheet.Declaration.NO_CONFLICT:
        initial = {f"criterion_{s.criterion_id}": s.value for s in own.scores.all()}
        score_form = ScoreForm(
            request.POST if request.method == "POST" else None,
            initial=initial,
            criteria=criteria,
            locked=own.is_submitted,
        )
        if request.method == "POST" and score_form.is_valid():
            try:
                services.sheet_score(
                    actor=request.user,
                    sheet=own,
                    values=score_form.values(),
                    submit="submit" in request.POST,
                    reason=score_form.cleaned_data.get("reason", ""),
                )
            except ValidationError as exc:
                apply_errors(score_form, exc)
            else:
                messages.success(request, _("Scores saved."))
                return redirect("selection:sheet", pk=application.pk)
    elif request.method == "POST":
        raise PermissionDenied  # abstained: nothing to send
    context = {
        "application": application,
        "notice": application.notice,
        "sheet": own,
        "criteria": criteria,
        "declaration_form": declaration_form,
        "score_form": score_form,
        "changes": own.changes.select_related("criterion", "changed_by") if own else [],
        "scoring_open": application.notice.state not in services.SCORING_CLOSED,
    }
    failed = (declaration_form and declaration_form.errors) or (score_form and score_form.errors)
    return render(request, "selection/panel/sheet.html", context, status=400 if failed else 200)


# -- The public 公示 page -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def publicity(request, pk: int):
    notice = public_notices(SelectionNotice.objects.filter(pk=pk)).first()
    days = selectors.publicity_days(notice) if notice is not None else None
    if days is None:
        raise Http404
    today = timezone.localdate()
    open_for_objections = notice.state == SelectionNotice.State.PUBLICITY and days[0] <= today <= days[1]
    form = (
        ObjectionForm(request.POST if request.method == "POST" else None, notice=notice)
        if open_for_objections
        else None
    )
    status = 200
    if request.method == "POST":
        if form is None:
            messages.error(request, _("Objections are accepted only during the public announcement."))
            status = 400
        elif not objection_allowed(ip=client_ip(request)):
            form.add_error(None, _("Too many objections from here. Try again in an hour."))
            status = 429
        elif form.is_valid():
            try:
                services.objection_file(notice=notice, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Your objection has been received; the bureau will answer it."))
                return redirect("selection:publicity", pk=notice.pk)
        if form is not None and form.errors and status == 200:
            status = 400
    context = {
        "notice": notice,
        "days": days,
        "proposed": selectors.published_list(notice),
        "form": form,
        "letters_issued": notice.state == SelectionNotice.State.DECIDED,
    }
    return render(request, "selection/panel/publicity.html", context, status=status)
