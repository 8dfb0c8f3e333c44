"""Writes to the adviser registry, engagements, duty records and re-selection rounds."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.jurisdictions import owner_for
from accounts.models import Jurisdiction, Unit
from accounts.policy import advisers_among, bureau_staff_of, officers_of, own_adviser_id
from accounts.services import notify
from audit.trail import acting_as, audit_created
from figures.aggregates import bump

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


def advisers_register(*, actor, advisers: list[Adviser]) -> list[Adviser]:
    """New advisers registered together (an xlsx import): what adviser_save does for each, inserted in bulk.

    The caller has checked them as adviser_save would (advisers.excel checks a file's licence numbers against
    each other and the registry at once, not with a query per row); the constraints still refuse a duplicate.
    bulk_create sends no signals, so the audit rows and the cached figures' bump are written here."""
    if not advisers:
        return advisers
    registry = registry_for(actor)
    for adviser in advisers:
        if adviser.jurisdiction_id is None:
            adviser.jurisdiction = registry
    with transaction.atomic(), acting_as(actor):
        try:
            with transaction.atomic():
                Adviser.objects.bulk_create(advisers)
        except IntegrityError as exc:
            raise ValidationError(_("The record conflicts with another one: %(error)s") % {"error": exc}) from exc
        audit_created(advisers)
        bump(Adviser)
    return advisers


def engagement_save(
    *, actor, engagement: Engagement | None = None, declarations: Iterable[str] = (), **fields
) -> Engagement:
    """Create or change an engagement; its contracts' findings follow (engagements_changed).

    A new engagement in force, or one renewed (back in force, or its term extended), is checked for
    conflicts of interest (`conflicts_check`, with the adviser's `declarations`) and held if any is found.
    A held one keeps its status until bureau staff decide its findings (`conflict_decide`): the model's
    validation and the database refuse anything else."""
    engagement = engagement or Engagement()
    creating = engagement.pk is None
    before_status, before_end = _stored(Engagement, engagement.pk, "status", "end_date")
    _apply(engagement, fields)
    with transaction.atomic(), acting_as(actor):
        _save(engagement)  # full_clean refuses to release a held engagement (Engagement.clean); dates are dates now
        occasion = None
        if engagement.status in Engagement.IN_FORCE:
            if creating:
                occasion = ConflictFinding.Occasion.CREATED
            elif before_status not in Engagement.IN_FORCE or engagement.end_date > before_end:
                occasion = ConflictFinding.Occasion.RENEWED
        if occasion:
            conflicts_check(engagement=engagement, occasion=occasion, declarations=declarations)
        engagements_changed.send(sender=Engagement, engagement_ids={engagement.pk})
    return engagement


def engagement_delete(*, actor, engagement: Engagement) -> None:
    with transaction.atomic(), acting_as(actor):
        engagement.delete()


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


# -- Proposals: an adviser's own lectures and written opinions, confirmed by the unit ------------------


def _confirmers(unit: Unit) -> Q:
    """Who confirms what an adviser did for `unit`: its legal officers, and for a government (the city's own
    advisers) the justice bureau of its jurisdiction."""
    who = officers_of([unit.pk])
    if unit.is_government:
        who |= bureau_staff_of(unit.jurisdiction_id)
    return who


def _proposals_link(record: LegalOpinion | Lecture, state: str) -> str:
    """The proposals page on the record's kind and state, where it is listed."""
    kind = "lectures" if isinstance(record, Lecture) else "opinions"
    return reverse("advisers:proposals") + f"?kind={kind}&state={state}"


def _check_engaged(*, adviser_id: int, unit: Unit | None, date: dt.date | None) -> None:
    """An adviser proposes work only for a unit that engaged it on that day."""
    if unit is None or date is None:
        return  # full_clean names the missing field
    engaged = Engagement.objects.filter(adviser_id=adviser_id, unit=unit, start_date__lte=date, end_date__gte=date)
    if not engaged.exclude(status=Engagement.Status.DISMISSED, dismissed_on__lt=date).exists():
        raise ValidationError({"unit": _("You had no engagement with this unit on that date.")})


def _propose(*, actor, record: LegalOpinion | Lecture, what: str) -> LegalOpinion | Lecture:
    adviser_id = own_adviser_id(actor)
    if adviser_id is None:
        raise ValidationError(_("Only an adviser's own account proposes its duty records."))
    record.confirmation, record.proposed_by = Confirmation.PROPOSED, actor
    _check_engaged(adviser_id=adviser_id, unit=record.unit if record.unit_id else None, date=record.date)
    with transaction.atomic(), acting_as(actor):
        _save(record)  # proposals count nowhere, so no duty count or contract finding changes yet
        notify(
            _confirmers(record.unit),
            kind="duty_record:proposed",
            title=_("%(adviser)s proposed a %(what)s for %(unit)s: please confirm or decline it")
            % {"adviser": actor.adviser.name, "what": what, "unit": record.unit},
            body=str(record),
            link=_proposals_link(record, Confirmation.PROPOSED),
            actor=actor,
        )
    return record


def opinion_propose(
    *, actor, unit: Unit, date: dt.date, matter_type: str, subject: str, content: str = ""
) -> LegalOpinion:
    """An adviser's written opinion, waiting for the unit to confirm it (adopted unless the unit says otherwise)."""
    opinion = LegalOpinion(
        adviser_id=own_adviser_id(actor),
        unit=unit,
        date=date,
        matter_type=matter_type,
        source=LegalOpinion.Source.WRITTEN,
        subject=subject,
        content=content,
    )
    return _propose(actor=actor, record=opinion, what=_("legal opinion"))


def lecture_propose(*, actor, unit: Unit, date: dt.date, topic: str, audience: str = "") -> Lecture:
    lecture = Lecture(speaker_id=own_adviser_id(actor), unit=unit, date=date, topic=topic, audience=audience)
    return _propose(actor=actor, record=lecture, what=_("legal lecture"))


def proposal_decide(
    *, actor, record: LegalOpinion | Lecture, confirm: bool, reason: str = ""
) -> LegalOpinion | Lecture:
    """Confirm a proposal (from then on it counts, and the contract rules see it) or decline it with the reason."""
    reason = reason.strip()
    if not confirm and not reason:
        raise ValidationError({"decline_reason": _("Give the reason for declining the proposal.")})
    model = type(record)
    adviser_field = "adviser" if model is LegalOpinion else "speaker"
    with transaction.atomic(), acting_as(actor):
        record = model.objects.select_for_update(of=("self",)).select_related("unit", adviser_field).get(pk=record.pk)
        if not record.is_proposal:
            raise ValidationError(_("This record is not waiting for confirmation (someone else may have decided it)."))
        record.confirmation = Confirmation.CONFIRMED if confirm else Confirmation.DECLINED
        record.decline_reason = "" if confirm else reason
        _save(record)
        adviser = getattr(record, adviser_field)
        names = {"what": model._meta.verbose_name, "record": record, "unit": record.unit}
        if confirm:
            _duty_changed({record.unit_id}, {adviser.pk})
            title = _("%(unit)s confirmed your %(what)s “%(record)s”") % names
        else:
            title = _("%(unit)s declined your %(what)s “%(record)s”") % names
        notify(
            advisers_among([adviser.pk]),
            kind="duty_record:decided",
            title=title,
            body=record.decline_reason,
            link=_proposals_link(record, record.confirmation),
            actor=actor,
        )
    return record


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
    declarations: Mapping[int, Iterable[str]] | None = None,
) -> list[Engagement]:
    """Record the outcome: selected candidates get the next engagements, linked to the ones they replace.

    An incumbent who is kept has the old engagement marked renewed (served to its end date) so that
    the successor can be the one active engagement of that adviser with the unit. Each new engagement is
    checked for conflicts of interest, with what its adviser declared (`declarations`, by adviser id).
    """
    declarations = declarations or {}
    decided_on = decided_on or timezone.localdate()
    selected_ids = set(selected_ids)
    created: list[Engagement] = []
    with transaction.atomic(), acting_as(actor):
        round_ = ReselectionRound.objects.select_for_update(of=("self",)).select_related("unit").get(pk=round_.pk)
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
            conflicts_check(
                engagement=engagement,
                occasion=ConflictFinding.Occasion.RENEWED if previous else ConflictFinding.Occasion.CREATED,
                declarations=declarations.get(candidate.adviser_id, ()),
            )
            candidate.outcome, candidate.new_engagement = ReselectionCandidate.Outcome.SELECTED, engagement
            _save(candidate)
            created.append(engagement)
            touched.add(engagement.pk)
        engagements_changed.send(sender=Engagement, engagement_ids=touched)
        # The bureau registers the new terms' contracts and appointment letters; the unit sees its outcome.
        notify(
            bureau_staff_of(round_.unit.jurisdiction_id) | officers_of([round_.unit_id]),
            kind="reselection:decided",
            title=_("The re-selection round “%(title)s” of %(unit)s was decided: %(n)s advisers selected")
            % {"title": round_.title, "unit": round_.unit.name, "n": len(created)},
            body="、".join(engagement.adviser.name for engagement in created),
            link=reverse("advisers:round", args=[round_.pk]),
            actor=actor,
        )
    return created


# -- Conflict-of-interest review (利益冲突审查) ---------------------------------------------------------


def dispute_save(*, actor, dispute: Dispute | None = None, **fields) -> Dispute:
    """Register or change a case against a unit. Names are compared as typed, so they are kept trimmed."""
    dispute = dispute or Dispute()
    _apply(dispute, fields)
    for name in ("case_number", "forum", "counterparty", "counterparty_lawyer", "counterparty_firm"):
        setattr(dispute, name, (getattr(dispute, name) or "").strip())
    with transaction.atomic(), acting_as(actor):
        _save(dispute)
    return dispute


def _counterparty_facts(engagement: Engagement) -> list[tuple[str, str, Dispute]]:
    """Open cases against the unit or a unit under it in which the adviser, or the adviser's firm, acts
    for the other side: the retaining government's whole area is the one an adviser must not act against."""
    adviser = engagement.adviser
    name, firm = adviser.name.strip(), adviser.affiliation.strip()
    if adviser.is_institution:
        condition = Q(counterparty_firm=name)
    else:
        condition = Q(counterparty_lawyer__contains=name)
        if firm:
            condition |= Q(counterparty_firm=firm)
    cases = Dispute.objects.filter(condition, status=Dispute.Status.OPEN, unit__path__startswith=engagement.unit.path)
    facts = []
    for case in cases.select_related("unit").order_by("pk"):
        if adviser.is_institution or (firm and case.counterparty_firm == firm):
            who = case.counterparty_firm
        elif name in case.lawyers:
            who = name
        else:
            continue  # the name is only part of another lawyer's
        message = _(
            "%(who)s acts for %(counterparty)s in case %(case)s (%(forum)s) against %(unit)s, which is still open."
        ) % {
            "who": who,
            "counterparty": case.counterparty,
            "case": case.case_number,
            "forum": case.forum,
            "unit": case.unit,
        }
        facts.append((f"case:{case.pk}", message, case))
    return facts


def _units_served(engagement: Engagement, today: dt.date) -> int:
    """The units this adviser serves at once with this engagement: those of their engagements in force or held
    whose term overlaps it and that began before it (the later engagements are the ones over the limit)."""
    start = max(engagement.start_date, today)
    earlier = Q(start_date__lt=engagement.start_date) | Q(start_date=engagement.start_date, pk__lt=engagement.pk)
    others = (
        Engagement.objects.filter(
            earlier,
            adviser_id=engagement.adviser_id,
            status__in=(*Engagement.IN_FORCE, Engagement.Status.PENDING_REVIEW),
            start_date__lte=engagement.end_date,
            end_date__gte=start,
        )
        .exclude(unit_id=engagement.unit_id)
        .values("unit_id")
        .distinct()
        .count()
    )
    return others + 1


def _declaration_key(item: str) -> str:
    return "declared:" + hashlib.sha256(item.encode()).hexdigest()[:32]


def _conflict_facts(engagement: Engagement, declarations: Iterable[str], today: dt.date) -> list[tuple]:
    """(key, kind, message, dispute) for every conflict of interest the engagement has."""
    counterparty = ConflictFinding.Kind.COUNTERPARTY
    facts = [(key, counterparty, message, case) for key, message, case in _counterparty_facts(engagement)]
    # A person's time is the limit; a law firm staffs each engagement with lawyers of its own.
    most = AdviserSettings.for_jurisdiction(engagement.unit).max_units
    served = 0 if engagement.adviser.is_institution else _units_served(engagement, today)
    if served > most:
        message = _("%(adviser)s would serve %(n)s units at once; the jurisdiction allows at most %(most)s.") % {
            "adviser": engagement.adviser,
            "n": served,
            "most": most,
        }
        facts.append(("units", ConflictFinding.Kind.TOO_MANY_UNITS, message, None))
    for item in dict.fromkeys(item.strip() for item in declarations if item and item.strip()):
        message = _("The adviser declared: %(item)s") % {"item": item}
        facts.append((_declaration_key(item), ConflictFinding.Kind.DECLARED, message, None))
    return facts


def conflicts_check(
    *, engagement: Engagement, occasion: str, declarations: Iterable[str] = (), today: dt.date | None = None
) -> list[ConflictFinding]:
    """The conflict-of-interest check, the one every path asks: when an engagement is created or renewed and
    every year for those in force. It raises a finding for each fact not raised before for this engagement
    (the constraint `conflict_finding_once_per_fact` keeps a second check from raising it again) and holds the
    engagement (not in force) until bureau staff decide. Returns the findings raised now."""
    today = today or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):  # read by bureau staff and officers alike
        facts = _conflict_facts(engagement, list(declarations), today)
    known = set(ConflictFinding.objects.filter(engagement=engagement).values_list("key", flat=True))
    new = [fact for fact in facts if fact[0] not in known]
    if not new:
        return []
    raised = []
    with transaction.atomic():
        # Held first: the database refuses an open finding on an engagement in force (migration 0016). Only
        # the two fields are written: the sweep's instance may be older than a change made since it was read.
        status = Engagement.objects.select_for_update().filter(pk=engagement.pk).values_list("status", flat=True).get()
        if status not in (*Engagement.IN_FORCE, Engagement.Status.PENDING_REVIEW):
            return []  # ended since it was read: nothing left to hold
        if status != Engagement.Status.PENDING_REVIEW:
            engagement.release_status, engagement.status = status, Engagement.Status.PENDING_REVIEW
            engagement.save(update_fields=["status", "release_status"])
        for key, kind, message, case in new:
            finding = ConflictFinding(
                engagement=engagement, key=key, kind=kind, message=message, dispute=case, occasion=occasion
            )
            try:
                with transaction.atomic():
                    finding.save()
            except IntegrityError:
                continue  # a concurrent check raised it first (and held the engagement too)
            raised.append(finding)
        if not raised:
            return []
        notify(
            bureau_staff_of(engagement.unit.jurisdiction_id) | officers_of([engagement.unit_id]),
            kind="conflict_found",
            title=_("Held for conflict-of-interest review: %(engagement)s") % {"engagement": engagement},
            body="\n".join(finding.message for finding in raised),
            link=reverse("advisers:conflict", args=[raised[0].pk]),
        )
    return raised


def conflict_decide(*, actor, finding: ConflictFinding, upheld: bool, reason: str) -> ConflictFinding:
    """Bureau staff decide a finding with a written reason (its audit row holds both).

    Cleared: once no finding of the engagement waits any more, it is back in force with the status it had.
    Upheld: the engagement ends for a conflict of interest, and its other waiting findings are decided with it.
    The unit's officers are told either way."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Write the reason for the decision.")})
    now = timezone.now()
    status = ConflictFinding.Status.UPHELD if upheld else ConflictFinding.Status.CLEARED
    with transaction.atomic(), acting_as(actor):
        finding = ConflictFinding.objects.select_for_update().get(pk=finding.pk)
        if not finding.is_open:
            raise ValidationError(_("This finding has already been decided."))
        engagement = Engagement.objects.select_for_update(of=("self",)).select_related("adviser", "unit")
        engagement = engagement.get(pk=finding.engagement_id)
        decided = [finding]
        if upheld:
            decided += list(
                ConflictFinding.objects.select_for_update()
                .filter(engagement=engagement, status=ConflictFinding.Status.OPEN)
                .exclude(pk=finding.pk)
            )
        for each in decided:
            each.status, each.decided_at, each.decided_by, each.reason = status, now, actor, reason
            _save(each)
        still_open = ConflictFinding.objects.filter(engagement=engagement, status=ConflictFinding.Status.OPEN).exists()
        if engagement.status == Engagement.Status.PENDING_REVIEW and (upheld or not still_open):
            release = Engagement.Status.CONFLICT if upheld else engagement.release_status
            engagement.status, engagement.release_status = release, ""
            _save(engagement)
            engagements_changed.send(sender=Engagement, engagement_ids={engagement.pk})
        if upheld:
            title = _("Conflict of interest upheld: %(engagement)s ends") % {"engagement": engagement}
        elif still_open:
            title = _("A conflict finding was cleared; %(engagement)s still waits for the others") % {
                "engagement": engagement
            }
        else:
            title = _("Conflict of interest cleared: %(engagement)s is in force") % {"engagement": engagement}
        notify(
            officers_of([engagement.unit_id]),
            kind="conflict_decided",
            title=title,
            body=reason,
            link=reverse("advisers:conflict", args=[finding.pk]),
            actor=actor,
        )
    return finding


def conflicts_review_in_force(*, today: dt.date | None = None) -> int:
    """The yearly review: every engagement in force checked again, one transaction each. Facts already raised
    are not raised again, so a second run (a retried task) finds nothing new. Returns the findings raised."""
    today = today or timezone.localdate()
    raised = 0
    ids = list(Engagement.objects.in_force(today).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        batch = Engagement.objects.filter(pk__in=ids[start : start + 500]).select_related("adviser", "unit")
        for engagement in batch.order_by("pk"):
            with transaction.atomic():
                found = conflicts_check(engagement=engagement, occasion=ConflictFinding.Occasion.YEARLY, today=today)
            raised += len(found)
    return raised
