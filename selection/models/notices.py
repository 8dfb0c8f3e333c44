"""The public half of a re-selection (换届遴选): the notice (遴选公告), the applications and their documents.

A notice is the public face of one `advisers.ReselectionRound`: the round stays the inside of the flow (its
candidates and outcome), the notice adds what the public and the applicants see. The unit running it is the
round's unit (a government for its own advisers, or a unit for its own), not copied here.

The panel, scores, objections and appointment letters are in `selection/models/panel.py`.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Unit
from advisers.contact_formats import LANDLINE, LAWYER_LICENCE, LICENCE_MESSAGE, MOBILE, PHONE_MESSAGE, validate_phone
from advisers.models import Adviser, ReselectionCandidate, ReselectionRound
from contracts.uploads import UuidUploadTo


class ApplicantKind(models.TextChoices):
    """Who may apply; the values are `advisers.Adviser.Category`'s, so an appointed applicant keeps the kind."""

    LAWYER = Adviser.Category.LAWYER.value, Adviser.Category.LAWYER.label
    SCHOLAR = Adviser.Category.SCHOLAR.value, Adviser.Category.SCHOLAR.label
    LAW_FIRM = Adviser.Category.LAW_FIRM.value, Adviser.Category.LAW_FIRM.label


class SelectionNotice(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Applications closed")
        PUBLICITY = "publicity", _("Public announcement (公示)")
        DECIDED = "decided", _("Decided")

    # States in which the notice is on the public pages.
    PUBLIC_STATES = (State.PUBLISHED, State.CLOSED, State.PUBLICITY, State.DECIDED)

    round = models.OneToOneField(
        ReselectionRound, verbose_name=_("re-selection round"), on_delete=models.PROTECT, related_name="notice"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("notice text"))
    # Qualifications (任职条件).
    min_years_practice = models.PositiveSmallIntegerField(_("minimum years of practice"), default=5)
    clean_record_years = models.PositiveSmallIntegerField(
        _("no disciplinary record in the last (years)"),
        default=3,
        help_text=_("Applicants must not have been disciplined or sanctioned within this many years."),
    )
    specialties = models.CharField(_("specialties sought"), max_length=300, blank=True)
    other_requirements = models.TextField(_("other requirements"), blank=True)
    # The PDFs every application must carry (the licence: lawyers' and law firms' only; a scholar has none).
    requires_licence = models.BooleanField(_("practice licence required"), default=True)
    requires_cv = models.BooleanField(_("CV required"), default=True)
    requires_commitment = models.BooleanField(_("commitment letter required"), default=True)
    # The application window, Beijing datetimes; closes_at is the deadline shown, its whole second still on time.
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"))
    publicity_days = models.PositiveSmallIntegerField(_("public announcement (公示) days"), default=5)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    publicity_starts_at = models.DateTimeField(_("public announcement starts"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("selection notice")
        verbose_name_plural = _("selection notices")
        ordering = ["-opens_at", "-pk"]
        indexes = [models.Index(fields=["state", "closes_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="notice_closes_after_opening",
                violation_error_message=_("Applications must close after they open."),
            ),
            models.CheckConstraint(
                condition=Q(publicity_days__gte=1, publicity_days__lte=60),
                name="notice_publicity_days_range",
                violation_error_message=_("The public announcement lasts between 1 and 60 days."),
            ),
            models.CheckConstraint(
                condition=Q(min_years_practice__lte=60) & Q(clean_record_years__lte=60),
                name="notice_years_plausible",
                violation_error_message=_("Enter a number of years between 0 and 60."),
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(published_at__isnull=False),
                name="notice_published_has_time",
                violation_error_message=_("A published notice records when it was published."),
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["publicity", "decided"]) | Q(publicity_starts_at__isnull=False),
                name="notice_publicity_has_start",
                violation_error_message=_("A notice in public announcement records when it started."),
            ),
            models.CheckConstraint(
                condition=~Q(state="decided") | Q(decided_at__isnull=False),
                name="notice_decided_has_time",
                violation_error_message=_("A decided notice records when it was decided."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("Applications must close after they open.")})

    @property
    def unit(self) -> Unit:
        """The unit running the selection: the round's."""
        return self.round.unit

    @property
    def is_public(self) -> bool:
        return self.state in self.PUBLIC_STATES

    def is_past_deadline(self, moment: datetime.datetime) -> bool:
        """Deadlines are kept to the second: the whole second `closes_at` names is on time, the next is late."""
        return moment.replace(microsecond=0) > self.closes_at

    def accepts_applications(self, moment: datetime.datetime | None = None) -> bool:
        """Published and within the window, the deadline's second included."""
        moment = moment or timezone.now()
        return self.state == self.State.PUBLISHED and self.opens_at <= moment and not self.is_past_deadline(moment)

    @property
    def publicity_ends_at(self) -> datetime.datetime | None:
        if self.publicity_starts_at is None:
            return None
        return self.publicity_starts_at + datetime.timedelta(days=self.publicity_days)


class NoticePosition(models.Model):
    """How many of one kind are sought (for the city: 4 legal scholars, 8 practising lawyers)."""

    notice = models.ForeignKey(
        SelectionNotice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="positions"
    )
    kind = models.CharField(_("applicant kind"), max_length=20, choices=ApplicantKind.choices)
    count = models.PositiveSmallIntegerField(_("number of places"))

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["notice", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "kind"],
                name="notice_position_once_per_kind",
                violation_error_message=_("This notice already has places for this kind of applicant."),
            ),
            models.CheckConstraint(
                condition=Q(count__gte=1, count__lte=200),
                name="notice_position_count_range",
                violation_error_message=_("Enter between 1 and 200 places."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} × {self.count}"


class Application(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", pgettext_lazy("application", "Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        ELIGIBLE = "eligible", _("Eligible")
        REJECTED = "rejected", _("Not eligible")
        SELECTED = "selected", _("Selected")
        NOT_SELECTED = "not_selected", _("Not selected")

    # States that have been submitted (and carry submitted_at); a withdrawn one may or may not have been.
    SUBMITTED_STATES = (State.SUBMITTED, State.ELIGIBLE, State.REJECTED, State.SELECTED, State.NOT_SELECTED)
    # An applicant may still withdraw these.
    WITHDRAWABLE_STATES = (State.DRAFT, State.SUBMITTED, State.ELIGIBLE)

    notice = models.ForeignKey(
        SelectionNotice, verbose_name=_("notice"), on_delete=models.PROTECT, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant account"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    kind = models.CharField(_("applicant kind"), max_length=20, choices=ApplicantKind.choices)
    name = models.CharField(_("name"), max_length=100, help_text=_("A person's name, or the law firm's."))
    licence_no = models.CharField(_("practice licence number"), max_length=50, blank=True)
    firm = models.CharField(
        _("law firm or institution"),
        max_length=200,
        blank=True,
        help_text=_("A lawyer's firm, a scholar's university."),
    )
    years_of_practice = models.PositiveSmallIntegerField(_("years of practice"), default=0)
    specialties = models.CharField(_("specialties"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_phone])
    email = models.EmailField(_("email"), blank=True)
    disciplinary_record = models.TextField(
        _("disciplinary record"),
        blank=True,
        help_text=_("Any discipline or sanction in the years the notice names; leave empty if there is none."),
    )
    # The applicant confirms that the application and the conflict declarations are complete and true.
    declaration_confirmed = models.BooleanField(_("declarations confirmed"), default=False)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("eligibility reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eligibility reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The registry's adviser this applicant is (an incumbent, or someone already registered), when known.
    adviser = models.ForeignKey(
        Adviser,
        verbose_name=_("adviser in the registry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    # The round's candidate made from this application once it is eligible (the round's inside).
    candidate = models.OneToOneField(
        ReselectionCandidate,
        verbose_name=_("candidate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="application",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["notice", "-submitted_at", "pk"]
        indexes = [models.Index(fields=["notice", "state"]), models.Index(fields=["applicant", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "applicant"],
                condition=~Q(state="withdrawn"),
                name="application_one_per_notice_applicant",
                violation_error_message=_("You already have an application for this notice."),
            ),
            models.UniqueConstraint(
                fields=["notice", "licence_no"],
                condition=~Q(licence_no="") & ~Q(state="withdrawn"),
                name="application_licence_once_per_notice",
                violation_error_message=_("An application with this practice licence number already exists."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="lawyer") | Q(licence_no="") | Q(licence_no__regex=LAWYER_LICENCE),
                name="application_lawyer_licence_format",
                violation_error_message=LICENCE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(phone="") | Q(phone__regex=MOBILE) | Q(phone__regex=LANDLINE),
                name="application_phone_format",
                violation_error_message=PHONE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(years_of_practice__lte=70),
                name="application_years_plausible",
                violation_error_message=_("Enter a number of years between 0 and 70."),
            ),
            models.CheckConstraint(
                condition=~Q(state="draft") | Q(submitted_at__isnull=True),
                name="application_draft_not_submitted",
                violation_error_message=_("A draft has not been submitted."),
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["submitted", "eligible", "rejected", "selected", "not_selected"])
                | (Q(submitted_at__isnull=False) & Q(declaration_confirmed=True)),
                name="application_submitted_has_time_and_declaration",
                violation_error_message=_("A submitted application records when it was submitted and its declaration."),
            ),
            models.CheckConstraint(
                condition=(Q(state="rejected") & ~Q(rejection_reason=""))
                | (~Q(state="rejected") & Q(rejection_reason="")),
                name="application_rejected_has_reason",
                violation_error_message=_("A rejection states its reason; only a rejection has one."),
            ),
            models.CheckConstraint(
                condition=(Q(state="withdrawn") & Q(withdrawn_at__isnull=False))
                | (~Q(state="withdrawn") & Q(withdrawn_at__isnull=True)),
                name="application_withdrawn_has_time",
                violation_error_message=_("A withdrawn application records when it was withdrawn."),
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["eligible", "rejected", "selected", "not_selected"])
                | Q(reviewed_at__isnull=False),
                name="application_reviewed_has_time",
                violation_error_message=_("A reviewed application records when its eligibility was reviewed."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(name)s — %(notice)s") % {"name": self.name, "notice": self.notice}

    @property
    def is_editable(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def is_withdrawable(self) -> bool:
        return self.state in self.WITHDRAWABLE_STATES


class ConflictDeclaration(models.Model):
    """One possible conflict of interest the applicant declares (none declared: no rows)."""

    class Kind(models.TextChoices):
        CASE_AGAINST = "case_against", _("Case against the government or the unit in the last three years")
        RELATIVE = "relative", _("Relative working in the unit")
        OTHER_ENGAGEMENT = "other_engagement", _("Other engagement")

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="conflicts"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    description = models.TextField(_("description"))
    counterparty = models.CharField(
        _("counterparty or unit"),
        max_length=200,
        blank=True,
        help_text=_("The party acted for or against, the unit the relative works in, or the engaging unit."),
    )
    case_number = models.CharField(_("case number"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict declaration")
        verbose_name_plural = _("conflict declarations")
        ordering = ["application", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(description=""),
                name="conflict_declaration_has_description",
                violation_error_message=_("Describe the possible conflict."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:40]}"


class ApplicationDocument(models.Model):
    """A PDF the application carries, checked like a signed contract (`contracts.uploads.validate_pdf_upload`)."""

    class Kind(models.TextChoices):
        LICENCE = "licence", _("Practice licence")
        CV = "cv", _("CV")
        COMMITMENT = "commitment", _("Commitment letter")
        OTHER = "other", _("Other supporting document")

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Stored under a generated name; downloaded only through a view that asks the policy.
    file = models.FileField(_("file (PDF)"), upload_to=UuidUploadTo("selection"), max_length=200)
    original_name = models.CharField(_("original file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["application", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind"],
                condition=~Q(kind="other"),
                name="application_document_once_per_kind",
                violation_error_message=_("This application already has a document of this kind; delete it first."),
            ),
            models.CheckConstraint(
                condition=Q(size__gt=0),
                name="application_document_not_empty",
                violation_error_message=_("The file is empty."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.application.name}"
