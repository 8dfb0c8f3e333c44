"""An application's pages: the applicant writes, uploads, declares, submits and withdraws (APPLY); the bureau
(or unit) running the round and its panel read it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import once
from accounts.forms import apply_errors, report_errors
from accounts.policy import VIEW, get_for, policy_for, require
from audit.trail import record_event
from contracts.uploads import attachment_response
from ui.downloads import download_name
from ui.listing import paginate

from ..forms import ApplicationForm, ConflictForm, DocumentForm, SubmitForm
from ..models import Application, ApplicationDocument, ConflictDeclaration
from ..policies import APPLY
from ..selectors import own_application_rows, public_notice
from ..services import (
    APPLICATION_FIELDS,
    application_attach,
    application_document_delete,
    application_start,
    application_submit,
    application_update,
    application_withdraw,
    conflict_declare,
    conflict_delete,
    missing_documents,
    window_state,
)


@require_GET
@login_required
def mine(request):
    require(request.user, Application, APPLY)
    return render(request, "selection/mine.html", {"page": paginate(request, own_application_rows(request.user))})


@require_http_methods(["GET", "POST"])
@login_required
def apply(request, notice_pk: int):
    require(request.user, Application, APPLY)
    notice = public_notice(notice_pk)
    if notice is None:
        raise Http404
    existing = own_application_rows(request.user).filter(notice=notice).exclude(state=Application.State.WITHDRAWN)
    if (earlier := existing.first()) is not None:
        return redirect("selection:application", pk=earlier.pk)
    if request.method == "POST" and (earlier := once.resent(request)):
        return redirect("selection:application", pk=earlier.pk)
    form = ApplicationForm(
        request.POST if request.method == "POST" else None,
        notice=notice,
        initial={"name": request.user.get_full_name(), "email": request.user.email},
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in APPLICATION_FIELDS}
        try:
            application, created = once.create_once(
                user=request.user,
                token=form.cleaned_data[once.FIELD],
                create=lambda: application_start(actor=request.user, notice=notice, **fields),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if created:
                messages.success(request, _("Your draft application was saved. Upload the documents, then submit it."))
            return redirect("selection:application", pk=application.pk)
    return render(
        request,
        "selection/application_form.html",
        {"form": form, "notice": notice, "window": window_state(notice)},
        status=400 if form.errors else 200,
    )


def _application(user, pk, action=VIEW):
    return get_for(user, Application.objects.select_related("notice__round__unit", "applicant"), action, pk=pk)


def _detail(request, application, *, status=200, **forms):
    may_apply = policy_for(Application).can(request.user, APPLY, application)
    documents = application.documents.order_by("kind", "pk")
    context = {
        "application": application,
        "notice": application.notice,
        "documents": documents,
        "conflicts": application.conflicts.order_by("kind", "pk"),
        "missing": missing_documents(application) if application.is_editable else [],
        "may_apply": may_apply,
        "may_edit": may_apply and application.is_editable,
        "window": window_state(application.notice),
        "document_form": forms.get("document_form") or DocumentForm(),
        "conflict_form": forms.get("conflict_form") or ConflictForm(),
        "submit_form": forms.get("submit_form") or SubmitForm(),
    }
    return render(request, "selection/application_detail.html", context, status=status)


@require_GET
@login_required
def application_detail(request, pk: int):
    return _detail(request, _application(request.user, pk))


@require_http_methods(["GET", "POST"])
@login_required
def application_edit(request, pk: int):
    application = _application(request.user, pk, APPLY)
    if not application.is_editable:
        return redirect("selection:application", pk=application.pk)
    form = ApplicationForm(
        request.POST if request.method == "POST" else None, instance=application, notice=application.notice
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in APPLICATION_FIELDS}
        try:
            application_update(actor=request.user, application=application, **fields)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your application was saved."))
            return redirect("selection:application", pk=application.pk)
    return render(
        request,
        "selection/application_form.html",
        {"form": form, "notice": application.notice, "application": application},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def document_upload(request, pk: int):
    application = _application(request.user, pk, APPLY)
    if once.resent(request):
        return redirect("selection:application", pk=application.pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            once.create_once(
                user=request.user,
                token=form.cleaned_data[once.FIELD],
                create=lambda: application_attach(
                    actor=request.user,
                    application=application,
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                ),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The document was uploaded."))
            return redirect("selection:application", pk=application.pk)
    return _detail(request, application, status=400, document_form=form)


@require_GET
@login_required
def document_download(request, pk: int):
    document = get_for(request.user, ApplicationDocument.objects.select_related("application"), pk=pk)
    record_event(actor=request.user, event="download_application_document", obj=document)
    # Named from the record (the applicant typed the name: made safe for a file name), never the upload's name.
    name = download_name(f"{document.application.name}-{document.get_kind_display()}")
    return attachment_response(document.file, f"{name}.pdf")


@require_POST
@login_required
def document_delete(request, pk: int):
    document = get_for(request.user, ApplicationDocument.objects.select_related("application"), APPLY, pk=pk)
    try:
        application_document_delete(actor=request.user, document=document)
    except ValidationError as exc:
        report_errors(request, exc)
    else:
        messages.success(request, _("The document was deleted."))
    return redirect("selection:application", pk=document.application_id)


@require_POST
@login_required
def conflict_add(request, pk: int):
    application = _application(request.user, pk, APPLY)
    if once.resent(request):
        return redirect("selection:application", pk=application.pk)
    form = ConflictForm(request.POST)
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ConflictForm.Meta.fields}
        try:
            once.create_once(
                user=request.user,
                token=form.cleaned_data[once.FIELD],
                create=lambda: conflict_declare(actor=request.user, application=application, **fields),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The declaration was added."))
            return redirect("selection:application", pk=application.pk)
    return _detail(request, application, status=400, conflict_form=form)


@require_POST
@login_required
def conflict_remove(request, pk: int):
    declaration = get_for(request.user, ConflictDeclaration.objects.select_related("application"), APPLY, pk=pk)
    try:
        conflict_delete(actor=request.user, declaration=declaration)
    except ValidationError as exc:
        report_errors(request, exc)
    else:
        messages.success(request, _("The declaration was removed."))
    return redirect("selection:application", pk=declaration.application_id)


@require_POST
@login_required
def submit(request, pk: int):
    application = _application(request.user, pk, APPLY)
    form = SubmitForm(request.POST)
    form.is_valid()
    try:
        application_submit(
            actor=request.user, application=application, confirmed=bool(form.cleaned_data.get("confirm"))
        )
    except ValidationError as exc:
        # The confirmation next to its box; what is missing elsewhere (documents, licence) above the form.
        apply_errors(form, exc)
        return _detail(request, application, status=400, submit_form=form)
    messages.success(request, _("Your application was submitted. You will be told of each step by a notice."))
    return redirect("selection:application", pk=application.pk)


@require_POST
@login_required
def withdraw(request, pk: int):
    application = _application(request.user, pk, APPLY)
    try:
        application_withdraw(actor=request.user, application=application)
    except ValidationError as exc:
        report_errors(request, exc)
    else:
        messages.success(request, _("Your application was withdrawn."))
    return redirect("selection:application", pk=application.pk)
