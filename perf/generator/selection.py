"""Selections (换届遴选的公开部分): a notice for some of the generated rounds, applications by applicant accounts
with their documents' records (all naming one blank PDF), each notice's panel of evaluators with
weighted criteria, and the evaluators' submitted sheets and scores for the eligible applications.

The bench's evaluator and applicant accounts (bench_evaluator_<n>, bench_applicant_<n>) sit on the first
panels and hold the first applications, so that their pages have rows."""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from pypdf import PdfWriter

from accounts.models import User
from accounts.roles import Role
from advisers.models import ReselectionRound
from selection.models import (
    ApplicantKind,
    Application,
    ApplicationDocument,
    Criterion,
    NoticePosition,
    Panel,
    PanelMember,
    Score,
    ScoreSheet,
    SelectionNotice,
)
from selection.panel.scoring import weighted_total

from .base import Context, bulk_insert, family

BEIJING = ZoneInfo("Asia/Shanghai")
CRITERIA = (
    ("专业能力", Decimal("40")),
    ("执业经历", Decimal("30")),
    ("服务方案", Decimal("20")),
    ("职业操守", Decimal("10")),
)
STATES = (  # application state, share
    (Application.State.ELIGIBLE, 0.55),
    (Application.State.SUBMITTED, 0.2),
    (Application.State.REJECTED, 0.1),
    (Application.State.WITHDRAWN, 0.05),
    (Application.State.DRAFT, 0.1),
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "明华建国丽娟志强海燕文军秀英晓东春梅振宇"


def sample_pdf() -> str:
    """One blank PDF that every generated document's record names (a download page opens it)."""
    name = "selection/generated/sample.pdf"
    if not default_storage.exists(name):
        writer, buffer = PdfWriter(), io.BytesIO()
        writer.add_blank_page(width=595, height=842)
        writer.write(buffer)
        default_storage.save(name, ContentFile(buffer.getvalue()))
    return name


def _state(rng) -> str:
    draw, total = rng.random(), 0.0
    for state, share in STATES:
        total += share
        if draw < total:
            return state
    return Application.State.ELIGIBLE


@family(
    "selection",
    order=66,
    models=["selection.SelectionNotice", "selection.Application", "selection.ScoreSheet"],
)
def selection(ctx: Context) -> None:
    rng, scale = ctx.rng, ctx.scale
    rounds = list(
        ReselectionRound.objects.order_by("pk").values_list("pk", "opened_on", "unit_id")[: scale.selection_notices]
    )
    if not rounds:
        return
    notices = []
    for n, (_pk, opened_on, _unit) in enumerate(rounds):
        opens = datetime.combine(opened_on, time(9), tzinfo=BEIJING)
        closes = opens + timedelta(days=20)
        decided = n % 3 != 0  # two in three are decided, the others still take applications or are being scored
        notices.append(
            SelectionNotice(
                round_id=rounds[n][0],
                title=f"法律顾问遴选公告（第{n + 1}号）",
                body="公开遴选法律顾问。",
                opens_at=opens,
                closes_at=closes,
                publicity_days=5,
                state=SelectionNotice.State.DECIDED if decided else SelectionNotice.State.PUBLISHED,
                published_at=opens,
                publicity_starts_at=closes + timedelta(days=10) if decided else None,
                decided_at=closes + timedelta(days=16) if decided else None,
            )
        )
    notice_ids = bulk_insert(SelectionNotice, notices, ctx)
    bulk_insert(
        NoticePosition,
        (NoticePosition(notice_id=pk, kind=ApplicantKind.LAWYER, count=rng.randrange(2, 9)) for pk in notice_ids),
        ctx,
    )
    closes_of = {pk: notice.closes_at for pk, notice in zip(notice_ids, notices, strict=True)}

    password = make_password(settings.DEMO_PASSWORD)
    evaluators = bulk_insert(
        User,
        (
            User(
                username=f"bench_{Role.EVALUATOR}_{n}",
                password=password,
                role=Role.EVALUATOR,
                last_name="测",
                first_name=f"评审{n}",
            )
            for n in range(1, scale.panel_size * 2 + 1)
        ),
        ctx,
    )
    ctx.users_by_role[str(Role.EVALUATOR)] = evaluators
    applicants = bulk_insert(
        User,
        (
            User(
                username=f"bench_{Role.APPLICANT}_{n}",
                password=password if n <= scale.users_per_role else "!",
                role=Role.APPLICANT,
                email=f"bench_applicant_{n}@example.cn",
                last_name=SURNAMES[n % len(SURNAMES)],
                first_name=GIVEN[n % len(GIVEN)],
            )
            for n in range(1, scale.applications + 1)
        ),
        ctx,
    )

    panels = bulk_insert(Panel, (Panel(notice_id=pk) for pk in notice_ids), ctx)
    members: dict[int, list[int]] = {}
    member_rows = []
    for panel_id in panels:
        # The first evaluator sits on every panel (the bench's account), the others in turn.
        seated = [evaluators[0], *rng.sample(evaluators[1:], scale.panel_size - 1)]
        member_rows += [PanelMember(panel_id=panel_id, user_id=user_id) for user_id in seated]
    member_ids = bulk_insert(PanelMember, member_rows, ctx)
    for row, pk in zip(member_rows, member_ids, strict=True):
        members.setdefault(row.panel_id, []).append(pk)
    criterion_rows = [
        Criterion(panel_id=panel_id, name=name, weight=weight, order=order)
        for panel_id in panels
        for order, (name, weight) in enumerate(CRITERIA)
    ]
    criterion_ids = bulk_insert(Criterion, criterion_rows, ctx)
    criteria: dict[int, list[tuple[int, Decimal]]] = {}
    for row, pk in zip(criterion_rows, criterion_ids, strict=True):
        criteria.setdefault(row.panel_id, []).append((pk, row.weight))
    panel_of = dict(zip(notice_ids, panels, strict=True))

    plan = []  # (notice id, state) per application, notices in turn so that every notice has some
    for n in range(scale.applications):
        plan.append((notice_ids[n % len(notice_ids)], _state(rng)))

    def applications():
        for n, ((notice_id, state), applicant_id) in enumerate(zip(plan, applicants, strict=True)):
            closes = closes_of[notice_id]
            submitted = state != Application.State.DRAFT
            reviewed = state in (Application.State.ELIGIBLE, Application.State.REJECTED)
            yield Application(
                notice_id=notice_id,
                applicant_id=applicant_id,
                kind=ApplicantKind.LAWYER,
                name=SURNAMES[n % len(SURNAMES)] + GIVEN[(n // 7) % len(GIVEN)] + GIVEN[(n // 3) % len(GIVEN)],
                licence_no=f"14302{n:012d}",
                firm="湖南某某律师事务所",
                years_of_practice=rng.randrange(3, 30),
                specialties="行政法、合同审查",
                declaration_confirmed=submitted,
                state=state,
                rejection_reason="执业年限不足。" if state == Application.State.REJECTED else "",
                submitted_at=closes - timedelta(days=rng.randrange(1, 15)) if submitted else None,
                withdrawn_at=closes if state == Application.State.WITHDRAWN else None,
                reviewed_at=closes + timedelta(days=2) if reviewed else None,
            )

    application_ids = bulk_insert(Application, applications(), ctx)

    def documents(sample: str):
        for pk, (_notice, state) in zip(application_ids, plan, strict=True):
            if state == Application.State.DRAFT:
                continue
            for kind in (
                ApplicationDocument.Kind.LICENCE,
                ApplicationDocument.Kind.CV,
                ApplicationDocument.Kind.COMMITMENT,
            ):
                yield ApplicationDocument(
                    application_id=pk,
                    kind=kind,
                    file=sample,
                    original_name=f"{kind}.pdf",
                    size=rng.randrange(20_000, 2_000_000),
                )

    bulk_insert(ApplicationDocument, documents(sample_pdf()), ctx)

    sheet_rows, sheet_values = [], []
    for pk, (notice_id, state) in zip(application_ids, plan, strict=True):
        if state != Application.State.ELIGIBLE:
            continue
        panel_id = panel_of[notice_id]
        weights = dict(criteria[panel_id])
        for member_id in members[panel_id]:
            values = {criterion: Decimal(rng.randrange(60, 100)) for criterion in weights}
            sheet_rows.append(
                ScoreSheet(
                    member_id=member_id,
                    application_id=pk,
                    declaration=ScoreSheet.Declaration.NO_CONFLICT,
                    submitted_at=closes_of[notice_id] + timedelta(days=5),
                    total=weighted_total(values, weights),
                )
            )
            sheet_values.append(values)
    sheet_ids = bulk_insert(ScoreSheet, sheet_rows, ctx)
    bulk_insert(
        Score,
        (
            Score(sheet_id=sheet_id, criterion_id=criterion, value=value)
            for sheet_id, values in zip(sheet_ids, sheet_values, strict=True)
            for criterion, value in values.items()
        ),
        ctx,
    )
