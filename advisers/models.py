from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Trim
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit


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
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("adviser")
        verbose_name_plural = _("advisers")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["category"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_institution(self) -> bool:
        return self.category == self.Category.LAW_FIRM

    @property
    def is_internal(self) -> bool:
        return self.category == self.Category.INTERNAL


class SelectionMethod(models.TextChoices):
    PUBLIC_SELECTION = "public_selection", _("Public selection")
    OPEN_TENDER = "open_tender", _("Open tender")
    COMPETITIVE_CONSULTATION = "competitive_consultation", _("Competitive consultation")
    COMPETITIVE_NEGOTIATION = "competitive_negotiation", _("Competitive negotiation")
    SINGLE_SOURCE = "single_source", _("Single source")
    INQUIRY = "inquiry", _("Request for quotation")


class Engagement(models.Model):
    """An adviser retained by a unit for a term (聘任)."""

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

    adviser = models.ForeignKey(Adviser, verbose_name=_("adviser"), on_delete=models.PROTECT, related_name="engagements")
    unit = models.ForeignKey(Unit, verbose_name=_("employing unit"), on_delete=models.PROTECT, related_name="engagements")
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
    previous = models.ForeignKey(
        "self",
        verbose_name=_("replaces engagement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
    )

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
        ]
        indexes = [models.Index(fields=["status", "end_date"]), models.Index(fields=["unit", "status"])]

    def __str__(self) -> str:
        return f"{self.adviser} @ {self.unit}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("The end date must be after the start date.")})


# -- Duty records (履职记录) -------------------------------------------------------------------------


class ExecutiveMeeting(models.Model):
    """A municipal executive meeting (市政府常务会议) that advisers attend (列席)."""

    date = models.DateField(_("date"))
    session_number = models.PositiveIntegerField(_("session number"), unique=True)
    topics = models.TextField(_("topics"), blank=True)
    attendees = models.ManyToManyField(
        Adviser, verbose_name=_("attending advisers"), through="MeetingAttendance", related_name="meetings"
    )

    class Meta:
        verbose_name = _("executive meeting")
        verbose_name_plural = _("executive meetings")
        ordering = ["-date", "-session_number"]

    def __str__(self) -> str:
        return _("Executive meeting no. %(n)s") % {"n": self.session_number}


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(ExecutiveMeeting, verbose_name=_("meeting"), on_delete=models.CASCADE)
    adviser = models.ForeignKey(Adviser, verbose_name=_("adviser"), on_delete=models.PROTECT, related_name="attendances")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["meeting", "adviser"], name="attendance_once_per_meeting")]

    def __str__(self) -> str:
        return f"{self.adviser} — {self.meeting}"


class LegalOpinion(models.Model):
    """A legal opinion; one that is not adopted must carry the reason (未采纳意见需说明理由)."""

    class MatterType(models.TextChoices):
        MAJOR_DECISION = "major_decision", _("Major administrative decision")
        NORMATIVE_DOCUMENT = "normative_document", _("Normative document")
        CONTRACT = "contract", _("Contract")
        LITIGATION = "litigation", _("Litigation / arbitration")
        PETITION = "petition", _("Petition")
        OTHER = "other", _("Other")

    class Source(models.TextChoices):
        MEETING = "meeting", _("At an executive meeting")
        WRITTEN = "written", _("Written opinion")

    class Adoption(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        PARTLY = "partly", _("Partly adopted")
        NOT_ADOPTED = "not_adopted", _("Not adopted")

    adviser = models.ForeignKey(Adviser, verbose_name=_("adviser"), on_delete=models.PROTECT, related_name="opinions")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="opinions")
    date = models.DateField(_("date"))
    matter_type = models.CharField(_("matter type"), max_length=30, choices=MatterType.choices)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.WRITTEN)
    meeting = models.ForeignKey(
        ExecutiveMeeting, verbose_name=_("meeting"), null=True, blank=True, on_delete=models.PROTECT, related_name="opinions"
    )
    subject = models.CharField(_("subject"), max_length=200)
    content = models.TextField(_("opinion"), blank=True)
    adoption = models.CharField(_("adoption"), max_length=20, choices=Adoption.choices, default=Adoption.ADOPTED)
    non_adoption_reason = models.TextField(_("reason for not adopting"), blank=True)

    class Meta:
        verbose_name = _("legal opinion")
        verbose_name_plural = _("legal opinions")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(adoption="not_adopted") | Q(GreaterThan(Length(Trim("non_adoption_reason")), 0)),
                name="opinion_not_adopted_has_reason",
                violation_error_message=_("An opinion that is not adopted must carry the reason."),
            ),
            models.CheckConstraint(
                condition=~Q(source="meeting") | Q(meeting__isnull=False),
                name="opinion_meeting_source_has_meeting",
                violation_error_message=_("An opinion given at a meeting must name the meeting."),
            ),
        ]
        indexes = [models.Index(fields=["adviser", "date"]), models.Index(fields=["unit", "date"])]

    def __str__(self) -> str:
        return self.subject

    def clean(self):
        if self.adoption == self.Adoption.NOT_ADOPTED and not (self.non_adoption_reason or "").strip():
            raise ValidationError({"non_adoption_reason": _("An opinion that is not adopted must carry the reason.")})
        if self.source == self.Source.MEETING and not self.meeting_id:
            raise ValidationError({"meeting": _("An opinion given at a meeting must name the meeting.")})


class Lecture(models.Model):
    """A legal lecture (法治讲座) given by an adviser."""

    speaker = models.ForeignKey(Adviser, verbose_name=_("speaker"), on_delete=models.PROTECT, related_name="lectures")
    unit = models.ForeignKey(Unit, verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="lectures")
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    audience = models.CharField(_("audience"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("legal lecture")
        verbose_name_plural = _("legal lectures")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["speaker", "date"])]

    def __str__(self) -> str:
        return self.topic
