"""Writes of the panel's half of a selection: eligibility review, the panel and its scores, the 公示 and its
objections, the appointment and its letters. Each takes the acting user (keyword-only), validates, writes in
one transaction with its audit rows, and notifies inside it (the emails leave after commit)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import notify
from advisers import services as advisers_services
from advisers.models import Adviser, Engagement, ReselectionCandidate
from audit.trail import acting_as, record_event
from selection.models import (
    Application,
    AppointmentLetter,
    ConflictDeclaration,
    Criterion,
    Objection,
    Panel,
    PanelMember,
    Proposed,
    Score,
    ScoreChange,
    ScoreSheet,
    SelectionNotice,
)
from selection.policies import runners_of
from ui.formatting import format_date

from . import scoring
from .policies import applicant_of, may_sit_on_panels
from .selectors import panel_results, publicity_days

# Once the proposed list is published the scores stand as they were published.
SCORING_CLOSED = (SelectionNotice.State.PUBLICITY, SelectionNotice.State.DECIDED)


def _save(obj) -> None:
    """Validate, then save; a constraint that a concurrent write breaks still ends as a ValidationError."""
    obj.full_clean()
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise ValidationError(_("The record conflicts with another one: %(error)s") % {"error": exc}) from exc


# -- Eligibility review -----------------------------------------------------------------------------


def application_review(*, actor, application: Application, eligible: bool, reason: str = "") -> Application:
    """Pass a submitted application (it becomes a candidate of the notice's round) or reject it with a reason;
    the applicant is told either way."""
    reason = reason.strip()
    with transaction.atomic(), acting_as(actor):
        application = (
            Application.objects.select_for_update(of=("self",)).select_related("notice__round").get(pk=application.pk)
        )
        if application.state != Application.State.SUBMITTED:
            raise ValidationError(
                _("Only a submitted application is reviewed; this one is “%(state)s”.")
                % {"state": application.get_state_display()}
            )
        if not eligible and not reason:
            raise ValidationError({"reason": _("Give the reason why the application is not eligible.")})
        application.reviewed_at, application.reviewed_by = timezone.now(), actor
        if eligible:
            application.state, application.rejection_reason = Application.State.ELIGIBLE, ""
            application.candidate = _candidate_for(actor=actor, application=application)
        else:
            application.state, application.rejection_reason = Application.State.REJECTED, reason
        _save(application)
        notice = application.notice
        if eligible:
            title = _("Your application to “%(notice)s” passed the eligibility review.") % {"notice": notice}
        else:
            title = _("Your application to “%(notice)s” is not eligible.") % {"notice": notice}
        notify(
            applicant_of(application),
            kind="selection_review",
            title=title,
            body=reason,
            link=reverse("selection:application", args=[application.pk]),
            actor=actor,
        )
    return application


def _candidate_for(*, actor, application: Application) -> ReselectionCandidate:
    """The round's candidate for an eligible application: the registry's adviser (found by the application's link
    or licence number, else registered from the application), a candidate once per round (an incumbent is one
    already)."""
    round_ = application.notice.round
    adviser = application.adviser
    if adviser is None and application.licence_no:
        adviser = Adviser.objects.filter(licence_no=application.licence_no).first()
    if adviser is None:
        adviser = advisers_services.adviser_save(
            actor=actor,
            name=application.name,
            category=application.kind,
            licence_no=application.licence_no,
            affiliation=application.firm,
            specialties=application.specialties,
            phone=application.phone,
            email=application.email,
        )
    application.adviser = adviser
    existing = round_.candidates.filter(adviser=adviser).first()
    return existing or advisers_services.candidate_add(actor=actor, round_=round_, adviser=adviser)


# -- The panel --------------------------------------------------------------------------------------


def _scoring_open(notice: SelectionNotice) -> None:
    if notice.state in SCORING_CLOSED:
        raise ValidationError(_("The proposed list has been published; the panel can no longer change."))


def panel_settings(*, actor, notice: SelectionNotice, drop_extremes: bool, drop_extremes_from: int) -> Panel:
    """Create the notice's panel or change how its totals are combined."""
    _scoring_open(notice)
    with transaction.atomic(), acting_as(actor):
        panel = Panel.objects.select_for_update().filter(notice=notice).first() or Panel(notice=notice)
        panel.drop_extremes, panel.drop_extremes_from = drop_extremes, drop_extremes_from
        _save(panel)
    return panel


def panel_member_add(*, actor, notice: SelectionNotice, user) -> PanelMember:
    _scoring_open(notice)
    if not may_sit_on_panels(user):
        raise ValidationError({"user": _("Only evaluators and justice bureau staff sit on a panel.")})
    with transaction.atomic(), acting_as(actor):
        panel, _created = Panel.objects.get_or_create(notice=notice)
        member = PanelMember(panel=panel, user=user)
        _save(member)
    return member


def criterion_add(*, actor, notice: SelectionNotice, name: str, weight: Decimal, order: int = 0) -> Criterion:
    """Add a weighted criterion; the weights may not add up to more than 100 (scoring needs exactly 100)."""
    _scoring_open(notice)
    with transaction.atomic(), acting_as(actor):
        panel, _created = Panel.objects.get_or_create(notice=notice)
        panel = Panel.objects.select_for_update().get(pk=panel.pk)
        if ScoreSheet.objects.filter(member__panel=panel, scores__isnull=False).exists():
            raise ValidationError(_("Scoring has begun; the criteria can no longer change."))
        used = sum((c.weight for c in panel.criteria.all()), Decimal(0))
        if weight is not None and used + weight > scoring.HUNDRED:
            raise ValidationError(
                {"weight": _("The weights would add up to %(total)s; at most 100.") % {"total": used + weight}}
            )
        criterion = Criterion(panel=panel, name=name, weight=weight, order=order)
        _save(criterion)
    return criterion


def _weights(panel: Panel) -> dict[int, Decimal]:
    weights = {c.pk: c.weight for c in panel.criteria.all()}
    total = sum(weights.values(), Decimal(0))
    if not weights or total != scoring.HUNDRED:
        raise ValidationError(
            _("The panel's criteria weigh %(total)s in all, not 100: the bureau completes them before scoring.")
            % {"total": total}
        )
    return weights


def sheet_declare(*, actor, application: Application, conflict: bool, conflict_note: str = "") -> ScoreSheet:
    """An evaluator's declaration on one applicant, before any score: no conflict of interest, or a conflict
    (described), with which they abstain."""
    notice = application.notice
    _scoring_open(notice)
    member = PanelMember.objects.filter(panel__notice=notice, user=actor).first()
    if member is None:
        raise ValidationError(_("You are not on this notice's panel."))
    if application.state != Application.State.ELIGIBLE:
        raise ValidationError(_("The panel scores only applications that passed the eligibility review."))
    sheet = ScoreSheet(
        member=member,
        application=application,
        declaration=ScoreSheet.Declaration.CONFLICT if conflict else ScoreSheet.Declaration.NO_CONFLICT,
        conflict_note=conflict_note.strip(),
    )
    with transaction.atomic(), acting_as(actor):
        _save(sheet)
    return sheet


def sheet_score(
    *, actor, sheet: ScoreSheet, values: Mapping[int, Decimal], submit: bool = False, reason: str = ""
) -> ScoreSheet:
    """Save an evaluator's scores (by criterion id), and with `submit` lock the sheet with its weighted total.

    A submitted sheet is locked: a change needs a reason and leaves a ScoreChange row per score and an audit
    event; nothing changes once the proposed list is published."""
    reason = reason.strip()
    with transaction.atomic(), acting_as(actor):
        sheet = (
            ScoreSheet.objects.select_for_update(of=("self",))
            .select_related("member__panel", "application__notice")
            .get(pk=sheet.pk)
        )
        if sheet.member.user_id != actor.pk:
            raise ValidationError(_("Only the evaluator scores their own sheet."))
        _scoring_open(sheet.application.notice)
        if sheet.declaration != ScoreSheet.Declaration.NO_CONFLICT:
            raise ValidationError(_("You declared a conflict of interest with this applicant and do not score them."))
        weights = _weights(sheet.member.panel)
        if set(values) - set(weights):
            raise ValidationError(_("Score the criteria of this panel only."))
        current = {score.criterion_id: score for score in sheet.scores.all()}
        if sheet.is_submitted:
            _change_submitted(actor=actor, sheet=sheet, values=values, current=current, reason=reason, weights=weights)
            return sheet
        for criterion_id, value in values.items():
            score = current.get(criterion_id) or Score(sheet=sheet, criterion_id=criterion_id)
            if value is None:
                if score.pk:
                    score.delete()
                    current.pop(criterion_id)
                continue
            score.value = value
            _save(score)
            current[criterion_id] = score
        if submit:
            missing = set(weights) - set(current)
            if missing:
                raise ValidationError(_("Score every criterion before submitting."))
            sheet.total = scoring.weighted_total({c: s.value for c, s in current.items()}, weights)
            sheet.submitted_at = timezone.now()
            _save(sheet)
    return sheet


def _change_submitted(*, actor, sheet, values, current, reason, weights) -> None:
    changed = {c: v for c, v in values.items() if v is not None and c in current and current[c].value != v}
    if not changed:
        raise ValidationError(_("Nothing was changed."))
    if not reason:
        raise ValidationError({"reason": _("The sheet is submitted and locked: give the reason for the change.")})
    for criterion_id, value in changed.items():
        score = current[criterion_id]
        _save(
            ScoreChange(
                sheet=sheet,
                criterion_id=criterion_id,
                old_value=score.value,
                new_value=value,
                reason=reason,
                changed_by=actor,
            )
        )
        score.value = value
        _save(score)
    old_total = sheet.total
    sheet.total = scoring.weighted_total({c: s.value for c, s in current.items()}, weights)
    _save(sheet)
    record_event(
        actor=actor,
        event="score_changed",
        obj=sheet,
        reason=reason,
        old_total=str(old_total),
        new_total=str(sheet.total),
    )


# -- 公示 and objections ----------------------------------------------------------------------------


def publicity_publish(
    *, actor, notice: SelectionNotice, application_ids: Iterable[int], starts_on: dt.date, today: dt.date | None = None
) -> list[Proposed]:
    """Publish the proposed list from `starts_on` for the notice's 公示 days, with each one's score and rank."""
    today = today or timezone.localdate()
    wanted = set(application_ids)
    with transaction.atomic(), acting_as(actor):
        notice = SelectionNotice.objects.select_for_update(of=("self",)).select_related("round").get(pk=notice.pk)
        if notice.state not in (SelectionNotice.State.PUBLISHED, SelectionNotice.State.CLOSED):
            raise ValidationError(_("The proposed list of this notice has already been published."))
        if timezone.now() <= notice.closes_at:
            raise ValidationError(_("Applications are still open; publish the proposed list after they close."))
        if starts_on < today:
            raise ValidationError({"starts_on": _("The public announcement cannot start in the past.")})
        if not wanted:
            raise ValidationError({"applications": _("Choose at least one applicant to propose.")})
        results = {r.application_id: r for r in panel_results(notice)}
        unscored = [pk for pk in wanted if pk not in results or results[pk].score is None]
        if unscored:
            raise ValidationError({"applications": _("Propose only eligible applicants the panel has scored.")})
        proposed = []
        for pk in sorted(wanted, key=lambda pk: (results[pk].rank, pk)):
            result = results[pk]
            row = Proposed(notice=notice, application_id=pk, rank=result.rank, score=result.score, tied=result.tied)
            _save(row)
            proposed.append(row)
        start = timezone.make_aware(dt.datetime.combine(starts_on, dt.time.min))
        notice.state, notice.publicity_starts_at = SelectionNotice.State.PUBLICITY, start
        _save(notice)
    return proposed


def objection_file(
    *,
    notice: SelectionNotice,
    name: str,
    contact: str,
    text: str,
    concerning: Proposed | None = None,
    today: dt.date | None = None,
) -> Objection:
    """Anyone files an objection during the 公示 (its first to its last Beijing day); the bureau is told."""
    today = today or timezone.localdate()
    days = publicity_days(notice)
    if notice.state != SelectionNotice.State.PUBLICITY or days is None or not days[0] <= today <= days[1]:
        if days is None:
            raise ValidationError(_("This notice has no public announcement running."))
        raise ValidationError(
            _("Objections are accepted during the public announcement, from %(first)s to %(last)s.")
            % {"first": format_date(days[0]), "last": format_date(days[1])}
        )
    if concerning is not None and concerning.notice_id != notice.pk:
        raise ValidationError({"concerning": _("Choose a name on this notice's proposed list.")})
    objection = Objection(notice=notice, concerning=concerning, name=name.strip(), contact=contact.strip(), text=text)
    with transaction.atomic(), acting_as(None):
        _save(objection)
        notify(
            runners_of(notice),
            kind="selection_objection",
            title=_("An objection to the proposed list of “%(notice)s”") % {"notice": notice},
            link=reverse("selection:panel_manage", args=[notice.pk]),
        )
    return objection


def objection_answer(*, actor, objection: Objection, upheld: bool, answer: str) -> Objection:
    """Uphold or dismiss an objection with the reason (an upheld one stops the appointment)."""
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Give the reason for the answer.")})
    with transaction.atomic(), acting_as(actor):
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        if objection.is_answered:
            raise ValidationError(_("This objection has already been answered."))
        if SelectionNotice.objects.filter(pk=objection.notice_id, state=SelectionNotice.State.DECIDED).exists():
            raise ValidationError(_("The appointment has been decided."))
        objection.status = Objection.Status.UPHELD if upheld else Objection.Status.DISMISSED
        objection.answer, objection.answered_by, objection.answered_at = answer, actor, timezone.now()
        _save(objection)
    return objection


# -- The appointment --------------------------------------------------------------------------------


class AlreadyDecided(ValidationError):
    pass


def appointment_decide(
    *,
    actor,
    notice: SelectionNotice,
    issuer_title: str,
    signatory: str,
    prefix: str,
    issued_on: dt.date | None = None,
    today: dt.date | None = None,
) -> list[AppointmentLetter]:
    """After a 公示 without an upheld (or unanswered) objection: the proposed become the round's selected
    candidates, whose engagements the round's decision creates (linked to the ones they replace), and each new
    engagement gets its letter, numbered on from the issuer's last of the year. Exactly once: the notice is
    claimed by a conditional UPDATE first, so a second click or a concurrent request finds it decided and makes
    nothing."""
    today = today or timezone.localdate()
    issued_on = issued_on or today
    with transaction.atomic(), acting_as(actor):
        notice = SelectionNotice.objects.select_related("round__unit").get(pk=notice.pk)
        claimed = SelectionNotice.objects.filter(pk=notice.pk, state=SelectionNotice.State.PUBLICITY).update(
            state=SelectionNotice.State.DECIDED, decided_at=timezone.now()
        )
        if not claimed:
            # Read again: a concurrent request may have decided it since this one read the notice.
            if SelectionNotice.objects.filter(pk=notice.pk, state=SelectionNotice.State.DECIDED).exists():
                raise AlreadyDecided(_("The appointment has already been decided; nothing was created again."))
            raise ValidationError(_("Publish the proposed list and let the public announcement run first."))
        days = publicity_days(notice)
        if today <= days[1]:
            raise ValidationError(
                _("The public announcement runs until %(last)s; the appointment is decided from the next day.")
                % {"last": format_date(days[1])}
            )
        objections = notice.objections.exclude(status=Objection.Status.DISMISSED)
        if objections.filter(status=Objection.Status.PENDING).exists():
            raise ValidationError(_("Answer every objection before deciding."))
        if objections.filter(status=Objection.Status.UPHELD).exists():
            raise ValidationError(_("An objection was upheld: the proposed list cannot be appointed as published."))
        proposed = list(notice.proposed.select_related("application__candidate").order_by("rank", "pk"))
        engagements = _create_engagements(actor=actor, notice=notice, proposed=proposed, decided_on=today)
        letters = _letters(
            actor=actor,
            notice=notice,
            engagements=engagements,
            issuer_title=issuer_title,
            signatory=signatory.strip(),
            prefix=prefix.strip(),
            issued_on=issued_on,
        )
        chosen = {row.application_id for row in proposed}
        for application in notice.applications.filter(state=Application.State.ELIGIBLE):
            selected = application.pk in chosen
            application.state = Application.State.SELECTED if selected else Application.State.NOT_SELECTED
            _save(application)
            notify(
                applicant_of(application),
                kind="selection_outcome",
                title=(_("You are appointed: “%(notice)s”.") if selected else _("You were not selected: “%(notice)s”."))
                % {"notice": notice},
                link=reverse("selection:application", args=[application.pk]),
                actor=actor,
            )
    return letters


def _create_engagements(*, actor, notice, proposed: list[Proposed], decided_on: dt.date) -> list[Engagement]:
    """The one place a selection creates engagements: the notice's round decides, through
    `advisers.services.round_decide` (its selected candidates get the next engagements, linked to the ones they
    replace), each one checked for conflicts of interest with what its applicant declared
    (`application.conflicts`): a finding holds that engagement until the bureau decides."""
    missing = [row.application.name for row in proposed if row.application.candidate_id is None]
    if missing:
        raise ValidationError(
            _("%(names)s is not a candidate of the round; review the application first.")
            % {"names": "、".join(missing)}
        )
    by_candidate = {row.application.candidate_id: row for row in proposed}
    declared = ConflictDeclaration.objects.filter(application__in=[row.application for row in proposed])
    declarations = {}
    for item in declared.select_related("application__candidate").order_by("pk"):
        declarations.setdefault(item.application.candidate.adviser_id, []).append(
            f"{item.get_kind_display()}：{item.description}"
        )
    created = advisers_services.round_decide(
        actor=actor,
        round_=notice.round,
        selected_ids=list(by_candidate),
        decided_on=decided_on,
        letter_issuer=notice.round.unit.name,
        declarations=declarations,
    )
    rank_of = {
        c.new_engagement_id: by_candidate[c.pk].rank
        for c in ReselectionCandidate.objects.filter(pk__in=by_candidate, new_engagement__isnull=False)
    }
    return sorted(created, key=lambda engagement: (rank_of.get(engagement.pk, 0), engagement.pk))


def _letters(*, actor, notice, engagements, issuer_title, signatory, prefix, issued_on) -> list[AppointmentLetter]:
    issuer = notice.round.unit
    year = issued_on.year
    last = AppointmentLetter.objects.filter(issuer=issuer, year=year).aggregate(last=Max("number"))["last"] or 0
    letters = []
    for number, engagement in enumerate(engagements, start=last + 1):
        letter = AppointmentLetter(
            notice=notice,
            engagement=engagement,
            issuer=issuer,
            issuer_title=issuer_title,
            signatory=signatory,
            prefix=prefix,
            year=year,
            number=number,
            issued_on=issued_on,
        )
        _save(letter)
        advisers_services.engagement_save(
            actor=actor, engagement=engagement, letter_no=letter.code, letter_date=issued_on
        )
        letters.append(letter)
    return letters


def default_prefix(notice: SelectionNotice) -> str:
    """株政聘 for the city government's advisers: the jurisdiction's one-character abbreviation + 政聘."""
    jurisdiction = notice.round.unit.jurisdiction
    abbreviation = (jurisdiction.letter_abbreviation if jurisdiction else "") or notice.round.unit.name
    # A document code, made like the bureau's 株司函 (accounts.models): not a phrase to translate.
    return f"{abbreviation[:1]}政聘"
