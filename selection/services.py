"""Writes of a re-selection's public half: notices, applicant accounts, applications, their documents and
declarations. Each is one transaction with its audit rows (`acting_as`); notices go out with it and their
emails after commit (`accounts.services.notify`)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.password_validation import password_changed, validate_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import notify
from advisers.models import ReselectionCandidate, ReselectionRound
from audit.trail import acting_as, record_event
from contracts.uploads import validate_pdf_upload
from ui.formatting import format_datetime

from .models import (
    ApplicantKind,
    Application,
    ApplicationDocument,
    ConflictDeclaration,
    NoticePosition,
    SelectionNotice,
)
from .policies import APPLICANT_ROLE, is_applicant_account, runners_of

# -- Notices ------------------------------------------------------------------------------------------

NOTICE_FIELDS = (
    "title",
    "body",
    "min_years_practice",
    "clean_record_years",
    "specialties",
    "other_requirements",
    "requires_licence",
    "requires_cv",
    "requires_commitment",
    "opens_at",
    "closes_at",
    "publicity_days",
)
EDITABLE_NOTICE_STATES = (SelectionNotice.State.DRAFT, SelectionNotice.State.PUBLISHED)


def notice_save(
    *,
    actor,
    notice: SelectionNotice | None = None,
    round: ReselectionRound | None = None,
    positions: dict[str, int],
    **fields,
) -> SelectionNotice:
    """Create a draft notice for an open round (or change a draft or published one), with its places per
    kind of applicant (`positions`: kind → count; 0 or missing: none of that kind)."""
    unknown = set(fields) - set(NOTICE_FIELDS)
    if unknown:
        raise TypeError(f"unknown notice fields: {sorted(unknown)}")
    if not any(count for count in positions.values()):
        raise ValidationError(_("Offer at least one place."))
    with transaction.atomic(), acting_as(actor):
        if notice is None:
            if round is None or not round.is_open:
                raise ValidationError({"round": _("Choose an open re-selection round.")})
            if SelectionNotice.objects.filter(round=round).exists():
                raise ValidationError({"round": _("This round already has a notice.")})
            notice = SelectionNotice(round=round, created_by=actor)
        else:
            notice = SelectionNotice.objects.select_for_update().get(pk=notice.pk)
            if notice.state not in EDITABLE_NOTICE_STATES:
                raise ValidationError(_("Applications have closed: the notice can no longer be changed."))
        for name, value in fields.items():
            setattr(notice, name, value.strip() if isinstance(value, str) else value)
        notice.full_clean()
        try:
            with transaction.atomic():
                notice.save()
        except IntegrityError:
            raise ValidationError({"round": _("This round already has a notice.")}) from None
        removed = [kind for kind, count in positions.items() if not count]
        applied = notice.applications.filter(kind__in=removed).exclude(state=Application.State.WITHDRAWN)
        if applied.exists():
            found = applied.order_by("kind").values_list("kind", flat=True).distinct()
            kinds = "、".join(str(ApplicantKind(kind).label) for kind in found)
            raise ValidationError(
                _("Applications for %(kinds)s have been received: their places cannot be removed.") % {"kinds": kinds}
            )
        for kind, count in positions.items():
            if count:
                NoticePosition.objects.update_or_create(notice=notice, kind=kind, defaults={"count": count})
            else:
                NoticePosition.objects.filter(notice=notice, kind=kind).delete()
    return notice


def notice_publish(*, actor, notice: SelectionNotice) -> SelectionNotice:
    """A draft goes on the public pages; its window must still be ahead or running."""
    with transaction.atomic(), acting_as(actor):
        notice = SelectionNotice.objects.select_for_update().get(pk=notice.pk)
        if notice.state != SelectionNotice.State.DRAFT:
            raise ValidationError(_("This notice has already been published."))
        now = timezone.now()
        if notice.is_past_deadline(now):
            raise ValidationError({"closes_at": _("The application deadline has passed; set a later one first.")})
        notice.state = SelectionNotice.State.PUBLISHED
        notice.published_at = now
        notice.full_clean()
        notice.save()
    return notice


def notice_close(*, actor, notice: SelectionNotice) -> SelectionNotice:
    """After the deadline the notice takes no more applications: closed, its applications go to review."""
    with transaction.atomic(), acting_as(actor):
        notice = SelectionNotice.objects.select_for_update().get(pk=notice.pk)
        if notice.state != SelectionNotice.State.PUBLISHED:
            raise ValidationError(_("Only a published notice can be closed."))
        if not notice.is_past_deadline(timezone.now()):
            raise ValidationError(
                _("Applications are open until %(deadline)s (Beijing time); close the notice after that.")
                % {"deadline": format_datetime(notice.closes_at, seconds=True)}
            )
        notice.state = SelectionNotice.State.CLOSED
        notice.full_clean()
        notice.save()
    return notice


# -- Applicant accounts -----------------------------------------------------------------------------


class ConfirmationTokens(PasswordResetTokenGenerator):
    """Django's signed, expiring tokens (PASSWORD_RESET_TIMEOUT), bound to the account not yet being active:
    once confirmed, the link opens nothing more."""

    key_salt = "selection.services.ConfirmationTokens"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.is_active}{user.email}{user.password}{timestamp}"


confirmation_tokens = ConfirmationTokens()


def applicant_register(*, email: str, last_name: str, first_name: str, password: str, site_url: str) -> User:
    """An applicant's account, inactive until the link sent to `email` is opened. An address already registered
    gets the link again (if not confirmed yet) and no new account; the caller says the same either way, so the
    page tells nobody which addresses have accounts."""
    email = email.strip().lower()
    user = User(
        username=email,
        email=email,
        role=APPLICANT_ROLE,
        is_active=False,
        last_name=last_name.strip(),
        first_name=first_name.strip(),
    )
    # The password is judged before the address is looked up: a known address answered differently (a weak
    # password accepted there, refused elsewhere) would tell which addresses have accounts.
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages}) from None
    user.set_password(password)
    try:
        user.full_clean(validate_unique=False)
    except ValidationError as exc:
        errors = exc.message_dict
        errors.setdefault("email", []).extend(errors.pop("username", []))  # the username is the address
        raise ValidationError(errors) from None
    with transaction.atomic():
        # Whatever account already uses the address (an applicant's username is their address; staff have one too).
        existing = User.objects.filter(Q(username=email) | Q(email__iexact=email)).order_by("pk").first()
        if existing is not None:
            if not existing.is_active and existing.last_login is None and is_applicant_account(existing):
                _send_confirmation(existing, site_url)
            return existing
        with acting_as(None):
            try:
                with transaction.atomic():
                    user.save()
            except IntegrityError:  # the same address registered at the same moment
                return User.objects.get(username=email)
        password_changed(password, user)
        _send_confirmation(user, site_url)
    return user


def confirmation_link(user: User, site_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("selection:confirm", args=[uid, confirmation_tokens.make_token(user)])
    return site_url.rstrip("/") + path


def _send_confirmation(user: User, site_url: str) -> None:
    link = confirmation_link(user, site_url)
    subject = _("Confirm your email address")
    body = _(
        "To finish registering as an applicant for the legal adviser selection, open this link within "
        "%(days)d days:\n\n%(link)s\n\nIf you did not register, ignore this email."
    ) % {"days": settings.PASSWORD_RESET_TIMEOUT // 86400, "link": link}
    recipient = user.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [recipient]))


def applicant_confirm(*, uidb64: str, token: str) -> User | None:
    """Activate the account the link names; None for a link that is wrong, expired or used."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=pk, is_active=False, last_login__isnull=True).first()
        if user is None or not is_applicant_account(user) or not confirmation_tokens.check_token(user, token):
            return None
        user.is_active = True
        with acting_as(user):
            user.save(update_fields=["is_active"])
            record_event(actor=user, event="applicant_confirmed", obj=user)
    return user


# -- Applications -----------------------------------------------------------------------------------

APPLICATION_FIELDS = (
    "kind",
    "name",
    "licence_no",
    "firm",
    "years_of_practice",
    "specialties",
    "phone",
    "email",
    "disciplinary_record",
)


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("notice__round__unit", "applicant")
        .get(pk=application.pk)
    )


def _editable(application: Application) -> None:
    if not application.is_editable:
        raise ValidationError(_("This application has been submitted or withdrawn and can no longer be changed."))


def _check_kind(notice: SelectionNotice, kind: str) -> None:
    if not notice.positions.filter(kind=kind).exists():
        raise ValidationError({"kind": _("This notice has no places for this kind of applicant.")})


def application_start(*, actor, notice: SelectionNotice, **fields) -> Application:
    """The applicant's draft for a notice that takes applications now."""
    if not notice.accepts_applications():
        raise ValidationError(_("This notice does not take applications now."))
    _check_kind(notice, fields.get("kind", ""))
    with transaction.atomic(), acting_as(actor):
        application = Application(notice=notice, applicant=actor, email=actor.email)
        _fill(application, fields)
        application.full_clean()
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            raise ValidationError(_("You already have an application for this notice.")) from None
    return application


def _fill(application: Application, fields: dict) -> None:
    unknown = set(fields) - set(APPLICATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown application fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(application, name, value.strip() if isinstance(value, str) else value)


def application_update(*, actor, application: Application, **fields) -> Application:
    with transaction.atomic(), acting_as(actor):
        application = _lock(application)
        _editable(application)
        if "kind" in fields:
            _check_kind(application.notice, fields["kind"])
        _fill(application, fields)
        application.full_clean()
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            raise ValidationError(
                {"licence_no": _("An application with this practice licence number already exists.")}
            ) from None
    return application


def application_attach(*, actor, application: Application, kind: str, upload) -> ApplicationDocument:
    """Add a PDF, checked as contract uploads are; a second one of a required kind replaces nothing: the
    applicant deletes the first."""
    try:
        validate_pdf_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    with transaction.atomic(), acting_as(actor):
        application = _lock(application)
        _editable(application)
        document = ApplicationDocument(
            application=application, kind=kind, file=upload, original_name=upload.name[-200:], size=upload.size
        )
        document.full_clean(exclude=["file"])
        try:
            with transaction.atomic():
                document.save()
        except IntegrityError:
            raise ValidationError(
                {"kind": _("This application already has a document of this kind; delete it first.")}
            ) from None
    return document


def application_document_delete(*, actor, document: ApplicationDocument) -> None:
    with transaction.atomic(), acting_as(actor):
        _editable(_lock(document.application))
        stored = document.file
        document.delete()
        # The file goes only once the row is gone for good.
        transaction.on_commit(lambda: stored.delete(save=False))


def conflict_declare(*, actor, application: Application, **fields) -> ConflictDeclaration:
    with transaction.atomic(), acting_as(actor):
        application = _lock(application)
        _editable(application)
        declaration = ConflictDeclaration(
            application=application, **{k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
        )
        declaration.full_clean()
        declaration.save()
    return declaration


def conflict_delete(*, actor, declaration: ConflictDeclaration) -> None:
    with transaction.atomic(), acting_as(actor):
        _editable(_lock(declaration.application))
        declaration.delete()


def required_documents(application: Application) -> list[str]:
    """The kinds of PDF this application must carry to be submitted (a scholar has no practice licence)."""
    notice = application.notice
    kinds = []
    if notice.requires_licence and application.kind != ApplicantKind.SCHOLAR:
        kinds.append(ApplicationDocument.Kind.LICENCE)
    if notice.requires_cv:
        kinds.append(ApplicationDocument.Kind.CV)
    if notice.requires_commitment:
        kinds.append(ApplicationDocument.Kind.COMMITMENT)
    return kinds


def missing_documents(application: Application) -> list[str]:
    """The names of the required documents not uploaded yet."""
    present = set(application.documents.values_list("kind", flat=True))
    return [ApplicationDocument.Kind(kind).label for kind in required_documents(application) if kind not in present]


def deadline_message(notice: SelectionNotice) -> str:
    return _("Applications closed at %(deadline)s (Beijing time); this application can no longer be submitted.") % {
        "deadline": format_datetime(notice.closes_at, seconds=True)
    }


def application_submit(*, actor, application: Application, confirmed: bool) -> Application:
    """Submit a complete draft before the deadline (`closes_at` included, Beijing time as every time here).

    The notice is locked with the application, so a deadline moved at the same moment is decided one way."""
    with transaction.atomic(), acting_as(actor):
        application = _lock(application)
        notice = SelectionNotice.objects.select_for_update().get(pk=application.notice_id)
        application.notice = notice
        _editable(application)
        now = timezone.now()
        if notice.is_past_deadline(now) or notice.state != SelectionNotice.State.PUBLISHED:
            raise ValidationError(deadline_message(notice))
        if now < notice.opens_at:
            raise ValidationError(
                _("Applications open at %(opens)s (Beijing time).") % {"opens": format_datetime(notice.opens_at)}
            )
        errors = _completeness_errors(application)
        if not confirmed:
            errors.setdefault("confirm", []).append(_("Confirm that your application and declarations are true."))
        if errors:
            raise ValidationError(errors)
        application.state = Application.State.SUBMITTED
        application.submitted_at = now
        application.declaration_confirmed = True
        application.full_clean()
        application.save()
        link = reverse("selection:application", args=[application.pk])
        notify(
            runners_of(notice),
            kind="selection:application_submitted",
            title=_("%(name)s applied for “%(notice)s”") % {"name": application.name, "notice": notice.title},
            link=link,
            actor=actor,
        )
    return application


def _completeness_errors(application: Application) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if application.kind in (ApplicantKind.LAWYER, ApplicantKind.LAW_FIRM) and not application.licence_no:
        errors.setdefault("licence_no", []).append(_("Enter the practice licence number."))
    if not application.phone:
        errors.setdefault("phone", []).append(_("Enter a phone number the bureau can reach you at."))
    missing = missing_documents(application)
    if missing:
        errors.setdefault("documents", []).append(
            _("Upload the required documents: %(kinds)s.") % {"kinds": "、".join(str(kind) for kind in missing)}
        )
    return errors


def application_withdraw(*, actor, application: Application) -> Application:
    """The applicant withdraws (a draft, or until the outcome); a candidate made from it leaves the round."""
    with transaction.atomic(), acting_as(actor):
        application = _lock(application)
        if not application.is_withdrawable:
            raise ValidationError(_("This application can no longer be withdrawn."))
        was_submitted = application.submitted_at is not None
        application.state = Application.State.WITHDRAWN
        application.withdrawn_at = timezone.now()
        application.full_clean()
        application.save()
        candidate = application.candidate
        if candidate is not None and candidate.outcome == ReselectionCandidate.Outcome.PENDING:
            candidate.outcome = ReselectionCandidate.Outcome.NOT_SELECTED
            candidate.note = _("The applicant withdrew.")
            candidate.save(update_fields=["outcome", "note"])
        if was_submitted:
            notify(
                runners_of(application.notice),
                kind="selection:application_withdrawn",
                title=_("%(name)s withdrew the application for “%(notice)s”")
                % {"name": application.name, "notice": application.notice.title},
                link=reverse("selection:application", args=[application.pk]),
                actor=actor,
            )
    return application


def window_state(notice: SelectionNotice, moment: datetime.datetime | None = None) -> str:
    """“upcoming”, “open” or “closed”: what the public page says about the application window."""
    moment = moment or timezone.now()
    if notice.state != SelectionNotice.State.PUBLISHED or notice.is_past_deadline(moment):
        return "closed"
    return "upcoming" if moment < notice.opens_at else "open"
