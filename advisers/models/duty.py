"""Duty records (履职记录): executive meetings, legal opinions, lectures, contract inspections."""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.db.models.functions import Length, Trim
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit

from .registry import Adviser

# Duty is recorded once it is done, so no record is dated after today (Beijing). Model validation (every
# form and service) refuses tomorrow; in the database a trigger on each duty table refuses it
# (advisers/migrations/0013: a CHECK cannot say "today"), and this CHECK keeps the fixed outer bound that
# Django's own constraint validation knows.
LATEST_DUTY_DATE = dt.date(2100, 12, 31)
FUTURE_DATE_MESSAGE = _("A duty record cannot be dated in the future.")


def dated_by_latest_duty_date(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(date__lte=LATEST_DUTY_DATE), name=name, violation_error_message=FUTURE_DATE_MESSAGE
    )


def check_not_in_future(date: dt.date | None) -> None:
    if date and date > timezone.localdate():
        raise ValidationError({"date": FUTURE_DATE_MESSAGE})


class Confirmation(models.TextChoices):
    """Whether a duty record counts: one an adviser proposes counts only once the unit confirms it."""

    CONFIRMED = "confirmed", _("Confirmed")
    PROPOSED = "proposed", _("Proposed by the adviser")
    DECLINED = "declined", _("Declined")


class DutyRecordQuerySet(models.QuerySet):
    def counted(self):
        """The records every duty count reads: confirmed ones (an adviser's proposal waits for the unit)."""
        return self.filter(confirmation=Confirmation.CONFIRMED)


class ProposableRecord(models.Model):
    """A duty record that an adviser may propose (法治讲座, 法律意见) and the unit's officer confirms or declines."""

    confirmation = models.CharField(
        _("confirmation"), max_length=20, choices=Confirmation.choices, default=Confirmation.CONFIRMED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    objects = DutyRecordQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_proposal(self) -> bool:
        return self.confirmation == Confirmation.PROPOSED


def confirmation_constraints(prefix: str) -> list[models.CheckConstraint]:
    """A record nobody proposed (the unit's own entry, the demo, an import) is confirmed; a declined one says why."""
    return [
        models.CheckConstraint(
            condition=Q(confirmation=Confirmation.CONFIRMED) | Q(proposed_by__isnull=False),
            name=f"{prefix}_unconfirmed_was_proposed",
            violation_error_message=_("Only a record an adviser proposed can wait for confirmation or be declined."),
        ),
        models.CheckConstraint(
            condition=~Q(confirmation=Confirmation.DECLINED) | Q(GreaterThan(Length(Trim("decline_reason")), 0)),
            name=f"{prefix}_declined_has_reason",
            violation_error_message=_("A declined proposal must carry the reason."),
        ),
    ]


class ExecutiveMeeting(models.Model):
    """An executive meeting of a government (市政府常务会议) that advisers attend (列席): its jurisdiction's."""

    jurisdiction = models.ForeignKey(
        "accounts.Jurisdiction",
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        related_name="executive_meetings",
    )
    date = models.DateField(_("date"))
    session_number = models.PositiveIntegerField(_("session number"))
    topics = models.TextField(_("topics"), blank=True)
    attendees = models.ManyToManyField(
        Adviser, verbose_name=_("attending advisers"), through="MeetingAttendance", related_name="meetings"
    )

    class Meta:
        verbose_name = _("executive meeting")
        verbose_name_plural = _("executive meetings")
        ordering = ["-date", "-session_number"]
        indexes = [models.Index(fields=["date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "session_number"],
                name="meeting_session_unique_per_jurisdiction",
                violation_error_message=_("This government already has a meeting with this session number."),
            ),
            dated_by_latest_duty_date("meeting_date_not_in_future"),
        ]

    def __str__(self) -> str:
        return _("Executive meeting no. %(n)s") % {"n": self.session_number}

    def clean(self):
        check_not_in_future(self.date)

    def opinion_givers(self, adviser_ids: Iterable[int]) -> QuerySet:
        """The advisers among these who gave an opinion at this meeting (they cannot be removed from it)."""
        if self.pk is None:
            return Adviser.objects.none()
        return Adviser.objects.filter(pk__in=set(adviser_ids), opinions__meeting=self).distinct()


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(ExecutiveMeeting, verbose_name=_("meeting"), on_delete=models.CASCADE)
    adviser = models.ForeignKey(
        Adviser, verbose_name=_("adviser"), on_delete=models.PROTECT, related_name="attendances"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "adviser"],
                name="attendance_once_per_meeting",
                violation_error_message=_("This adviser is already recorded at this meeting."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.adviser} — {self.meeting}"


class LegalOpinion(ProposableRecord):
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
        ExecutiveMeeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinions",
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
            dated_by_latest_duty_date("opinion_date_not_in_future"),
            *confirmation_constraints("opinion"),
        ]
        indexes = [
            models.Index(fields=["adviser", "date"]),
            models.Index(fields=["unit", "date"]),
            models.Index(fields=["source", "date"]),
            # The lists' newest-first ordering, alone and filtered by adoption (EXPLAIN on the province set).
            models.Index(fields=["-date", "-id"], name="opinion_newest_first"),
            models.Index(fields=["adoption", "-date", "-id"], name="opinion_adoption_newest"),
        ]

    def __str__(self) -> str:
        return self.subject

    def clean(self):
        check_not_in_future(self.date)
        if self.adoption == self.Adoption.NOT_ADOPTED and not (self.non_adoption_reason or "").strip():
            raise ValidationError({"non_adoption_reason": _("An opinion that is not adopted must carry the reason.")})
        if self.source == self.Source.MEETING and not self.meeting_id:
            raise ValidationError({"meeting": _("An opinion given at a meeting must name the meeting.")})
        if self.source == self.Source.WRITTEN and self.meeting_id:
            raise ValidationError(
                {"meeting": _("A written opinion is not given at a meeting; leave the meeting empty.")}
            )
        if self.meeting_id and self.adviser_id:
            if not MeetingAttendance.objects.filter(meeting_id=self.meeting_id, adviser_id=self.adviser_id).exists():
                raise ValidationError({"meeting": _("The adviser is not recorded as attending this meeting.")})
            if self.date and self.date != self.meeting.date:
                raise ValidationError({"date": _("An opinion given at a meeting carries the meeting's date.")})


class Lecture(ProposableRecord):
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
        constraints = [dated_by_latest_duty_date("lecture_date_not_in_future"), *confirmation_constraints("lecture")]
        indexes = [
            models.Index(fields=["speaker", "date"]),
            models.Index(fields=["unit", "date"]),
            models.Index(fields=["-date", "-id"], name="lecture_newest_first"),
        ]

    def __str__(self) -> str:
        return self.topic

    def clean(self):
        check_not_in_future(self.date)


class InspectionParticipation(models.Model):
    """An adviser on the team of the city's annual contract inspection (合同专项清查)."""

    adviser = models.ForeignKey(
        Adviser, verbose_name=_("adviser"), on_delete=models.PROTECT, related_name="inspection_participations"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="inspection_participations"
    )
    year = models.PositiveIntegerField(_("inspection year"))
    date = models.DateField(_("date"))
    description = models.CharField(_("work done"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("contract inspection participation")
        verbose_name_plural = _("contract inspection participations")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["adviser", "year"],
                name="inspection_participation_once_per_year",
                violation_error_message=_("This adviser is already on this year's inspection team."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="inspection_participation_year_sane",
                violation_error_message=_("Enter a year between 2000 and 2100."),
            ),
            dated_by_latest_duty_date("inspection_participation_date_not_in_future"),
        ]
        indexes = [models.Index(fields=["adviser", "date"])]

    def __str__(self) -> str:
        return f"{self.adviser} — {self.year}"

    def clean(self):
        check_not_in_future(self.date)
