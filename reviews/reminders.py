"""The reminder sweep: who is reminded of what on a given (Beijing) day, sent exactly once, caught up.

`reminder_plan(day)` lists, per reminder kind, the recipients not yet reminded, in batches;
`reminder_send_batch(...)` sends one batch. The Celery task runs one task per batch; `manage.py
send_reminders` runs them in-process.

Catching up: a sweep plans every day of the last REMINDER_CATCH_UP_DAYS (`reminder_days`), not only
today, and it runs several times a day. What a lost queue, a missed beat or a dead broker left unsent
(no ReminderLog row) is planned again by the next sweep; reminders claimed but never emailed (the
notice's `emailed_at` is empty) are queued again (`reminder_requeue_unsent`). Nobody has to re-run a day.

Exactly once per (recipient, kind, day): a batch is one transaction. It claims all its reminders with one
`INSERT … ON CONFLICT DO NOTHING RETURNING` of ReminderLog rows; the unique constraint on (recipient,
kind, day) is the arbiter, and only the rows this INSERT returns are sent. A second sweep or a retried
task finds the rows and sends nothing; a concurrent sweep's INSERT waits on the rows the other holds
and skips them once it commits (or takes them if it rolls back). The notices and their audit rows are
then written in bulk and linked to the log rows. A worker killed before the commit leaves nothing of its
batch, so the redelivered task (tasks are acknowledged late) sends the whole batch. About 8 queries per
batch, whatever its size. Email goes out after commit, claimed once per notice
(accounts.services.notice_deliver); a re-run batch re-queues emails that never went out.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import Notice, User
from accounts.policy import advisers_among, bureau_staff, home_unit_id, officers_of, own_adviser_id, visible
from accounts.services import notice_email_queue, notices_create
from advisers.selectors import engagements_ending_within
from audit.trail import audit_created
from contracts.selectors import contracts_ending_within
from ui.formatting import format_date

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


def reminder_days(*, today: datetime.date) -> list[datetime.date]:
    """The days a sweep on `today` covers: the last REMINDER_CATCH_UP_DAYS, oldest first."""
    n = max(settings.REMINDER_CATCH_UP_DAYS, 1)
    return [today - datetime.timedelta(days=back) for back in range(n - 1, -1, -1)]


@dataclass(frozen=True)
class Batch:
    kind: str
    day: datetime.date
    recipient_ids: tuple[int, ...]


def _recipients(kind: str, day: datetime.date):
    """A queryset of the users to remind of `kind` on `day` (empty when it is not that kind's day)."""
    active = User.objects.filter(is_active=True)
    if kind == ReminderKind.REPORT_DUE:
        if (day.month, day.day) not in REPORT_DUE_DAYS:
            return active.none()
        owing = engagements_owing(day.year)
        return active.filter(officers_of(owing.values("unit_id")) | advisers_among(owing.values("adviser_id")))
    if kind == ReminderKind.REPORTS_OVERDUE:
        if (day.month, day.day) not in OVERDUE_LIST_DAYS:
            return active.none()
        # The bureau staff of each jurisdiction with an overdue report in its area (a city's holds its counties).
        in_area = engagements_owing(day.year - 1).filter(unit__path__startswith=OuterRef("unit__jurisdiction__path"))
        return active.filter(Exists(in_area), bureau_staff())
    ends = day + datetime.timedelta(days=EXPIRY_WARNINGS[kind])
    # Ending within no days of `ends`: on that day exactly.
    if kind in ENGAGEMENT_KINDS:
        units = engagements_ending_within(0, ends).values("unit_id")
    else:
        units = contracts_ending_within(0, ends).values("unit_id")
    return active.filter(officers_of(units))


def reminder_plan(*, day: datetime.date) -> list[Batch]:
    """The batches still to send for `day`: one query per kind, recipients not yet reminded (no log row),
    in batches of REMINDER_BATCH_SIZE."""
    size = batch_size()
    batches = []
    for kind in ReminderKind.values:
        claimed = ReminderLog.objects.filter(recipient=OuterRef("pk"), kind=kind, day=day)
        ids = list(_recipients(kind, day).exclude(Exists(claimed)).order_by("pk").values_list("pk", flat=True))
        batches += [Batch(kind, day, tuple(ids[i : i + size])) for i in range(0, len(ids), size)]
    return batches


# -- What each recipient is reminded of ----------------------------------------------------------


def _owed_lines(engagements) -> list[str]:
    return [f"{e.adviser.name} — {e.unit.name}" for e in engagements]


def _items_for(kind: str, day: datetime.date, recipients: list[User]) -> dict[int, list[str]]:
    """recipient id → the lines of their reminder, with a bounded number of queries for the whole batch."""
    lines: dict[int, list[str]] = defaultdict(list)
    unit_ids = {home_unit_id(r) for r in recipients} - {None}
    if kind == ReminderKind.REPORT_DUE:
        adviser_ids = {own_adviser_id(r) for r in recipients} - {None}
        owing = (
            engagements_owing(day.year)
            .filter(Q(unit_id__in=unit_ids) | Q(adviser_id__in=adviser_ids))
            .order_by("unit__name", "adviser__name", "pk")
            .values_list("unit_id", "adviser_id", "adviser__name", "unit__name")
        )
        by_unit, by_adviser = defaultdict(list), defaultdict(list)
        for unit_id, adviser_id, adviser_name, unit_name in owing:
            line = f"{adviser_name} — {unit_name}"
            by_unit[unit_id].append(line)
            by_adviser[adviser_id].append(line)
        for r in recipients:
            if home_unit_id(r):
                lines[r.pk] = by_unit[home_unit_id(r)]
            elif own_adviser_id(r):
                lines[r.pk] = by_adviser[own_adviser_id(r)]
    elif kind == ReminderKind.REPORTS_OVERDUE:
        owing = (
            engagements_owing(day.year - 1)
            .select_related("adviser", "unit")
            .order_by("unit__path", "adviser__name", "pk")
        )
        # Each bureau is told of its own area's reports only: two queries per jurisdiction in the batch.
        by_jurisdiction: dict[int, list[str]] = {}
        for r in recipients:
            if r.jurisdiction is None:
                continue
            if r.jurisdiction.pk not in by_jurisdiction:
                area = visible(r, owing)
                listed = _owed_lines(area[:MAX_LINES])
                rest = area.count() - len(listed)
                if rest > 0:
                    listed.append(_("… and %(n)s more") % {"n": rest})
                by_jurisdiction[r.jurisdiction.pk] = listed
            lines[r.pk] = by_jurisdiction[r.jurisdiction.pk]
    else:
        ends = day + datetime.timedelta(days=EXPIRY_WARNINGS[kind])
        if kind in ENGAGEMENT_KINDS:
            rows = engagements_ending_within(0, ends).filter(unit_id__in=unit_ids).order_by("adviser__name", "pk")
            described = [(e.unit_id, f"{e.adviser.name} — {e.unit.name}（{format_date(e.end_date)}）") for e in rows]
        else:
            rows = contracts_ending_within(0, ends).filter(unit_id__in=unit_ids).order_by("number", "pk")
            described = [
                (c.unit_id, f"{c.number} {c.adviser.name} — {c.unit.name}（{format_date(c.end_date)}）") for c in rows
            ]
        by_unit = defaultdict(list)
        for unit_id, text in described:
            by_unit[unit_id].append(text)
        for r in recipients:
            lines[r.pk] = by_unit[r.unit_id]
    return lines


def _heading(kind: str, day: datetime.date, n: int) -> tuple[str, str, str]:
    """The title, the first line of the body and the link of a reminder listing `n` lines."""
    if kind == ReminderKind.REPORT_DUE:
        title = _("Reminder: %(n)s annual duty report(s) for %(year)s are due by 31 December") % {
            "n": n,
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
    return title, intro, link


# The claim and the link are written in SQL: Django's bulk_create cannot say which rows ON CONFLICT DO NOTHING
# skipped, and bulk_update's CASE costs more to build than the whole INSERT. Both run on PostgreSQL and on
# SQLite 3.35 or later (RETURNING).


def _chunks(rows: list, fields: list):
    """`rows` in slices whose parameters (one per field and row) fit in one statement (SQLite allows 999)."""
    size = max(connection.ops.bulk_batch_size(fields, rows), 1)
    return (rows[start : start + size] for start in range(0, len(rows), size))


def _claim(kind: str, day: datetime.date, items: dict[int, int]) -> list[ReminderLog]:
    """Insert the log rows of these recipients (id → items listed) at once; returns those this INSERT
    inserted. Rows that exist, or that a concurrent transaction holds (the INSERT waits for it to end),
    are skipped by the unique constraint. Recipients in id order, so two sweeps lock in the same order."""
    logs = [ReminderLog(recipient_id=pk, kind=kind, day=day, items=n) for pk, n in sorted(items.items())]
    fields = [ReminderLog._meta.get_field(name) for name in ("recipient", "kind", "day", "items", "created_at")]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    unique = ", ".join(quote(f.column) for f in fields[:3])
    returning = f"{quote(ReminderLog._meta.pk.column)}, {quote(fields[0].column)}"
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    claimed = []
    with connection.cursor() as cursor:
        for chunk in _chunks(logs, fields):
            cursor.execute(
                f"INSERT INTO {quote(ReminderLog._meta.db_table)} ({columns}) VALUES {', '.join([row] * len(chunk))} "
                f"ON CONFLICT ({unique}) DO NOTHING RETURNING {returning}",
                [f.get_db_prep_save(f.pre_save(log, add=True), connection) for log in chunk for f in fields],
            )
            inserted = {recipient_id: pk for pk, recipient_id in cursor.fetchall()}
            for log in chunk:
                if log.recipient_id in inserted:
                    log.pk = inserted[log.recipient_id]
                    log._state.adding = False
                    claimed.append(log)
    return claimed


def _link(logs: list[ReminderLog]) -> None:
    """Save each log row's notice: one UPDATE with the ids written in (no join for the planner to misjudge)."""
    quote = connection.ops.quote_name
    pk, notice = ReminderLog._meta.pk, ReminderLog._meta.get_field("notice")
    then = f"WHEN %s THEN CAST(%s AS {notice.cast_db_type(connection)})"
    with connection.cursor() as cursor:
        for chunk in _chunks(logs, [pk, notice, pk]):
            cursor.execute(
                f"UPDATE {quote(ReminderLog._meta.db_table)} SET {quote(notice.column)} = "
                f"CASE {quote(pk.column)} {' '.join([then] * len(chunk))} END "
                f"WHERE {quote(pk.column)} IN ({', '.join(['%s'] * len(chunk))})",
                [value for log in chunk for value in (log.pk, log.notice_id)] + [log.pk for log in chunk],
            )


def _send(kind: str, day: datetime.date, recipients: list[User], lines: dict[int, list[str]]):
    """Claim and send these reminders in one transaction; returns the recipients reminded now."""
    with transaction.atomic():
        claimed = _claim(kind, day, {r.pk: len(lines[r.pk]) for r in recipients})
        if not claimed:
            return []
        by_id = {r.pk: r for r in recipients}
        headings = {}  # by number of lines: most of a batch shares a few
        notices = []
        with override(settings.LANGUAGE_CODE):
            for log in claimed:
                log.recipient, mine = by_id[log.recipient_id], lines[log.recipient_id]
                if len(mine) not in headings:
                    headings[len(mine)] = _heading(kind, day, len(mine))
                title, intro, link = headings[len(mine)]
                body = intro + "\n" + "\n".join(mine)
                notices.append(
                    Notice(recipient=log.recipient, kind=f"reminder:{kind}", title=title, body=body, link=link)
                )
        for log, notice in zip(claimed, notices_create(notices), strict=True):
            log.notice = notice
        _link(claimed)
        audit_created(claimed)
    return [by_id[log.recipient_id] for log in claimed]


def reminder_requeue_unsent(*, since: datetime.date) -> int:
    """Queue again, after commit, the emails of reminders since `since` that were claimed but never left
    (the queue or the broker lost them). Delivery claims each notice once, so one queued twice is sent once."""
    return _requeue_unsent(ReminderLog.objects.filter(day__gte=since))


def _requeue_unsent(logs) -> int:
    pending = list(
        logs.filter(notice__emailed_at__isnull=True).exclude(recipient__email="").values_list("notice_id", flat=True)
    )
    for notice_id in pending:
        transaction.on_commit(lambda pk=notice_id: notice_email_queue(pk))
    return len(pending)


def reminder_send_batch(
    *,
    kind: str,
    day: datetime.date,
    recipient_ids,
    dry_run: bool = False,
) -> list[User]:
    """Send `kind` on `day` to these recipients, each exactly once; returns those reminded now.

    A bounded number of queries per batch, whatever its size: three reads (recipients, already sent, the
    items; a fourth, the unsent emails of those already sent, when the batch comes again), then one
    transaction that claims, writes and links every reminder of the batch, so a batch cut short leaves
    nothing behind.
    """
    recipients = list(
        User.objects.filter(pk__in=list(recipient_ids), is_active=True)
        .select_related("unit__jurisdiction")
        .order_by("pk")
    )
    already = set(
        ReminderLog.objects.filter(kind=kind, day=day, recipient_id__in=[r.pk for r in recipients]).values_list(
            "recipient_id", flat=True
        )
    )
    todo = [r for r in recipients if r.pk not in already]
    lines = _items_for(kind, day, todo) if todo else {}
    todo = [r for r in todo if lines.get(r.pk)]
    if dry_run:
        return todo
    if already:
        # The batch delivered again: its worker may have died after committing it and before queueing its
        # emails (they are queued after commit). Queue those again; delivery claims each notice once.
        _requeue_unsent(ReminderLog.objects.filter(kind=kind, day=day, recipient_id__in=already))
    return _send(kind, day, todo, lines) if todo else []
