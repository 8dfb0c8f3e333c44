"""Units (the province's tree), a handful of users per role, notices and audit-trail rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.demo import DEPARTMENTS, HOSPITALS, SCHOOLS, SOES, demo_credit_code
from accounts.models import Jurisdiction, Notice, Unit, User
from accounts.roles import ADMIN_ROLES, ADMINISTRATOR_ROLES, Role
from audit.chain import chain_append

from .base import Context, bulk_insert, family

CITIES = [
    "长沙市",
    "株洲市",
    "湘潭市",
    "衡阳市",
    "邵阳市",
    "岳阳市",
    "常德市",
    "张家界市",
    "益阳市",
    "郴州市",
    "永州市",
    "怀化市",
    "娄底市",
    "湘西土家族苗族自治州",
]
COUNTY_UNITS = [
    ("司法局", Unit.Kind.DEPARTMENT),
    ("财政局", Unit.Kind.DEPARTMENT),
    ("教育局", Unit.Kind.DEPARTMENT),
    ("人民医院", Unit.Kind.HOSPITAL),
    ("第一中学", Unit.Kind.SCHOOL),
    ("公安局", Unit.Kind.DEPARTMENT),
    ("城市建设投资有限公司", Unit.Kind.SOE),
    ("民政局", Unit.Kind.DEPARTMENT),
    ("自然资源局", Unit.Kind.DEPARTMENT),
    ("住房和城乡建设局", Unit.Kind.DEPARTMENT),
    ("交通运输局", Unit.Kind.DEPARTMENT),
    ("中医医院", Unit.Kind.HOSPITAL),
    ("卫生健康局", Unit.Kind.DEPARTMENT),
    ("市场监督管理局", Unit.Kind.DEPARTMENT),
    ("第二中学", Unit.Kind.SCHOOL),
    ("审计局", Unit.Kind.DEPARTMENT),
    ("农业农村局", Unit.Kind.DEPARTMENT),
    ("应急管理局", Unit.Kind.DEPARTMENT),
]
# Every city and county has these three; their staff are the bureau, finance and auditor accounts.
OFFICES = (("司法局", "justice"), ("财政局", "finance"), ("审计局", "audit"))
_COUNTY_OTHERS = [unit for unit in COUNTY_UNITS if unit[0] not in {office for office, _role in OFFICES}]
SECONDARY_SUFFIXES = ["事务中心", "服务中心", "执法支队", "监测站"]
# Fictional registration prefix for generated credit codes (the demo uses 11430200).
CREDIT_PREFIX = "12430000"
_KIND_NAMES = {Unit.Kind.SOE: "国有企业", Unit.Kind.HOSPITAL: "医院", Unit.Kind.SCHOOL: "学校"}


@dataclass
class _Node:
    name: str
    kind: str
    level: str
    parent: int | None  # index into the node list
    budget: bool = False
    # "root", "province_justice", "city", "justice"/"finance"/"audit" (a city's), "county",
    # "county_justice"/"county_finance"/"county_audit", "department", "secondary", "leaf"
    role: str = ""


def _local(city: str, name: str) -> str:
    """A Zhuzhou name from the demo lists, moved to another city."""
    if name.startswith("市"):
        return city + name[1:]
    return name.replace("株洲市", city).replace("株洲", city.removesuffix("市"))


def _unit_nodes(ctx: Context) -> list[_Node]:
    scale = ctx.scale
    # A province above the cities at every scale, so that its bureau (reads all, writes its own) is measured too.
    nodes = [
        _Node("湖南省人民政府", Unit.Kind.PROVINCE_GOV, Unit.Level.PROVINCE, None, role="root"),
        _Node("湖南省司法厅", Unit.Kind.DEPARTMENT, Unit.Level.PROVINCE, 0, role="province_justice"),
    ]
    root = 0
    counties_left = scale.counties
    for c in range(scale.cities):
        city = CITIES[c % len(CITIES)] if c < len(CITIES) else f"第{c + 1}市"
        nodes.append(_Node(f"{city}人民政府", Unit.Kind.CITY_GOV, Unit.Level.CITY, root, role="city"))
        city_index = len(nodes) - 1
        for office, role in OFFICES:
            nodes.append(_Node(f"{city}{office}", Unit.Kind.DEPARTMENT, Unit.Level.CITY, city_index, True, role))
        departments = [d for d in DEPARTMENTS if d not in ("市司法局", "市财政局", "市审计局")]
        for k in range(scale.city_departments):
            name = _local(city, departments[k]) if k < len(departments) else f"{city}第{k + 1}直属事业单位"
            budget = ctx.rng.random() < scale.budget_share
            nodes.append(_Node(name, Unit.Kind.DEPARTMENT, Unit.Level.CITY, city_index, budget, "department"))
            if ctx.rng.random() < scale.secondary_share:
                parent = len(nodes) - 1
                for s in range(scale.secondary_per_parent):
                    suffix = SECONDARY_SUFFIXES[s % len(SECONDARY_SUFFIXES)]
                    nodes.append(_Node(f"{name}{suffix}", Unit.Kind.OTHER, Unit.Level.CITY, parent, role="secondary"))
        for count, names, kind in (
            (scale.city_soes, SOES, Unit.Kind.SOE),
            (scale.city_hospitals, HOSPITALS, Unit.Kind.HOSPITAL),
            (scale.city_schools, SCHOOLS, Unit.Kind.SCHOOL),
        ):
            for k in range(count):
                name = _local(city, names[k]) if k < len(names) else f"{city}第{k + 1}{_KIND_NAMES[kind]}"
                nodes.append(_Node(name, kind, Unit.Level.CITY, city_index, role="leaf"))
        # Counties spread evenly over the cities (122 over 14: 8 or 9 each).
        county_count = counties_left // (scale.cities - c)
        counties_left -= county_count
        for k in range(county_count):
            county = f"{city}第{k + 1:02d}区县"
            nodes.append(_Node(f"{county}人民政府", Unit.Kind.COUNTY_GOV, Unit.Level.COUNTY, city_index, role="county"))
            county_index = len(nodes) - 1
            for office, role in OFFICES:
                name = f"{county}{office}"
                nodes.append(_Node(name, Unit.Kind.DEPARTMENT, Unit.Level.COUNTY, county_index, role=f"county_{role}"))
            for j in range(max(scale.county_units - len(OFFICES), 0)):
                suffix, kind = _COUNTY_OTHERS[j % len(_COUNTY_OTHERS)]
                label = suffix if j < len(_COUNTY_OTHERS) else f"第{j + 1}{suffix}"
                nodes.append(_Node(f"{county}{label}", kind, Unit.Level.COUNTY, county_index, role="leaf"))
    return nodes


_GOVERNMENT_LEVELS = {
    "root": Jurisdiction.Level.PROVINCE,
    "city": Jurisdiction.Level.CITY,
    "county": Jurisdiction.Level.COUNTY,
}


def _jurisdictions(nodes: list[_Node], ids: list, paths: list[str], depth: list[int]) -> list[int]:
    """A jurisdiction for the province, each city and each county (parents first); each unit's nearest."""
    of_node: dict[int, int] = {}
    for level in range(max(depth) + 1):
        for i, node in enumerate(nodes):
            if depth[i] != level or node.role not in _GOVERNMENT_LEVELS:
                continue
            name = node.name.removesuffix("人民政府")
            parent = _nearest(nodes, of_node, node.parent)
            of_node[i] = Jurisdiction.objects.create(
                government_id=ids[i],
                name=name,
                level=_GOVERNMENT_LEVELS[node.role],
                parent_id=parent,
                bureau_name=f"{name}司法厅" if node.role == "root" else f"{name}司法局",
                letter_abbreviation=f"{name[:1]}司函",
                path=paths[i],
            ).pk
    return [_nearest(nodes, of_node, i) for i in range(len(nodes))]


def _nearest(nodes: list[_Node], of_node: dict[int, int], index: int | None) -> int | None:
    while index is not None and index not in of_node:
        index = nodes[index].parent
    return of_node.get(index) if index is not None else None


@family("units", order=10, models=["accounts.Unit", "accounts.Jurisdiction"])
def units(ctx: Context) -> None:
    nodes = _unit_nodes(ctx)
    depth = []
    for node in nodes:
        depth.append(0 if node.parent is None else depth[node.parent] + 1)
    ids: list[int | None] = [None] * len(nodes)
    paths: list[str] = [""] * len(nodes)
    serial = 0
    # Parents before children, so each level knows its parents' ids and paths.
    for level in range(max(depth) + 1):
        indexes = [i for i, d in enumerate(depth) if d == level]
        objects = []
        for i in indexes:
            node = nodes[i]
            serial += 1
            objects.append(
                Unit(
                    name=node.name,
                    kind=node.kind,
                    level=node.level,
                    is_budget_unit=node.budget,
                    parent_id=ids[node.parent] if node.parent is not None else None,
                    credit_code=demo_credit_code(serial, CREDIT_PREFIX),
                )
            )
        created = bulk_insert(Unit, objects, ctx)
        for i, pk in zip(indexes, created, strict=True):
            ids[i] = pk
            node = nodes[i]
            paths[i] = f"{paths[node.parent] if node.parent is not None else ''}{pk}/"
    jurisdictions = _jurisdictions(nodes, ids, paths, depth)
    Unit.objects.bulk_update(
        [Unit(pk=pk, path=path, jurisdiction_id=j) for pk, path, j in zip(ids, paths, jurisdictions, strict=True)],
        ["path", "jurisdiction"],
        batch_size=2_000,
    )
    ctx.unit_ids = list(ids)
    ctx.root_id = ids[0]
    ctx.city_ids = [ids[i] for i, n in enumerate(nodes) if n.role == "city"]
    ctx.county_ids = [ids[i] for i, n in enumerate(nodes) if n.role == "county"]
    ctx.leaf_unit_ids = [ids[i] for i, n in enumerate(nodes) if n.role not in ("root", "city")]
    ctx.budget_unit_ids = [ids[i] for i, n in enumerate(nodes) if n.budget]
    ctx.special_units = {
        n.role: ids[i] for i, n in reversed(list(enumerate(nodes))) if n.role in ("justice", "finance", "audit")
    }
    county = [None] * len(nodes)
    for i, node in enumerate(nodes):  # parents come before their children
        county[i] = ids[i] if node.role == "county" else (county[node.parent] if node.parent is not None else None)
        if county[i] is not None:
            ctx.county_of[ids[i]] = county[i]
        if node.role.removeprefix("county_").removeprefix("province_") in dict(OFFICES).values():
            ctx.offices.setdefault(node.role, []).append(ids[i])
    ctx.units_with_children = sorted({ids[n.parent] for n in nodes if n.role == "secondary"})
    for i, node in enumerate(nodes):
        if node.role == "secondary":
            ctx.secondary_of.setdefault(ids[node.parent], []).append(ids[i])


@family("users", order=60, models=["accounts.User"])
def users(ctx: Context) -> None:
    """A handful of accounts per role (usernames bench_<role>_<n>, password DEMO_PASSWORD)."""
    password = make_password(settings.DEMO_PASSWORD)
    n = ctx.scale.users_per_role
    # A county government's officer sees a subtree of units: the first county with advisers in it, so that
    # even the smallest set shows that officer rows (a deterministic choice: no draw from ctx.rng).
    retaining = {ctx.county_of.get(unit_id) for _pk, _adviser, unit_id, *_rest in ctx.engagements}
    officer_units = [next((c for c in ctx.county_ids if c in retaining), ctx.county_ids[0])] if ctx.county_ids else []
    officer_units += ctx.units_with_children[:1]
    officer_units += ctx.rng.sample(ctx.leaf_unit_ids, min(n, len(ctx.leaf_unit_ids)))
    adviser_ids = _busiest_advisers(ctx, n)
    plan = []
    for role, unit_key in ((Role.BUREAU, "justice"), (Role.FINANCE, "finance"), (Role.AUDITOR, "audit")):
        plan += [(role, ctx.special_units.get(unit_key, ctx.root_id), None) for _ in range(n)]
    plan += [(Role.OFFICER, unit_id, None) for unit_id in officer_units[:n]]
    plan += [(Role.ADVISER, None, adviser_id) for adviser_id in adviser_ids]
    # One of each administrator (三员分立); they touch no business data.
    plan += [(role, ctx.special_units.get("justice", ctx.root_id), None) for role in sorted(ADMINISTRATOR_ROLES)]
    counters: dict[str, int] = {}
    objects = []
    for role, unit_id, adviser_id in plan:
        counters[role] = counters.get(role, 0) + 1
        objects.append(
            User(
                username=f"bench_{role}_{counters[role]}",
                password=password,
                role=role,
                unit_id=unit_id,
                adviser_id=adviser_id,
                is_staff=role in ADMIN_ROLES,
                last_name="测",
                first_name=f"{role}{counters[role]}",
            )
        )
    ids = bulk_insert(User, objects, ctx)
    for (role, _unit, _adviser), pk in zip(plan, ids, strict=True):
        ctx.users_by_role.setdefault(str(role), []).append(pk)
    ctx.jurisdiction_users = bulk_insert(User, _jurisdiction_accounts(ctx, password), ctx)


# The staff of each jurisdiction's offices, by office role of the generator's unit tree.
_STAFF = ((Role.BUREAU, "justice"), (Role.FINANCE, "finance"), (Role.AUDITOR, "audit"))


def _jurisdiction_accounts(ctx: Context, password: str) -> list[User]:
    """bench_<role>_city_<n> and bench_<role>_county_<n> at each city's and county's offices, and
    bench_bureau_province at the provincial department: the same names for the same scale, no random draws
    (they would change the rest of the set)."""
    province = ctx.offices.get("province_justice", [])[:1]
    accounts = [(f"bench_{Role.BUREAU}_province", Role.BUREAU, unit_id) for unit_id in province]
    for level, prefix in (("city", ""), ("county", "county_")):
        for role, office in _STAFF:
            accounts += [
                (f"bench_{role}_{level}_{n}", role, unit_id)
                for n, unit_id in enumerate(ctx.offices.get(prefix + office, []), 1)
            ]
    return [
        User(
            username=username,
            password=password,
            role=role,
            unit_id=unit_id,
            is_staff=role in ADMIN_ROLES,
            last_name="测",
            first_name=username.removeprefix("bench_"),
        )
        for username, role, unit_id in accounts
    ]


def _busiest_advisers(ctx: Context, n: int) -> list[int]:
    per_adviser: dict[int, int] = {}
    for _pk, adviser_id, *_rest in ctx.engagements:
        if adviser_id not in ctx.internal_advisers:  # external advisers and firms have portal accounts
            per_adviser[adviser_id] = per_adviser.get(adviser_id, 0) + 1
    ranked = sorted(per_adviser, key=lambda a: (-per_adviser[a], a))
    return ranked[:n]


@family("notices", order=70, models=["accounts.Notice"])
def notices(ctx: Context) -> None:
    recipients = [pk for ids in ctx.users_by_role.values() for pk in ids] + ctx.jurisdiction_users
    kinds = ["report_due", "contract_expiring", "engagement_expiring", "budget_reviewed"]

    def rows():
        for i in range(ctx.scale.notices):
            yield Notice(
                recipient_id=recipients[i % len(recipients)],
                kind=ctx.rng.choice(kinds),
                title=f"提醒事项 {i + 1}",
                body="请及时处理。",
                link="/",
                read_at=None if ctx.rng.random() < 0.5 else timezone.now(),
            )

    bulk_insert(Notice, rows(), ctx)


@family("audit", order=80, models=["auditlog.LogEntry"])
def audit(ctx: Context) -> None:
    """Audit-trail rows, so that the auditors' log list is measured on a realistic table.

    Generated records themselves have no audit rows (bulk inserts send no signals); these stand in
    for the trail that daily use would have written.
    """
    from auditlog.models import LogEntry

    unit_type = ContentType.objects.get_for_model(Unit)
    actors = [pk for ids in ctx.users_by_role.values() for pk in ids] or [None]
    tz = timezone.get_current_timezone()

    def rows():
        for i in range(ctx.scale.audit_entries):
            unit_id = ctx.unit_ids[i % len(ctx.unit_ids)]
            day = ctx.random_date()
            stamp = datetime.combine(day, time(9), tzinfo=tz) + timedelta(minutes=ctx.rng.randrange(600))
            yield LogEntry(
                content_type=unit_type,
                object_pk=str(unit_id),
                object_id=unit_id,
                object_repr=f"单位 {unit_id}",
                action=LogEntry.Action.UPDATE,
                changes={"is_budget_unit": ["False", "True"]},
                changes_text="",
                actor_id=ctx.rng.choice(actors),
                timestamp=stamp,
                additional_data=None,
            )

    ids = bulk_insert(LogEntry, rows(), ctx)
    # Chained like rows written by the application, so that `verify_audit` passes on a generated database.
    for start in range(0, len(ids), 5000):
        chain_append(ids[start : start + 5000])
