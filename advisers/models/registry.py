"""The adviser registry and engagements (聘任)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit

from ..contact_formats import (
    LANDLINE,
    LAWYER_LICENCE,
    LICENCE_MESSAGE,
    MOBILE,
    PHONE_MESSAGE,
    is_lawyer_licence,
    validate_phone,
)


class Adviser(models.Model):
    """A legal adviser: a person (scholar, lawyer, internal legal staff) or an institution (law firm)."""

    class Category(models.TextChoices):
        SCHOLAR = "scholar", _("Legal scholar")
        LAWYER = "lawyer", _("Practising lawyer")
        INTERNAL = "internal", _("Internal legal staff / public-sector lawyer")
        LAW_FIRM = "law_firm", _("Law firm")

    name = models.CharField(_("name"), max_length=100)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    licence_no = models.CharField(_("practice licence number"), max_length=50, blank=True)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    specialties = models.CharField(_("specialties"), max_length=300, blank=True)
    phone = models.CharField(
        _("phone"),
        max_length=30,
        blank=True,
        validators=[validate_phone],
        help_text=_("A mobile number, or a landline with its area code: 0731-22881234."),
    )
    email = models.EmailField(_("email"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The jurisdiction whose registry keeps the adviser: seen there even before any engagement.
    jurisdiction = models.ForeignKey(
        "accounts.Jurisdiction",
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="advisers",
    )

    class Meta:
        verbose_name = _("adviser")
        verbose_name_plural = _("advisers")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["category"]), models.Index(fields=["name"])]
        constraints = [
            models.UniqueConstraint(
                fields=["licence_no"],
                condition=~Q(licence_no=""),
                name="adviser_licence_no_unique",
                violation_error_message=_("Another adviser already has this practice licence number."),
            ),
            models.CheckConstraint(
                condition=~Q(category="lawyer") | Q(licence_no="") | Q(licence_no__regex=LAWYER_LICENCE),
                name="adviser_lawyer_licence_format",
                violation_error_message=LICENCE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(phone="") | Q(phone__regex=MOBILE) | Q(phone__regex=LANDLINE),
                name="adviser_phone_format",
                violation_error_message=PHONE_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.category == self.Category.LAWYER and self.licence_no and not is_lawyer_licence(self.licence_no):
            raise ValidationError({"licence_no": LICENCE_MESSAGE})

    @property
    def is_institution(self) -> bool:
        return self.category == self.Category.LAW_FIRM

    @property
    def is_internal(self) -> bool:
        """Internal (内部) legal staff work for the government; everyone else is external (外聘)."""
        return self.category == self.Category.INTERNAL

    @property
    def is_external(self) -> bool:
        return not self.is_internal


class SelectionMethod(models.TextChoices):
    PUBLIC_SELECTION = "public_selection", _("Public selection")
    OPEN_TENDER = "open_tender", _("Open tender")
    COMPETITIVE_CONSULTATION = "competitive_consultation", _("Competitive consultation")
    COMPETITIVE_NEGOTIATION = "competitive_negotiation", _("Competitive negotiation")
    SINGLE_SOURCE = "single_source", _("Single source")
    INQUIRY = "inquiry", _("Request for quotation")


class EngagementQuerySet(models.QuerySet):
    def in_force(self, on: dt.date | None = None):
        """Engagements being served on `on`: active, or renewed (a successor waits) and within the term."""
        on = on or timezone.localdate()
        return self.filter(status__in=Engagement.IN_FORCE, start_date__lte=on, end_date__gte=on)

    def with_current_status(self, on: dt.date | None = None):
        """Annotate `current_status`: the status as of `on`, the way `Engagement.current_status` reads it.
        Filters and counts by status ask this, so that they agree with what the lists show."""
        on = on or timezone.localdate()
        return self.annotate(
            current_status=Case(
                When(Engagement.term_ended_condition(on), then=Value(Engagement.Status.EXPIRED.value)),
                default=F("status"),
                output_field=models.CharField(),
            )
        )

    def ending_within(self, days: int, today: dt.date | None = None):
        """Active engagements whose term ends in the next `days` days (a renewed one has its successor)."""
        today = today or timezone.localdate()
        return self.filter(
            status=Engagement.Status.ACTIVE, end_date__gte=today, end_date__lte=today + dt.timedelta(days=days)
        )


class Engagement(models.Model):
    """An adviser retained by a unit for a term (聘任).

    At most one *active* engagement per adviser and unit (a database constraint), so two active
    engagements can never overlap. A re-selection that keeps an incumbent marks the old engagement
    "renewed" (it is still served until its end date) and creates the successor as the active one.
    """

    class Role(models.TextChoices):
        CITY_ADVISER = "city_adviser", _("City government legal adviser")
        UNIT_ADVISER = "unit_adviser", _("Unit legal adviser")
        GROUP_MEMBER = "group_member", _("Advisory group member")

    class Kind(models.TextChoices):
        STANDING = "standing", _("Standing")
        MATTER = "matter", _("Single matter")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        DISMISSED = "dismissed", _("Dismissed")
        RENEWED = "renewed", _("Renewed")
        # Held by a conflict-of-interest finding until bureau staff decide (advisers.services.conflict_decide).
        PENDING_REVIEW = "pending_review", _("Held for conflict-of-interest review")
        CONFLICT = "conflict", _("Ended for a conflict of interest")

    # Being served: active, or renewed (its successor waits for the end of the term).
    IN_FORCE = (Status.ACTIVE, Status.RENEWED)
    # Owe no duty report: dismissed, held before it began, or ended for a conflict of interest.
    NOT_REPORTING = (Status.DISMISSED, Status.PENDING_REVIEW, Status.CONFLICT)
    # The roles whose holders attend the government's executive meetings (列席常务会议): an attendance is
    # duty done in that role, and counts for an engagement in one of them only.
    MEETING_ROLES = (Role.CITY_ADVISER, Role.GROUP_MEMBER)

    adviser = models.ForeignKey(
        Adviser, verbose_name=_("adviser"), on_delete=models.PROTECT, related_name="engagements"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("employing unit"), on_delete=models.PROTECT, related_name="engagements"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.UNIT_ADVISER)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STANDING)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    letter_no = models.CharField(_("appointment letter number"), max_length=50, blank=True)
    letter_issuer = models.CharField(_("appointment letter issuer"), max_length=100, blank=True)
    letter_date = models.DateField(_("appointment letter date"), null=True, blank=True)
    selection_method = models.CharField(
        _("selection method"), max_length=30, choices=SelectionMethod.choices, default=SelectionMethod.PUBLIC_SELECTION
    )
    selection_completed_on = models.DateField(_("selection completed on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    dismissed_on = models.DateField(_("dismissed on"), null=True, blank=True)
    # While held for conflict-of-interest review: the status it takes back when bureau staff clear it.
    release_status = models.CharField(
        _("status after the conflict review"),
        max_length=20,
        choices=[(status.value, status.label) for status in IN_FORCE],
        blank=True,
        editable=False,
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("replaces engagement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
    )

    objects = EngagementQuerySet.as_manager()

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")),
                name="engagement_end_after_start",
                violation_error_message=_("The end date must be after the start date."),
            ),
            models.UniqueConstraint(
                fields=["adviser", "unit"],
                condition=Q(status="active"),
                name="engagement_one_active_per_adviser_unit",
                violation_error_message=_("This adviser already has an active engagement with this unit."),
            ),
            models.CheckConstraint(
                condition=~Q(status="dismissed") | Q(dismissed_on__isnull=False),
                name="engagement_dismissal_has_date",
                violation_error_message=_("A dismissed engagement must record the dismissal date."),
            ),
            models.CheckConstraint(
                condition=Q(dismissed_on__isnull=True) | Q(dismissed_on__gte=F("start_date")),
                name="engagement_dismissal_not_before_start",
                violation_error_message=_("The dismissal date must not be before the start date."),
            ),
            # A held engagement is never in force: held and the status it returns to go together, so putting
            # it in force means clearing the hold, which only the bureau's decision does.
            models.CheckConstraint(
                condition=(Q(status="pending_review") & Q(release_status__in=["active", "renewed"]))
                | (~Q(status="pending_review") & Q(release_status="")),
                name="engagement_held_not_in_force",
                violation_error_message=_(
                    "An engagement held for conflict-of-interest review is not in force until bureau staff clear it."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "end_date"]),
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["-start_date", "id"], name="engagement_newest_first"),
            # The portal's engagement list, terms ending first.
            models.Index(fields=["end_date", "id"], name="engagement_ending_first"),
        ]

    def __str__(self) -> str:
        """唐立新（市住房和城乡建设局 · 常年法律顾问）: who, for whom, as what."""
        return _("%(adviser)s (%(unit)s · %(title)s)") % {
            "adviser": self.adviser,
            "unit": self.unit,
            "title": self.title,
        }

    @property
    def title(self) -> str:
        """What the adviser is to the unit: 常年法律顾问 / 专项法律顾问, or the government role (市政府法律顾问)."""
        unit_adviser = _("%(kind)s legal adviser") % {"kind": self.get_kind_display()}
        return {self.Role.UNIT_ADVISER: unit_adviser}.get(self.role, self.get_role_display())

    def clean(self):
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("The end date must be after the start date.")})
        if self.status == self.Status.DISMISSED and not self.dismissed_on:
            raise ValidationError({"dismissed_on": _("A dismissed engagement must record the dismissal date.")})
        if self.dismissed_on and self.start_date and self.dismissed_on < self.start_date:
            raise ValidationError({"dismissed_on": _("The dismissal date must not be before the start date.")})
        # Said on the field: a form leaves out `release_status`, and with it the constraint that holds this.
        if self.release_status and self.status != self.Status.PENDING_REVIEW:
            raise ValidationError(
                {"status": _("This engagement is held for conflict-of-interest review until bureau staff decide.")}
            )
        if self.status == self.Status.PENDING_REVIEW and not self.release_status:
            raise ValidationError({"status": _("Only a conflict-of-interest finding holds an engagement for review.")})

    @staticmethod
    def term_ended_condition(on: dt.date) -> Q:
        """In force as stored, but the term ended before `on`: expired, whether or not the daily sweep
        (`advisers.services.engagements_expire`) has stored it yet."""
        return Q(status__in=Engagement.IN_FORCE, end_date__lt=on)

    @cached_property  # a non-data descriptor: `with_current_status()` fills it from the query instead
    def current_status(self) -> str:
        """The status as of today: an ended term reads expired (期满) before the daily sweep has run."""
        if self.status in self.IN_FORCE and self.end_date < timezone.localdate():
            return self.Status.EXPIRED
        return self.status

    def get_current_status_display(self) -> str:
        return self.Status(self.current_status).label
