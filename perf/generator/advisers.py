"""Advisers, engagements and duty records (executive meetings, attendance, opinions, lectures)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from accounts.models import Jurisdiction, Unit, User
from accounts.roles import Role
from advisers.models import (
    Adviser,
    Confirmation,
    ConflictFinding,
    Dispute,
    Engagement,
    ExecutiveMeeting,
    InspectionParticipation,
    Lecture,
    LegalOpinion,
    MeetingAttendance,
    ReselectionCandidate,
    ReselectionRound,
    SelectionMethod,
)

from .base import Context, bulk_insert, family

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉健波宁斌浩凯俊帆晨阳雪琳宇婷欣怡"
FIRMS = ["湘江", "潇湘", "岳麓", "星城", "芙蓉", "洞庭", "衡岳", "炎帝", "神农", "韶山", "天心", "融城", "金州", "楚才"]
SCHOOLS = ["湘潭大学法学院", "湖南大学法学院", "中南大学法学院", "湖南师范大学法学院", "湖南工业大学法学院"]
SPECIALTIES = [
    "行政法",
    "民商法",
    "合同法",
    "劳动法",
    "知识产权",
    "国有资产",
    "土地征收",
    "政府采购",
    "诉讼仲裁",
    "信访",
]
SUBJECTS = ["重大行政决策合法性审查", "规范性文件审查", "合同审查", "行政复议答复", "诉讼代理意见", "信访事项处理意见"]
TOPICS = ["民法典与政府合同", "行政诉讼应诉实务", "政府采购法律风险", "依法行政与法治政府建设", "信访法治化"]
_CATEGORIES = [
    (Adviser.Category.LAWYER, 0.55),
    (Adviser.Category.LAW_FIRM, 0.2),
    (Adviser.Category.SCHOLAR, 0.1),
    (Adviser.Category.INTERNAL, 0.15),
]


def _pick(rng, weighted):
    roll, acc = rng.random(), 0.0
    for value, weight in weighted:
        acc += weight
        if roll < acc:
            return value
    return weighted[-1][0]


def _person(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


@family("advisers", order=20, models=["advisers.Adviser"])
def advisers(ctx: Context) -> None:
    rng = ctx.rng
    # Each adviser is kept by one city's registry (or the only jurisdiction's).
    registries = list(Jurisdiction.objects.filter(level=Jurisdiction.Level.CITY).values_list("pk", flat=True))
    registries = registries or list(Jurisdiction.objects.values_list("pk", flat=True)) or [None]

    def rows():
        for i in range(ctx.scale.advisers):
            category = _pick(rng, _CATEGORIES)
            firm = f"湖南{rng.choice(FIRMS)}律师事务所"
            if category == Adviser.Category.LAW_FIRM:
                name, affiliation, licence = f"湖南{rng.choice(FIRMS)}{i + 1}律师事务所", "", f"3143{i:012d}"
            elif category == Adviser.Category.SCHOLAR:
                name, affiliation, licence = _person(rng), rng.choice(SCHOOLS), ""
            elif category == Adviser.Category.INTERNAL:
                name, affiliation, licence = _person(rng), "单位法制机构", f"G143{i:011d}"
            else:
                name, affiliation, licence = _person(rng), firm, f"1430{i:013d}"
            yield Adviser(
                name=name,
                category=category,
                licence_no=licence,
                affiliation=affiliation,
                specialties="、".join(rng.sample(SPECIALTIES, 2)),
                phone=f"139{i:08d}",
                email=f"adviser{i + 1}@example.cn",
                jurisdiction_id=registries[i % len(registries)],
            )

    ctx.adviser_ids = bulk_insert(Adviser, rows(), ctx)
    ctx.internal_advisers = set(
        Adviser.objects.filter(pk__in=ctx.adviser_ids, category=Adviser.Category.INTERNAL).values_list("pk", flat=True)
    )


def _term(ctx: Context) -> tuple[date, date]:
    if ctx.scale.long_terms:
        start = ctx.first_day + timedelta(days=ctx.rng.randrange(180))
        return start, date(ctx.today.year + 1, start.month, min(start.day, 28))
    start = ctx.random_date(end=ctx.today - timedelta(days=30))
    years = ctx.rng.choice((1, 1, 2, 3))
    end = date(start.year + years, start.month, min(start.day, 28)) - timedelta(days=1)
    return start, end


@family("engagements", order=30, models=["advisers.Engagement"])
def engagements(ctx: Context) -> None:
    rng, today = ctx.rng, ctx.today
    methods = [m for m, _label in SelectionMethod.choices]
    active_pairs: set[tuple[int, int]] = set()
    plan: list[tuple[int, int, str]] = []  # adviser, unit, role
    # Each city government retains its city advisers (12 in Zhuzhou); the rest are unit advisers.
    per_city = ctx.scale.city_advisers
    city_pool = rng.sample(ctx.adviser_ids, min(len(ctx.adviser_ids), per_city * len(ctx.city_ids)))
    for i, adviser_id in enumerate(city_pool):
        plan.append((adviser_id, ctx.city_ids[i // per_city], Engagement.Role.CITY_ADVISER))
    advisers_in_turn = list(ctx.adviser_ids)
    rng.shuffle(advisers_in_turn)
    while len(plan) < ctx.scale.engagements:
        # Every adviser is retained at least once before anyone is retained twice.
        adviser_id = advisers_in_turn[len(plan) % len(advisers_in_turn)]
        role = Engagement.Role.GROUP_MEMBER if rng.random() < 0.05 else Engagement.Role.UNIT_ADVISER
        # Municipal budget units retain the most advisers; the rest spread over every unit.
        units = ctx.budget_unit_ids if ctx.budget_unit_ids and rng.random() < 0.4 else ctx.leaf_unit_ids
        plan.append((adviser_id, rng.choice(units), role))

    rows, meta = [], []
    for n, (adviser_id, unit_id, role) in enumerate(plan):
        if role == Engagement.Role.CITY_ADVISER:
            start = date(ctx.years[0], 1, 1)
            end = date(today.year + 1, 12, 31)
        else:
            start, end = _term(ctx)
        if end >= today and (adviser_id, unit_id) not in active_pairs and rng.random() < 0.95:
            status = Engagement.Status.ACTIVE
            active_pairs.add((adviser_id, unit_id))
        elif end >= today:
            status = Engagement.Status.DISMISSED
        else:
            status = _pick(
                rng,
                [
                    (Engagement.Status.EXPIRED, 0.7),
                    (Engagement.Status.RENEWED, 0.2),
                    (Engagement.Status.DISMISSED, 0.1),
                ],
            )
        dismissed_on = ctx.random_date(start, min(end, today)) if status == Engagement.Status.DISMISSED else None
        method = rng.choice(methods)
        rows.append(
            Engagement(
                adviser_id=adviser_id,
                unit_id=unit_id,
                role=role,
                kind=Engagement.Kind.MATTER if rng.random() < 0.1 else Engagement.Kind.STANDING,
                start_date=start,
                end_date=end,
                letter_no=f"聘字〔{start.year}〕{n + 1}号",
                letter_issuer="法定代表人",
                letter_date=start - timedelta(days=3),
                selection_method=method,
                selection_completed_on=start - timedelta(days=rng.randrange(5, 40)),
                status=status,
                dismissed_on=dismissed_on,
            )
        )
        meta.append((adviser_id, unit_id, role, start, end, method))
    ids = bulk_insert(Engagement, rows, ctx)
    ctx.engagements = [(pk, *m) for pk, m in zip(ids, meta, strict=True)]


@family("duty_records", order=40, models=["advisers.LegalOpinion", "advisers.Lecture", "advisers.MeetingAttendance"])
def duty_records(ctx: Context) -> None:
    rng, scale = ctx.rng, ctx.scale
    city_advisers: dict[int, list[int]] = {}
    for _pk, adviser_id, unit_id, role, *_rest in ctx.engagements:
        if role == Engagement.Role.CITY_ADVISER:
            city_advisers.setdefault(unit_id, []).append(adviser_id)

    # Executive meetings (列席市政府常务会议): numbered across the province, attended by city advisers.
    meetings, meeting_city = [], []
    session = 0
    governments = dict(Unit.objects.filter(pk__in=ctx.city_ids).values_list("pk", "jurisdiction"))
    for city_id in ctx.city_ids:
        for year in ctx.years:
            last = min(date(year, 12, 31), ctx.today)
            for _ in range(scale.meetings_per_year):
                session += 1
                meetings.append(
                    ExecutiveMeeting(
                        jurisdiction_id=governments[city_id],
                        date=ctx.random_date(date(year, 1, 1), last),
                        session_number=session,
                        topics="审议重大行政决策事项",
                    )
                )
                meeting_city.append(city_id)
    meeting_ids = bulk_insert(ExecutiveMeeting, meetings, ctx)
    meetings_by_city: dict[int, list[int]] = {}
    for pk, city_id in zip(meeting_ids, meeting_city, strict=True):
        meetings_by_city.setdefault(city_id, []).append(pk)

    def attendance():
        for pk, city_id in zip(meeting_ids, meeting_city, strict=True):
            pool = city_advisers.get(city_id, [])
            for adviser_id in rng.sample(pool, min(len(pool), scale.attendees_per_meeting)):
                yield MeetingAttendance(meeting_id=pk, adviser_id=adviser_id)

    bulk_insert(MeetingAttendance, attendance(), ctx)

    matter_types = [m for m, _label in LegalOpinion.MatterType.choices]
    adoption = [
        (LegalOpinion.Adoption.ADOPTED, 0.8),
        (LegalOpinion.Adoption.PARTLY, 0.12),
        (LegalOpinion.Adoption.NOT_ADOPTED, 0.08),
    ]

    def engagement_for(i: int) -> tuple:
        # Every engagement gets one record before any gets a second (while there are enough records).
        return ctx.engagements[i] if i < len(ctx.engagements) else rng.choice(ctx.engagements)

    def opinions():
        for i in range(scale.opinions):
            _pk, adviser_id, unit_id, role, start, end, _method = engagement_for(i)
            day = ctx.random_date(start, min(end, ctx.today))
            meeting_id = None
            if role == Engagement.Role.CITY_ADVISER and meetings_by_city.get(unit_id) and rng.random() < 0.5:
                meeting_id = rng.choice(meetings_by_city[unit_id])
            chosen = _pick(rng, adoption)
            yield LegalOpinion(
                adviser_id=adviser_id,
                unit_id=unit_id,
                date=day,
                matter_type=rng.choice(matter_types),
                source=LegalOpinion.Source.MEETING if meeting_id else LegalOpinion.Source.WRITTEN,
                meeting_id=meeting_id,
                subject=f"{rng.choice(SUBJECTS)}（第{i + 1}号）",
                content="经审查，提出如下法律意见。",
                adoption=chosen,
                non_adoption_reason="与上位法规定不一致，另行研究。"
                if chosen == LegalOpinion.Adoption.NOT_ADOPTED
                else "",
            )

    bulk_insert(LegalOpinion, opinions(), ctx)

    def lectures():
        for i in range(scale.lectures):
            _pk, adviser_id, unit_id, _role, start, end, _method = engagement_for(i)
            yield Lecture(
                speaker_id=adviser_id,
                unit_id=unit_id,
                date=ctx.random_date(start, min(end, ctx.today)),
                topic=rng.choice(TOPICS),
                audience="单位领导班子及工作人员",
            )

    bulk_insert(Lecture, lectures(), ctx)


@family("inspection_team", order=45, models=["advisers.InspectionParticipation"])
def inspection_team(ctx: Context) -> None:
    """Advisers on each city's annual contract inspection team (合同专项清查), once a year each."""
    rng = ctx.rng
    pool = [
        adviser_id for _pk, adviser_id, _unit, role, *_rest in ctx.engagements if role == Engagement.Role.CITY_ADVISER
    ]
    team = ctx.scale.inspection_team

    def rows():
        for year in ctx.years:
            last = min(date(year, 12, 31), ctx.today)
            for adviser_id in rng.sample(pool, min(len(pool), team * len(ctx.city_ids))):
                yield InspectionParticipation(
                    adviser_id=adviser_id,
                    unit_id=ctx.special_units.get("justice", ctx.root_id),
                    year=year,
                    date=ctx.random_date(date(year, 1, 1), last),
                    description="参与合同专项清查，审查合同文本",
                )

    bulk_insert(InspectionParticipation, rows(), ctx)


@family("reselection", order=46, models=["advisers.ReselectionRound", "advisers.ReselectionCandidate"])
def reselection(ctx: Context) -> None:
    """Decided re-selection rounds (换届遴选) for a share of expired terms: incumbents and newcomers."""
    rng = ctx.rng
    ended = [e for e in ctx.engagements if e[5] < ctx.today and e[3] != Engagement.Role.CITY_ADVISER]
    chosen = rng.sample(ended, min(len(ended), ctx.scale.reselection_rounds))
    if len(chosen) < ctx.scale.reselection_rounds:  # small sets: rounds ahead of terms still running
        running = [e for e in ctx.engagements if e not in chosen]
        chosen += rng.sample(running, min(len(running), ctx.scale.reselection_rounds - len(chosen)))
    rounds, meta = [], []
    for n, (engagement_id, adviser_id, unit_id, role, _start, end, method) in enumerate(chosen):
        opened = end - timedelta(days=60)
        rounds.append(
            ReselectionRound(
                unit_id=unit_id,
                title=f"{end.year}年法律顾问换届遴选（第{n + 1}轮）",
                role=role,
                selection_method=method,
                opened_on=opened,
                new_term_start=end + timedelta(days=1),
                new_term_end=end + timedelta(days=365),
                status=ReselectionRound.Status.DECIDED,
                decided_on=opened + timedelta(days=30),
            )
        )
        meta.append((engagement_id, adviser_id))
    round_ids = bulk_insert(ReselectionRound, rounds, ctx)

    def candidates():
        for round_id, (engagement_id, adviser_id) in zip(round_ids, meta, strict=True):
            kept = rng.random() < 0.7
            yield ReselectionCandidate(
                round_id=round_id,
                adviser_id=adviser_id,
                incumbent_id=engagement_id,
                outcome=ReselectionCandidate.Outcome.SELECTED if kept else ReselectionCandidate.Outcome.NOT_SELECTED,
            )
            newcomer = rng.choice(ctx.adviser_ids)
            if newcomer != adviser_id:
                yield ReselectionCandidate(
                    round_id=round_id,
                    adviser_id=newcomer,
                    outcome=ReselectionCandidate.Outcome.NOT_SELECTED
                    if kept
                    else ReselectionCandidate.Outcome.SELECTED,
                )

    bulk_insert(ReselectionCandidate, candidates(), ctx)


@family("conflicts", order=90, models=["advisers.Dispute", "advisers.ConflictFinding"])
def conflicts(ctx: Context) -> None:
    """Cases against units, and engagements held by findings (their adviser acts against the unit): one case
    and finding per fifty engagements, at least as many as a list page shows, over the held engagements. Last,
    with a Random of its own, so that no other family's draws move; no engagement is added, some are held."""
    rng = random.Random(f"conflicts-{ctx.scale.name}")
    active = list(
        Engagement.objects.filter(status=Engagement.Status.ACTIVE)
        .order_by("pk")
        .values_list("pk", "adviser_id", "unit_id", "adviser__name")
    )
    if not active:
        return
    n = max(ctx.scale.engagements // 50, min(30, ctx.scale.engagements))
    held = rng.sample(active, min(len(active), n))
    Engagement.objects.filter(pk__in=[pk for pk, *_rest in held]).update(
        status=Engagement.Status.PENDING_REVIEW, release_status=Engagement.Status.ACTIVE
    )
    plan = [held[k % len(held)] for k in range(n)]
    disputes = bulk_insert(
        Dispute,
        (
            Dispute(
                unit_id=unit_id,
                case_number=f"（{ctx.today.year}）湘民初{k + 1}号",
                forum="人民法院",
                counterparty=f"对方当事人{k + 1}",
                counterparty_lawyer=name,
                filed_on=ctx.today - timedelta(days=rng.randrange(10, 400)),
            )
            for k, (_pk, _adviser_id, unit_id, name) in enumerate(plan)
        ),
        ctx,
    )
    bulk_insert(
        ConflictFinding,
        (
            ConflictFinding(
                engagement_id=engagement_id,
                kind=ConflictFinding.Kind.COUNTERPARTY,
                key=f"case:{dispute_id}",
                dispute_id=dispute_id,
                message=f"{name}代理对方当事人的未结案件。",
                occasion=ConflictFinding.Occasion.YEARLY,
            )
            for dispute_id, (engagement_id, _adviser_id, _unit_id, name) in zip(disputes, plan, strict=True)
        ),
        ctx,
    )


# Each adviser account's newest records, proposed by it and waiting for its unit (no random draw: the rest of
# the set stays as it was). The proposals lists and the 待办 counts then have rows at every scale.
PROPOSALS_PER_ADVISER = 2


@family("proposals", order=61, models=["advisers.LegalOpinion", "advisers.Lecture", "accounts.User"])
def proposals(ctx: Context) -> None:
    accounts = User.objects.filter(pk__in=ctx.users_by_role.get(str(Role.ADVISER), [])).values_list("pk", "adviser_id")
    for user_id, adviser_id in accounts.order_by("pk"):
        for model, adviser_field in ((LegalOpinion, "adviser_id"), (Lecture, "speaker_id")):
            newest = model.objects.filter(**{adviser_field: adviser_id}).order_by("-date", "-pk")
            ids = list(newest.values_list("pk", flat=True)[:PROPOSALS_PER_ADVISER])
            model.objects.filter(pk__in=ids).update(confirmation=Confirmation.PROPOSED, proposed_by_id=user_id)
