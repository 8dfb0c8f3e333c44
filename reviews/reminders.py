"""The daily reminder sweep: who is reminded of what on a given (Beijing) day, sent exactly once.

`reminder_plan(day)` lists, per reminder kind, the recipients in batches; `reminder_send_batch(...)`
sends one batch. The Celery task runs one task per batch; `manage.py send_reminders` runs them in-process.

Exactly once per (recipient, kind, day): each reminder is claimed by inserting its ReminderLog row in
the same transaction as its Notice. A second sweep, a concurrent sweep or a retried task hits the unique
constraint and sends nothing; a worker killed before its transaction commits leaves no row, so the
redelivered task (tasks are acknowledged late) sends it. Email goes out after commit, claimed once per
notice (accounts.services.notice_deliver); a re-run batch re-queues emails that never went out.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import User
from accounts.roles import Role
from accounts.services import notice_create
from advisers.models import Engagement
from contracts.models import ServiceContract

from .models import ReminderKind, ReminderLog
from .records import engagements_owing

# Days (month, day) on which everyone who still owes the year's duty report is reminded.
REPORT_DUE_DAYS = {(12, 1), (12, 15), (12, 24), (12, 31)}
# The day in January on which the bureau gets the list of last year's overdue reports.
OVERDUE_LIST_DAYS = {(1, 2)}
EXPIRY_WARNINGS = {
    ReminderKind.ENGAGEMENT_90: 90,
    ReminderKind.ENGAGEMENT_30: 30,
    ReminderKind.CONTRACT_90: 90,
    ReminderKind.CONTRACT_30: 30,
}
ENGAGEMENT_KINDS = {ReminderKind.ENGAGEMENT_90, ReminderKind.ENGAGEMENT_30}
# Lines listed in one notice; the rest are counted.
MAX_LINES = 50


def batch_size() -> int:
    return settings.REMINDER_BATCH_SIZE


@dataclass(frozen=True)
class Batch:
    kind: str
    day: datetime.date
    recipient_ids: tuple[int, ...]


def _officers_of(unit_ids) -> Q:
    return Q(role=Role.OFFICER, unit_id__in=unit_ids)


def _recipients(kind: str, day: datetime.date):
    """A queryset of the users to remind of `kind` on `day` (empty when it is not that kind's day)."""
    active = User.objects.filter(is_active=True)
    if kind == ReminderKind.REPORT_DUE:
        if (day.month, day.day) not in REPORT_DUE_DAYS:
            return active.none()
        owing = engagements_owing(day.year)
        return active.filter(
            _officers_of(owing.values("unit_id")) | Q(role=Role.ADVISER, adviser_id__in=owing.values("adviser_id"))
        )
    if kind == ReminderKind.REPORTS_OVERDUE:
        if (day.month, day.day) not in OVERDUE_LIST_DAYS or not engagements_owing(day.year - 1).exists():
            return active.none()
        return active.filter(role=Role.BUREAU)
    ends = day + datetime.timedelta(days=EXPIRY_WARNINGS[kind])
    if kind in ENGAGEMENT_KINDS:
        units = Engagement.objects.filter(status=Engagement.Status.ACTIVE, end_date=ends).values("unit_id")
    else:
        units = ServiceContract.objects.filter(end_date=ends).values("unit_id")
    return active.filter(_officers_of(units))


def reminder_plan(*, day: datetime.date) -> list[Batch]:
    """The batches to send on `day`: one query per kind, recipient ids in batches of REMINDER_BATCH_SIZE."""
    size = batch_size()
    batches = []
    for kind in ReminderKind.values:
        ids = list(_recipients(kind, day).order_by("pk").values_list("pk", flat=True))
        batches += [Batch(kind, day, tuple(ids[i : i + size])) for i in range(0, len(ids), size)]
    return batches


# -- What each recipient is reminded of ----------------------------------------------------------


def _owed_lines(engagements) -> list[str]:
    return [f"{e.adviser.name} — {e.unit.name}" for e in engagements]


def _items_for(kind: str, day: datetime.date, recipients: list[User]) -> dict[int, list[str]]:
    """recipient id → the lines of their reminder, with a bounded number of queries for the whole batch."""
    lines: dict[int, list[str]] = defaultdict(list)
    unit_ids = {r.unit_id for r in recipients if r.role == Role.OFFICER and r.unit_id}
    if kind == ReminderKind.REPORT_DUE:
        adviser_ids = {r.adviser_id for r in recipients if r.role == Role.ADVISER and r.adviser_id}
        owing = list(
            engagements_owing(day.year)
            .filter(Q(unit_id__in=unit_ids) | Q(adviser_id__in=adviser_ids))
            .select_related("adviser", "unit")
            .order_by("unit__name", "adviser__name", "pk")
        )
        for r in recipients:
            mine = [
                e
                for e in owing
                if (r.role == Role.OFFICER and e.unit_id == r.unit_id)
                or (r.role == Role.ADVISER and e.adviser_id == r.adviser_id)
            ]
            lines[r.pk] = _owed_lines(mine)
    elif kind == ReminderKind.REPORTS_OVERDUE:
        owing = (
            engagements_owing(day.year - 1)
            .select_related("adviser", "unit")
            .order_by("unit__path", "adviser__name", "pk")
        )
        listed = _owed_lines(owing[:MAX_LINES])
        rest = owing.count() - len(listed)
        if rest > 0:
            listed.append(_("… and %(n)s more") % {"n": rest})
        for r in recipients:
            lines[r.pk] = listed
    else:
        ends = day + datetime.timedelta(days=EXPIRY_WARNINGS[kind])
        if kind in ENGAGEMENT_KINDS:
            rows = Engagement.objects.filter(status=Engagement.Status.ACTIVE, end_date=ends, unit_id__in=unit_ids)
            rows = rows.select_related("adviser", "unit").order_by("adviser__name", "pk")
            described = [(e.unit_id, f"{e.adviser.name} — {e.unit.name}（{e.end_date:%Y-%m-%d}）") for e in rows]
        else:
            rows = ServiceContract.objects.filter(end_date=ends, unit_id__in=unit_ids).select_related("adviser", "unit")
            rows = rows.order_by("number", "pk")
            described = [
                (c.unit_id, f"{c.number} {c.adviser.name} — {c.unit.name}（{c.end_date:%Y-%m-%d}）") for c in rows
            ]
        for r in recipients:
            lines[r.pk] = [text for unit_id, text in described if unit_id == r.unit_id]
    return lines


def _message(kind: str, day: datetime.date, lines: list[str]) -> tuple[str, str, str]:
    if kind == ReminderKind.REPORT_DUE:
        title = _("Reminder: %(n)s annual duty report(s) for %(year)s are due by 31 December") % {
            "n": len(lines),
            "year": day.year,
        }
        intro = _(
            "The following duty reports have not been submitted yet. The deadline is 31 December %(year)s, "
            "23:59:59 Beijing time."
        ) % {"year": day.year}
        link = reverse("reviews:duty_reports") + f"?year={day.year}&state=owed"
    elif kind == ReminderKind.REPORTS_OVERDUE:
        title = _("Overdue annual duty reports for %(year)s") % {"year": day.year - 1}
        intro = _("These duty reports for %(year)s were not submitted by the deadline:") % {"year": day.year - 1}
        link = reverse("reviews:duty_reports") + f"?year={day.year - 1}&state=owed"
    else:
        days = EXPIRY_WARNINGS[kind]
        if kind in ENGAGEMENT_KINDS:
            title = _("Engagements ending in %(days)s days") % {"days": days}
            intro = _("These engagements end in %(days)s days; plan the re-selection in time:") % {"days": days}
        else:
            title = _("Service contracts ending in %(days)s days") % {"days": days}
            intro = _("These service contracts end in %(days)s days:") % {"days": days}
        link = reverse("portal:notices")
    return title, intro + "\n" + "\n".join(lines), link


def _send_one(recipient: User, kind: str, day: datetime.date, lines: list[str]) -> bool:
    """Claim and send one reminder in one transaction; False when it was already sent."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                log = ReminderLog.objects.create(recipient=recipient, kind=kind, day=day, items=len(lines))
        except IntegrityError:
            return False
        with override(settings.LANGUAGE_CODE):
            title, body, link = _message(kind, day, lines)
        notice = notice_create(recipient=recipient, kind=f"reminder:{kind}", title=title, body=body, link=link)
        ReminderLog.objects.filter(pk=log.pk).update(notice=notice)
    return True


def _requeue_unsent_emails(kind: str, day: datetime.date, recipient_ids) -> None:
    """Emails of reminders already claimed but never emailed (a worker died between commit and queueing)."""
    from accounts.tasks import deliver_notice

    pending = (
        ReminderLog.objects.filter(kind=kind, day=day, recipient_id__in=recipient_ids, notice__emailed_at__isnull=True)
        .exclude(recipient__email="")
        .values_list("notice_id", flat=True)
    )
    for notice_id in pending:
        transaction.on_commit(lambda pk=notice_id: deliver_notice.delay(pk))


def reminder_send_batch(
    *,
    kind: str,
    day: datetime.date,
    recipient_ids,
    dry_run: bool = False,
    after_each: Callable[[], None] | None = None,
) -> list[User]:
    """Send `kind` on `day` to these recipients, each exactly once; returns those reminded now.

    Reads are bounded per batch (recipients, already sent, the items); each reminder is its own
    transaction, so a batch cut short leaves only complete reminders behind.
    """
    recipients = list(User.objects.filter(pk__in=list(recipient_ids), is_active=True).order_by("pk"))
    already = set(
        ReminderLog.objects.filter(kind=kind, day=day, recipient_id__in=[r.pk for r in recipients]).values_list(
            "recipient_id", flat=True
        )
    )
    todo = [r for r in recipients if r.pk not in already]
    lines = _items_for(kind, day, todo) if todo else {}
    sent = []
    for recipient in todo:
        if not lines.get(recipient.pk):
            continue
        if dry_run or _send_one(recipient, kind, day, lines[recipient.pk]):
            sent.append(recipient)
        if after_each:
            after_each()
    if already and not dry_run:
        _requeue_unsent_emails(kind, day, already)
    return sent
