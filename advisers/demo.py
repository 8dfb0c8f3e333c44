"""Demo advisers and duty records from the article's facts; every person and firm is fictional.

- 12 city government advisers (4 legal scholars, 8 practising lawyers) appointed by the mayor at the end
  of 2022 for 2023-2025, and the open re-selection round for the next term;
- a law firm retained by the city government and one by the Party committee (中共株洲市委);
- executive meetings from 27 March 2023 to December 2025: 48 meetings, 9 of them attended by two
  advisers, so 57 attendances (adviser-times), with 289 opinions given on the spot;
- the lectures the article names, contract-inspection teams, and unit advisers for the 81 units
  (terms placed around today, so that some end soon and a few advisers are "hired but not used").

Deterministic (random.Random(2025)) and idempotent (update_or_create on natural keys).
"""

from __future__ import annotations

import datetime as dt
import random

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accounts.demo import CITY, COUNTY, INSPECTED_UNIT_NAMES, demo_credit_code
from accounts.models import Jurisdiction, Unit

from .models import (
    Adviser,
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
from .services import round_open

PARTY_COMMITTEE = "中共株洲市委"
TERM_START, TERM_END = dt.date(2023, 1, 1), dt.date(2025, 12, 31)
LETTER_DATE = dt.date(2022, 12, 28)
FIRST_MEETING, LAST_MEETING = dt.date(2023, 3, 27), dt.date(2025, 12, 19)
MEETINGS, DOUBLE_ATTENDED, OPINIONS = 48, 9, 289

# name, category, affiliation, specialties
CITY_ADVISERS = [
    ("秦文博", Adviser.Category.SCHOLAR, "湖南大学法学院（教授）", "民商法、物权法"),
    ("邹立群", Adviser.Category.SCHOLAR, "湘潭大学法学院（教授）", "行政法、行政诉讼法"),
    ("范志远", Adviser.Category.SCHOLAR, "湖南工业大学法学院（教授）", "宪法与行政法、地方立法"),
    ("龚雅琴", Adviser.Category.SCHOLAR, "中南大学法学院（副教授）", "经济法、文化旅游法"),
    ("贺建平", Adviser.Category.LAWYER, "湖南湘楚律师事务所", "政府法律事务、行政复议与诉讼"),
    ("谭晓峰", Adviser.Category.LAWYER, "湖南株城律师事务所", "国有资产、公司并购"),
    ("易红梅", Adviser.Category.LAWYER, "湖南炎陵山律师事务所", "劳动与社会保障"),
    ("彭向东", Adviser.Category.LAWYER, "湖南湘江明律师事务所", "建设工程、政府采购"),
    ("曾立新", Adviser.Category.LAWYER, "湖南渌水律师事务所", "金融与地方债务"),
    ("罗海燕", Adviser.Category.LAWYER, "湖南神农律师事务所", "土地征收与城市更新"),
    ("肖长江", Adviser.Category.LAWYER, "湖南天元律师事务所", "环境资源、安全生产"),
    ("邓卫国", Adviser.Category.LAWYER, "湖南醴陵瓷都律师事务所", "刑事合规、信访法治化"),
]
CITY_FIRM = ("湖南湘楚律师事务所", "市政府常年法律顾问单位：合同审查、诉讼代理、日常法律咨询")
PARTY_FIRM = ("湖南株城律师事务所", "市委常年法律顾问单位：党内法规与规范性文件审查")

MEETING_TOPICS = [
    "城市更新项目实施方案",
    "国有企业改革三年行动",
    "招商引资项目合作协议",
    "政府规章草案审议",
    "重大项目特许经营协议",
    "老旧小区改造资金管理办法",
    "轨道交通装备产业扶持政策",
    "土地收储与出让方案",
    "市属国企债务化解方案",
    "文化旅游融合发展规划",
    "生态环境保护督察整改",
    "安全生产专项整治",
    "政府投资项目审批改革",
    "营商环境优化条例实施",
    "养老服务体系建设方案",
    "行政执法体制改革",
    "湘江风光带建设运营",
    "住房公积金缴存政策调整",
]
OPINION_POINTS = [
    "建议补充合法性审查意见",
    "建议明确违约责任条款",
    "建议履行公众参与程序",
    "建议补充风险评估报告",
    "建议调整合作期限",
    "建议明确资金来源与支付节点",
    "建议删除与上位法不一致的条款",
    "建议增加争议解决条款",
    "建议补充集体讨论决定程序",
    "建议细化绩效考核指标",
]
NOT_ADOPTED_REASONS = [
    "上级政策已明确要求，须按期实施，相关风险已另行采取措施防范。",
    "该事项已由市人大常委会审议决定，政府层面不宜再作调整。",
    "经综合考虑社会效益，会议决定维持原方案，风险由实施单位专项评估。",
]
ARTICLE_LECTURES = [
    ("秦文博", dt.date(2023, 6, 16), "法治轨道上的现代化建设"),
    ("邹立群", dt.date(2024, 4, 19), "文旅融合法治保障"),
    ("范志远", dt.date(2025, 3, 21), "重大行政决策程序关键环节"),
]
UNIT_LECTURE_TOPICS = ["民法典与政府合同管理", "行政复议法修订要点", "政府采购法律风险防范", "国有企业合规管理"]

# Firms and lawyers that serve the 81 units (fictional).
UNIT_FIRMS = [
    "湖南株洲荷塘律师事务所",
    "湖南芦淞律师事务所",
    "湖南石峰律师事务所",
    "湖南天元区律师事务所",
    "湖南渌口律师事务所",
    "湖南攸州律师事务所",
    "湖南茶陵律师事务所",
    "湖南炎帝律师事务所",
    "湖南金轮律师事务所",
    "湖南建宁律师事务所",
    "湖南云龙律师事务所",
    "湖南神农城律师事务所",
]
UNIT_LAWYERS = [
    "方志强",
    "黎明慧",
    "蒋春华",
    "袁成",
    "聂文涛",
    "卢秀英",
    "汤建军",
    "钟丽",
    "阳光辉",
    "廖德胜",
    "文静怡",
    "刘志勇",
    "黄晓东",
    "陈雪梅",
    "周海波",
    "胡国平",
    "李思远",
    "赵春燕",
]

INTERNAL_SURNAMES = ["龙", "石", "白", "樊", "戴", "任", "凌", "莫", "唐", "伍"]
INTERNAL_GIVEN = ["启明", "素华", "建新", "雅丽", "卫东", "晓岚", "振宇", "佩玲", "国庆", "文清"]


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3578')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"


def _licence(rng: random.Random, year: int) -> str:
    return f"14302{year}{rng.randint(1, 2)}{rng.randint(1000000, 9999999)}"


def _adviser(name, category, affiliation, specialties, rng, *, licence=True, jurisdiction=None):
    licence_no = _licence(rng, rng.randint(1998, 2015)) if licence else ""
    adviser, _created = Adviser.objects.get_or_create(
        name=name,
        defaults={
            "category": category,
            "affiliation": affiliation,
            "specialties": specialties,
            "licence_no": licence_no,
            "phone": _phone(rng),
            "email": f"adviser{rng.randint(1000, 9999)}@example.cn",
            "jurisdiction": jurisdiction,
        },
    )
    return adviser


def _engage(adviser, unit, *, role, start, end, **extra) -> Engagement:
    engagement, _created = Engagement.objects.update_or_create(
        adviser=adviser,
        unit=unit,
        role=role,
        previous=None,
        defaults={"start_date": start, "end_date": end, "status": Engagement.Status.ACTIVE, **extra},
    )
    return engagement


def _meeting_dates() -> list[dt.date]:
    span = (LAST_MEETING - FIRST_MEETING).days
    dates = []
    for i in range(MEETINGS):
        day = FIRST_MEETING + dt.timedelta(days=round(i * span / (MEETINGS - 1)))
        while day.weekday() >= 5:  # meetings are held on working days
            day -= dt.timedelta(days=1)
        dates.append(day)
    return dates


def seed(stdout=None):
    rng = random.Random(2025)
    today = timezone.localdate()
    city = Unit.objects.get(name=CITY)
    party, _created = Unit.objects.update_or_create(
        name=PARTY_COMMITTEE,
        defaults={
            "kind": Unit.Kind.OTHER,
            "level": Unit.Level.CITY,
            "parent": None,
            "credit_code": demo_credit_code(9001, prefix="11430200"),
        },
    )

    # -- The 12 city government advisers, appointed by the mayor at the end of 2022 -------------------
    city_advisers = []
    for i, (name, category, affiliation, specialties) in enumerate(CITY_ADVISERS, start=1):
        adviser = _adviser(name, category, affiliation, specialties, rng, licence=category == Adviser.Category.LAWYER)
        city_advisers.append(adviser)
        _engage(
            adviser,
            city,
            role=Engagement.Role.CITY_ADVISER,
            start=TERM_START,
            end=TERM_END,
            kind=Engagement.Kind.STANDING,
            letter_no=f"株政聘〔2022〕{i}号",
            letter_issuer="株洲市人民政府市长",
            letter_date=LETTER_DATE,
            selection_method=SelectionMethod.PUBLIC_SELECTION,
            selection_completed_on=dt.date(2022, 12, 20),
        )

    # -- The law firms retained by the city government and by the Party committee (procurement) -------
    for (firm_name, scope), unit in ((CITY_FIRM, city), (PARTY_FIRM, party)):
        firm = _adviser(firm_name, Adviser.Category.LAW_FIRM, "", scope, rng)
        _engage(
            firm,
            unit,
            role=Engagement.Role.UNIT_ADVISER,
            start=dt.date(2024, 1, 1),
            end=dt.date(2026, 12, 31),
            selection_method=SelectionMethod.COMPETITIVE_CONSULTATION,
            selection_completed_on=dt.date(2023, 12, 15),
        )

    _seed_meetings(rng, city, city_advisers)
    _seed_lectures_and_inspections(rng, city, city_advisers)
    _seed_round(rng, city)
    unit_engagements = _seed_unit_advisers(rng, today)
    county_engagements = seed_county_demo(today)
    if stdout:
        stdout.write(
            f"  advisers: {Adviser.objects.count()}, engagements: {Engagement.objects.count()}, "
            f"meetings: {ExecutiveMeeting.objects.count()}, attendances: {MeetingAttendance.objects.count()}, "
            f"opinions: {LegalOpinion.objects.count()}, unit engagements: {len(unit_engagements)}, "
            f"{COUNTY} engagements: {len(county_engagements)}"
        )


# 醴陵市's own advisers, registered by its justice bureau (fictional): name, category, affiliation,
# and per engagement the unit, days to the end of the term and whether the adviser has done no recent work.
COUNTY_ADVISERS = [
    (
        "湖南渌江律师事务所",
        Adviser.Category.LAW_FIRM,
        "",
        [("醴陵市住房和城乡建设局", 30, False), ("醴陵市人民政府", 400, False)],
    ),
    ("匡志明", Adviser.Category.LAWYER, "湖南渌江律师事务所", [("醴陵市住房和城乡建设局", 420, False)]),
    ("湖南瓷源律师事务所", Adviser.Category.LAW_FIRM, "", [("醴陵市自然资源局", 300, False)]),
    ("易雪芳", Adviser.Category.LAWYER, "湖南瓷源律师事务所", [("醴陵市自然资源局", 50, False)]),
    ("邝国栋", Adviser.Category.LAWYER, "湖南渌江律师事务所", [("醴陵市教育局", 500, True)]),
    ("皮晓蕾", Adviser.Category.SCHOLAR, "湖南工业大学法学院（副教授）", [("醴陵市人民医院", 200, False)]),
]


def seed_county_demo(today: dt.date) -> list[Engagement]:
    """醴陵市's advisers and engagements: two ending soon, one idle, each with written opinions.

    Its own random stream, so that the city's figures stay those of the article whatever is added here."""
    rng = random.Random(430281)
    county = Jurisdiction.objects.get(name=COUNTY)
    engagements = []
    for name, category, affiliation, terms in COUNTY_ADVISERS:
        adviser = _adviser(
            name,
            category,
            affiliation,
            "政府法律事务、合同审查",
            rng,
            licence=category != Adviser.Category.SCHOLAR,
            jurisdiction=county,
        )
        for unit_name, days_left, idle in terms:
            unit = Unit.objects.get(name=unit_name)
            end = today + dt.timedelta(days=days_left)
            start = end - relativedelta(years=2) + dt.timedelta(days=1)
            selected_on = start - dt.timedelta(days=20)
            engagement = _engage(
                adviser,
                unit,
                role=Engagement.Role.UNIT_ADVISER,
                start=start,
                end=end,
                selection_method=SelectionMethod.COMPETITIVE_CONSULTATION,
                selection_completed_on=selected_on,
                letter_no=f"醴{unit_name[3:7]}聘〔{start.year}〕1号",
                letter_issuer=unit_name,
                letter_date=selected_on,
            )
            engagements.append(engagement)
            _seed_unit_work(rng, engagement, today, idle=idle)
    government = Unit.objects.get(name=f"{COUNTY}人民政府")
    Lecture.objects.update_or_create(
        speaker=Adviser.objects.get(name="皮晓蕾"),
        unit=government,
        topic="行政复议法修订要点",
        defaults={"date": today - dt.timedelta(days=60), "audience": "醴陵市人民政府组成部门负责人"},
    )
    return engagements


def _seed_meetings(rng, city, advisers):
    dates = _meeting_dates()
    doubles = set(rng.sample(range(MEETINGS), DOUBLE_ATTENDED))
    attendances = []
    for i, day in enumerate(dates):
        topics = rng.sample(MEETING_TOPICS, 3)
        meeting, _created = ExecutiveMeeting.objects.update_or_create(
            jurisdiction=city.jurisdiction, session_number=20 + i, defaults={"date": day, "topics": "\n".join(topics)}
        )
        # Advisers take turns; a meeting with several legal questions gets a second adviser.
        present = [advisers[i % len(advisers)]]
        if i in doubles:
            present.append(advisers[(i + 5) % len(advisers)])
        for adviser in present:
            MeetingAttendance.objects.get_or_create(meeting=meeting, adviser=adviser)
            attendances.append((meeting, adviser, topics))
    # 289 opinions over 57 attendances: five each, six for the first few.
    extra = OPINIONS - 5 * len(attendances)
    for n, (meeting, adviser, topics) in enumerate(attendances):
        for k in range(5 + (1 if n < extra else 0)):
            roll = rng.random()
            if roll < 0.86:
                adoption, reason = LegalOpinion.Adoption.ADOPTED, ""
            elif roll < 0.96:
                adoption, reason = LegalOpinion.Adoption.PARTLY, ""
            else:
                adoption, reason = LegalOpinion.Adoption.NOT_ADOPTED, rng.choice(NOT_ADOPTED_REASONS)
            topic = topics[k % len(topics)]
            LegalOpinion.objects.update_or_create(
                adviser=adviser,
                meeting=meeting,
                subject=f"关于{topic}的法律意见（{k + 1}）",
                defaults={
                    "unit": city,
                    "date": meeting.date,
                    "source": LegalOpinion.Source.MEETING,
                    "matter_type": rng.choice(
                        [LegalOpinion.MatterType.MAJOR_DECISION] * 3
                        + [LegalOpinion.MatterType.NORMATIVE_DOCUMENT, LegalOpinion.MatterType.CONTRACT]
                    ),
                    "content": rng.choice(OPINION_POINTS) + "。",
                    "adoption": adoption,
                    "non_adoption_reason": reason,
                },
            )


def _seed_lectures_and_inspections(rng, city, advisers):
    by_name = {a.name: a for a in advisers}
    for name, day, topic in ARTICLE_LECTURES:
        Lecture.objects.update_or_create(
            speaker=by_name[name],
            date=day,
            topic=topic,
            defaults={"unit": city, "audience": "市政府常务会议组成人员"},
        )
    bureau = Unit.objects.get(name="市司法局")
    for year in (2023, 2024, 2025):
        for adviser in rng.sample(advisers, 4):
            InspectionParticipation.objects.update_or_create(
                adviser=adviser,
                year=year,
                defaults={"unit": bureau, "date": dt.date(year, 9, 15), "description": f"{year}年度市政府合同专项清查"},
            )


def _seed_round(rng, city):
    """The first term is about to expire: the bureau has opened the re-selection for 2026-2028."""
    round_ = ReselectionRound.objects.filter(
        unit=city, role=Engagement.Role.CITY_ADVISER, new_term_start=dt.date(2026, 1, 1)
    ).first()
    if round_ is None:
        round_ = round_open(
            actor=None,
            unit=city,
            title="第二届市政府法律顾问换届遴选",
            role=Engagement.Role.CITY_ADVISER,
            selection_method=SelectionMethod.PUBLIC_SELECTION,
            opened_on=dt.date(2025, 11, 20),
            new_term_start=dt.date(2026, 1, 1),
            new_term_end=dt.date(2028, 12, 31),
            note="首届个人顾问任期将满，依法依规启动换届遴选，确保队伍持续优化、有序衔接。",
        )
    for name, affiliation in [("柳清源", "湖南科技大学法学院（教授）"), ("严慧敏", "湖南金轮律师事务所")]:
        category = Adviser.Category.SCHOLAR if "大学" in affiliation else Adviser.Category.LAWYER
        adviser = _adviser(name, category, affiliation, "行政法", rng, licence=category == Adviser.Category.LAWYER)
        ReselectionCandidate.objects.get_or_create(round=round_, adviser=adviser)


def _seed_unit_advisers(rng, today):
    """Each of the 81 units retains one or two external advisers (a few also an internal public-sector
    lawyer). Terms end between 20 days and two years from today; every 10th adviser has no recent work."""
    firms = [_adviser(name, Adviser.Category.LAW_FIRM, "", "政府法律事务", rng) for name in UNIT_FIRMS]
    lawyers = [
        _adviser(name, Adviser.Category.LAWYER, rng.choice(UNIT_FIRMS), "合同审查、诉讼代理", rng)
        for name in UNIT_LAWYERS
    ]
    engagements = []
    for k, unit_name in enumerate(INSPECTED_UNIT_NAMES):
        unit = Unit.objects.get(name=unit_name)
        chosen = [firms[k % len(firms)]]
        if k % 3 == 0 or unit_name in ("市住房和城乡建设局", "市交通运输局"):
            chosen.append(lawyers[k % len(lawyers)])
        for j, adviser in enumerate(chosen):
            end = today + dt.timedelta(days=[25, 60, 85, 200, 320, 480, 700][(k + j) % 7])
            start = end - relativedelta(years=2) + dt.timedelta(days=1)
            selected_on = start - dt.timedelta(days=20)
            method = SelectionMethod.PUBLIC_SELECTION if j else SelectionMethod.COMPETITIVE_CONSULTATION
            engagement = _engage(
                adviser,
                unit,
                role=Engagement.Role.UNIT_ADVISER,
                start=start,
                end=end,
                selection_method=method,
                selection_completed_on=selected_on,
                letter_no=f"{unit_name[:6]}聘〔{start.year}〕{j + 1}号",
                letter_issuer=unit_name,
                letter_date=selected_on,
            )
            engagements.append(engagement)
            idle = (k + j) % 10 == 4
            _seed_unit_work(rng, engagement, today, idle=idle)
        if k % 9 == 0:
            name = INTERNAL_SURNAMES[(k // 9) % len(INTERNAL_SURNAMES)] + INTERNAL_GIVEN[(k // 9) % len(INTERNAL_GIVEN)]
            internal = _adviser(
                name, Adviser.Category.INTERNAL, f"{unit_name}（公职律师）", "法制审核", rng, licence=False
            )
            _engage(
                internal,
                unit,
                role=Engagement.Role.UNIT_ADVISER,
                start=today - relativedelta(years=1),
                end=today + relativedelta(years=2),
                selection_method=SelectionMethod.PUBLIC_SELECTION,
            )
    return engagements


def _seed_unit_work(rng, engagement, today, *, idle: bool):
    """Written opinions and the odd lecture within the term; an idle adviser's work stopped 8 months ago."""
    last = today - relativedelta(months=8) if idle else today - dt.timedelta(days=rng.randint(3, 40))
    for n in range(rng.randint(2, 5)):
        day = last - dt.timedelta(days=45 * n)
        if day < engagement.start_date:
            break
        roll = rng.random()
        adoption = (
            LegalOpinion.Adoption.ADOPTED
            if roll < 0.8
            else (LegalOpinion.Adoption.PARTLY if roll < 0.93 else LegalOpinion.Adoption.NOT_ADOPTED)
        )
        matter = rng.choice(
            [LegalOpinion.MatterType.CONTRACT] * 3
            + [
                LegalOpinion.MatterType.NORMATIVE_DOCUMENT,
                LegalOpinion.MatterType.LITIGATION,
                LegalOpinion.MatterType.PETITION,
            ]
        )
        LegalOpinion.objects.update_or_create(
            adviser=engagement.adviser,
            unit=engagement.unit,
            subject=f"{engagement.unit.name}法律事务书面意见（{n + 1}）",
            defaults={
                "date": day,
                "matter_type": matter,
                "source": LegalOpinion.Source.WRITTEN,
                "content": rng.choice(OPINION_POINTS) + "。",
                "adoption": adoption,
                "non_adoption_reason": rng.choice(NOT_ADOPTED_REASONS)
                if adoption == LegalOpinion.Adoption.NOT_ADOPTED
                else "",
            },
        )
    if not idle and rng.random() < 0.3:
        Lecture.objects.update_or_create(
            speaker=engagement.adviser,
            unit=engagement.unit,
            topic=rng.choice(UNIT_LECTURE_TOPICS),
            defaults={"date": last - dt.timedelta(days=10), "audience": f"{engagement.unit.name}干部职工"},
        )
