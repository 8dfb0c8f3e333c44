"""Writes to the adviser registry, engagements, duty records and re-selection rounds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import acting_as
from accounts.jurisdictions import owner_for
from accounts.models import Jurisdiction, Unit

from .models import (
    Adviser,
    Engagement,
    ExecutiveMeeting,
    Lecture,
    LegalOpinion,
    MeetingAttendance,
    ReselectionCandidate,
    ReselectionRound,
)
from .signals import duty_records_changed, engagements_changed


def _save(obj) -> None:
    """Validate, then save; a constraint that a concurrent write breaks still ends as a ValidationError."""
    obj.full_clean()
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise ValidationError(_("The record conflicts with another one: %(error)s") % {"error": exc}) from exc


def _apply(obj, fields: dict) -> None:
    for name, value in fields.items():
        setattr(obj, name, value)


# -- Registry and engagements -----------------------------------------------------------------------


def registry_for(actor):
    """The jurisdiction whose registry keeps an adviser this actor registers (the top one for superusers)."""
    if actor is not None and getattr(actor, "jurisdiction", None) is not None:
        return actor.jurisdiction
    return Jurisdiction.objects.filter(parent__isnull=True).order_by("pk").first()


def adviser_save(*, actor, adviser: Adviser | None = None, **fields) -> Adviser:
    adviser = adviser or Adviser()
    _apply(adviser, fields)
    if adviser.jurisdiction_id is None:
        adviser.jurisdiction = registry_for(actor)
    with transaction.atomic(), acting_as(actor):
        _save(adviser)
    return adviser


def engagement_save(*, actor, engagement: Engagement | None = None, **fields) -> Engagement:
    """Create or change an engagement; its contracts' findings follow (engagements_changed)."""
    engagement = engagement or Engagement()
    _apply(engagement, fields)
    with transaction.atomic(), acting_as(actor):
        _save(engagement)
        engagements_changed.send(sender=Engagement, engagement_ids={engagement.pk})
    return engagement


def engagement_dismiss(*, actor, engagement: Engagement, on: dt.date | None = None) -> Engagement:
    """Dismiss (解聘), e.g. after an assessment graded 不合格."""
    if engagement.status not in Engagement.IN_FORCE:
        raise ValidationError(_("Only an engagement in force can be dismissed."))
    return engagement_save(
        actor=actor, engagement=engagement, status=Engagement.Status.DISMISSED, dismissed_on=on or timezone.localdate()
    )


def engagements_expire(*, actor=None, today: dt.date | None = None, engagements: QuerySet | None = None) -> int:
    """Mark engagements in force whose term has ended as expired (all of them, or those of `engagements`);
    their contracts' findings follow. One save per row keeps the audit trail."""
    today = today or timezone.localdate()
    candidates = Engagement.objects.all() if engagements is None else engagements
    expired = set()
    with transaction.atomic(), acting_as(actor):
        for engagement in candidates.select_for_update().filter(status__in=Engagement.IN_FORCE, end_date__lt=today):
            engagement.status = Engagement.Status.EXPIRED
            engagement.save(update_fields=["status"])
            expired.add(engagement.pk)
        if expired:
            engagements_changed.send(sender=Engagement, engagement_ids=expired)
    return len(expired)


# -- Duty records -----------------------------------------------------------------------------------


def _stored(model, pk, *fields) -> tuple:
    """The values as saved (a form may already have changed the instance in memory)."""
    row = model.objects.filter(pk=pk).values_list(*fields).first() if pk else None
    return row or (None,) * len(fields)


def _duty_changed(units: Iterable[int], advisers: Iterable[int]) -> None:
    duty_records_changed.send(sender=LegalOpinion, unit_ids=set(units), adviser_ids=set(advisers))


def meeting_removal_error(givers: Iterable[Adviser]) -> str:
    return _("%(advisers)s gave an opinion at this meeting and cannot be removed from it.") % {
        "advisers": "、".join(str(adviser) for adviser in givers)
    }


def meeting_record(
    *,
    actor,
    date: dt.date,
    session_number: int,
    topics: str = "",
    adviser_ids: Iterable[int] = (),
    meeting: ExecutiveMeeting | None = None,
) -> ExecutiveMeeting:
    """Create or change an executive meeting and set exactly who attended it (a new one: of the actor's government)."""
    meeting = meeting or ExecutiveMeeting(jurisdiction=owner_for(actor))
    meeting.date, meeting.session_number, meeting.topics = date, session_number, topics
    wanted = set(adviser_ids)
    with transaction.atomic(), acting_as(actor):
        _save(meeting)
        current = set(MeetingAttendance.objects.filter(meeting=meeting).values_list("adviser_id", flat=True))
        leaving = current - wanted
        givers = meeting.opinion_givers(leaving)
        if givers:
            raise ValidationError(meeting_removal_error(givers))
        for attendance in MeetingAttendance.objects.filter(meeting=meeting, adviser_id__in=leaving):
            attendance.delete()
        for adviser_id in sorted(wanted - current):
            _save(MeetingAttendance(meeting=meeting, adviser_id=adviser_id))
        _duty_changed([], current | wanted)
    return meeting


def meeting_delete(*, actor, meeting: ExecutiveMeeting) -> None:
    """Delete a meeting with its attendances; the findings that counted them follow."""
    attended = set(MeetingAttendance.objects.filter(meeting=meeting).values_list("adviser_id", flat=True))
    with transaction.atomic(), acting_as(actor):
        meeting.delete()
        _duty_changed([], attended)


def opinion_save(*, actor, opinion: LegalOpinion | None = None, **fields) -> LegalOpinion:
    """Record or change a legal opinion (an opinion not adopted must carry the reason)."""
    opinion = opinion or LegalOpinion()
    before = _stored(LegalOpinion, opinion.pk, "unit_id", "adviser_id")
    _apply(opinion, fields)
    if opinion.source == LegalOpinion.Source.MEETING and opinion.meeting_id and not opinion.date:
        opinion.date = opinion.meeting.date
    with transaction.atomic(), acting_as(actor):
        _save(opinion)
        _duty_changed({before[0], opinion.unit_id} - {None}, {before[1], opinion.adviser_id} - {None})
    return opinion


def duty_record_delete(*, actor, record: LegalOpinion | Lecture) -> None:
    """Delete an opinion or a lecture; the findings that counted it follow."""
    adviser_id = record.adviser_id if isinstance(record, LegalOpinion) else record.speaker_id
    with transaction.atomic(), acting_as(actor):
        record.delete()
        _duty_changed({record.unit_id}, {adviser_id})


def lecture_save(*, actor, lecture: Lecture | None = None, **fields) -> Lecture:
    lecture = lecture or Lecture()
    before = _stored(Lecture, lecture.pk, "unit_id", "speaker_id")
    _apply(lecture, fields)
    with transaction.atomic(), acting_as(actor):
        _save(lecture)
        _duty_changed({before[0], lecture.unit_id} - {None}, {before[1], lecture.speaker_id} - {None})
    return lecture


# -- Re-selection rounds (换届遴选) -------------------------------------------------------------------


def round_open(
    *,
    actor,
    unit: Unit,
    title: str,
    role: str,
    selection_method: str,
    opened_on: dt.date,
    new_term_start: dt.date,
    new_term_end: dt.date,
    note: str = "",
) -> ReselectionRound:
    """Open a round; every active engagement of this unit and role that ends before the new term is an incumbent."""
    round_ = ReselectionRound(
        unit=unit,
        title=title,
        role=role,
        selection_method=selection_method,
        opened_on=opened_on,
        new_term_start=new_term_start,
        new_term_end=new_term_end,
        note=note,
    )
    with transaction.atomic(), acting_as(actor):
        _save(round_)
        incumbents = Engagement.objects.filter(
            unit=unit, role=role, status=Engagement.Status.ACTIVE, end_date__lt=new_term_start
        ).order_by("adviser__name", "pk")
        for engagement in incumbents:
            _save(ReselectionCandidate(round=round_, adviser_id=engagement.adviser_id, incumbent=engagement))
    return round_


def candidate_add(*, actor, round_: ReselectionRound, adviser: Adviser, note: str = "") -> ReselectionCandidate:
    if not round_.is_open:
        raise ValidationError(_("The round is decided; candidates can no longer change."))
    incumbent = Engagement.objects.filter(
        unit=round_.unit, adviser=adviser, role=round_.role, status=Engagement.Status.ACTIVE
    ).first()
    candidate = ReselectionCandidate(round=round_, adviser=adviser, incumbent=incumbent, note=note)
    with transaction.atomic(), acting_as(actor):
        _save(candidate)
    return candidate


def round_change(*, actor, round_: ReselectionRound, **fields) -> ReselectionRound:
    """Change an open round's title, dates or note (its candidates were found when it opened)."""
    _apply(round_, fields)
    with transaction.atomic(), acting_as(actor):
        if not ReselectionRound.objects.select_for_update().get(pk=round_.pk).is_open:
            raise ValidationError(_("This round has already been decided."))
        _save(round_)
    return round_


def candidate_save(*, actor, candidate: ReselectionCandidate, **fields) -> ReselectionCandidate:
    """Change a candidate of an open round (the note, the engagement it would succeed)."""
    _apply(candidate, fields)
    if not candidate.round.is_open:
        raise ValidationError(_("The round is decided; candidates can no longer change."))
    with transaction.atomic(), acting_as(actor):
        _save(candidate)
    return candidate


def candidate_remove(*, actor, candidate: ReselectionCandidate) -> None:
    if not candidate.round.is_open:
        raise ValidationError(_("The round is decided; candidates can no longer change."))
    with transaction.atomic(), acting_as(actor):
        candidate.delete()


def round_decide(
    *,
    actor,
    round_: ReselectionRound,
    selected_ids: Iterable[int],
    decided_on: dt.date | None = None,
    letter_issuer: str = "",
) -> list[Engagement]:
    """Record the outcome: selected candidates get the next engagements, linked to the ones they replace.

    An incumbent who is kept has the old engagement marked renewed (served to its end date) so that
    the successor can be the one active engagement of that adviser with the unit.
    """
    decided_on = decided_on or timezone.localdate()
    selected_ids = set(selected_ids)
    created: list[Engagement] = []
    with transaction.atomic(), acting_as(actor):
        round_ = ReselectionRound.objects.select_for_update().get(pk=round_.pk)
        if not round_.is_open:
            raise ValidationError(_("This round has already been decided."))
        candidates = list(round_.candidates.select_related("adviser", "incumbent"))
        unknown = selected_ids - {c.pk for c in candidates}
        if unknown:
            raise ValidationError(_("Select candidates of this round only."))
        if not selected_ids:
            raise ValidationError(_("Select at least one candidate."))
        round_.status, round_.decided_on = ReselectionRound.Status.DECIDED, decided_on
        _save(round_)
        touched = set()
        for candidate in candidates:
            if candidate.pk not in selected_ids:
                candidate.outcome = ReselectionCandidate.Outcome.NOT_SELECTED
                _save(candidate)
                continue
            previous = candidate.incumbent
            if previous is not None and previous.status == Engagement.Status.ACTIVE:
                previous.status = Engagement.Status.RENEWED
                _save(previous)
                touched.add(previous.pk)
            conflict = Engagement.objects.filter(
                adviser=candidate.adviser, unit=round_.unit, status=Engagement.Status.ACTIVE
            ).first()
            if conflict is not None:
                raise ValidationError(
                    _("%(adviser)s already has an active engagement with this unit (%(start)s to %(end)s).")
                    % {"adviser": candidate.adviser, "start": conflict.start_date, "end": conflict.end_date}
                )
            engagement = Engagement(
                adviser=candidate.adviser,
                unit=round_.unit,
                role=round_.role,
                kind=Engagement.Kind.STANDING,
                start_date=round_.new_term_start,
                end_date=round_.new_term_end,
                selection_method=round_.selection_method,
                selection_completed_on=decided_on,
                letter_issuer=letter_issuer,
                previous=previous,
            )
            _save(engagement)
            candidate.outcome, candidate.new_engagement = ReselectionCandidate.Outcome.SELECTED, engagement
            _save(candidate)
            created.append(engagement)
            touched.add(engagement.pk)
        engagements_changed.send(sender=Engagement, engagement_ids=touched)
    return created
