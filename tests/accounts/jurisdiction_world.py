"""A small province for the jurisdiction scope tests: 湖南省 above two cities (株洲, 长沙), and two counties
(醴陵, 攸县) under 株洲. Each area has a justice bureau, a finance bureau and an audit office with one account
each, and one budget unit holding one record of each kind (engagement, contract, opinion, budget request,
duty report), so that every scope rule can be tried both ways: what an account must see, what it must not."""

from __future__ import annotations

from dataclasses import dataclass, field

from accounts.models import Unit
from accounts.roles import Role
from reviews.services import duty_report_save
from tests import factories as budget_factories
from tests.factories import ContractFactory, EngagementFactory, OpinionFactory, make_user

# area key → (government unit, its kind, its level, the area it sits in)
AREAS = {
    "hunan": ("湖南省人民政府", Unit.Kind.PROVINCE_GOV, Unit.Level.PROVINCE, None),
    "zhuzhou": ("株洲市人民政府", Unit.Kind.CITY_GOV, Unit.Level.CITY, "hunan"),
    "changsha": ("长沙市人民政府", Unit.Kind.CITY_GOV, Unit.Level.CITY, "hunan"),
    "liling": ("醴陵市人民政府", Unit.Kind.COUNTY_GOV, Unit.Level.COUNTY, "zhuzhou"),
    "youxian": ("攸县人民政府", Unit.Kind.COUNTY_GOV, Unit.Level.COUNTY, "zhuzhou"),
}
# The offices whose staff work for the area's jurisdiction; the province has its justice department only.
OFFICES = {"bureau": (Role.BUREAU, "司法局"), "finance": (Role.FINANCE, "财政局"), "auditor": (Role.AUDITOR, "审计局")}
RECORD_KINDS = ("engagement", "adviser", "contract", "opinion", "budget", "duty_report")


@dataclass
class Area:
    key: str
    government: Unit
    unit: Unit  # the budget unit holding the area's records
    users: dict = field(default_factory=dict)  # "bureau", "finance", "auditor", "officer"
    records: dict = field(default_factory=dict)  # by RECORD_KINDS


def _prefix(government: Unit) -> str:
    return government.name.removesuffix("人民政府")


def _records(area: Area) -> dict:
    unit, officer = area.unit, area.users["officer"]
    prefix = _prefix(area.government)
    engagement = EngagementFactory(
        unit=unit, adviser__name=f"{prefix}顾问", adviser__jurisdiction=area.government.jurisdiction
    )
    adviser = engagement.adviser
    records = {
        "engagement": engagement,
        "adviser": adviser,
        "contract": ContractFactory(adviser=adviser, unit=unit, engagement=engagement, number=f"HT-{area.key}"),
        "opinion": OpinionFactory(adviser=adviser, unit=unit, subject=f"{prefix}合同审查意见"),
        "duty_report": duty_report_save(engagement=engagement, year=2025, summary=f"{prefix}履职报告", actor=officer),
    }
    # Reviewed by the area's own bureau (the province reviews its own level's units), ready for approval.
    records["budget"] = budget_factories.reviewed(
        officer, area.users["bureau"], year=2025, title=f"{prefix}2025年度法律服务经费预算"
    )
    return records


def build() -> dict[str, Area]:
    areas: dict[str, Area] = {}
    for key, (name, kind, level, above) in AREAS.items():
        government = Unit.objects.create(
            name=name, kind=kind, level=level, parent=areas[above].government if above else None
        )
        prefix = _prefix(government)
        if key == "hunan":
            unit = Unit.objects.create(name="湖南省交通运输厅", parent=government, level=level, is_budget_unit=True)
            area = Area(key, government, unit)
            office = Unit.objects.create(name="湖南省司法厅", parent=government, level=level)
            area.users["bureau"] = make_user(f"{key}_bureau", Role.BUREAU, office)
        else:
            unit = Unit.objects.create(
                name=f"{prefix}住房和城乡建设局", parent=government, level=level, is_budget_unit=True
            )
            area = Area(key, government, unit)
            for office_key, (role, office_name) in OFFICES.items():
                office = Unit.objects.create(name=f"{prefix}{office_name}", parent=government, level=level)
                area.users[office_key] = make_user(f"{key}_{office_key}", role, office)
        area.users["officer"] = make_user(f"{key}_officer", Role.OFFICER, unit)
        areas[key] = area
    for area in areas.values():
        area.records = _records(area)
    return areas
