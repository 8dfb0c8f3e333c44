"""Reference data belongs to a jurisdiction: a county uses its city's until it sets its own, a city without
any the province's; each bureau keeps its own; a county inspects its own units and signs its own letters;
a county government's work report goes to the city and is reviewed by the city's bureau."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.jurisdictions import effective
from accounts.models import Notice, Unit
from accounts.roles import Role
from advisers.models import AdviserSettings
from advisers.services import meeting_record
from budgets import selectors as budget_selectors
from budgets.models import BudgetLine, FeeStandard, GradeCoefficient, ItemType
from budgets.settlements import coefficient_for
from contracts.models import ContractRuleSettings, ProcurementBand
from contracts.rules import Context
from reviews.demo import inspection_campaign
from reviews.grades import Grade
from reviews.models import AssessmentScheme, UnitInspection, UnitWorkReport
from reviews.policies import REVIEW, WorkReportPolicy
from reviews.services import feedback_letter_compose, scheme_for_year, work_report_save, work_report_submit
from tests import factories
from tests.factories import make_user
from tests.reports.demo import export, pdf_text


@pytest.fixture
def county(city):
    return Unit.objects.create(name="醴陵市人民政府", parent=city, kind=Unit.Kind.COUNTY_GOV, level=Unit.Level.COUNTY)


@pytest.fixture
def county_bureau(county):
    unit = Unit.objects.create(name="醴陵市司法局", parent=county, level=Unit.Level.COUNTY)
    return make_user("liling", Role.BUREAU, unit)


@pytest.fixture
def county_officer(county):
    unit = Unit.objects.create(
        name="醴陵市住房和城乡建设局", parent=county, level=Unit.Level.COUNTY, is_budget_unit=True
    )
    return make_user("liling_officer", Role.OFFICER, unit)


@pytest.fixture
def province(db):
    """A second tree: the province (top level) and a city below it that has set nothing of its own."""
    root = Unit.objects.create(name="湖南省人民政府", kind=Unit.Kind.PROVINCE_GOV, level=Unit.Level.PROVINCE)
    return root.jurisdiction


@pytest.fixture
def xiangtan(province):
    return Unit.objects.create(
        name="湘潭市人民政府", parent=province.government, kind=Unit.Kind.CITY_GOV, level=Unit.Level.CITY
    ).jurisdiction


def _line_prices(officer) -> dict[str, Decimal]:
    request = factories.draft(officer)
    return dict(BudgetLine.objects.filter(request=request).values_list("item_type", "unit_price"))


# -- the lookup with inheritance ---------------------------------------------------------------------


def test_a_county_without_its_own_fee_standards_prices_its_lines_with_the_citys(city, county, county_officer):
    prices = _line_prices(county_officer)
    assert prices[ItemType.STANDING_COUNSEL] == factories.PRICES[ItemType.STANDING_COUNSEL]
    assert FeeStandard.objects.filter(jurisdiction=county.jurisdiction).count() == 0


def test_a_county_with_its_own_fee_standards_prices_its_lines_with_them(city, county, county_officer):
    own = {item: price / 2 for item, price in factories.PRICES.items()}
    factories.fee_standards(2025, jurisdiction=county.jurisdiction, prices=own)
    prices = _line_prices(county_officer)
    assert prices[ItemType.STANDING_COUNSEL] == own[ItemType.STANDING_COUNSEL]
    assert prices[ItemType.CONTRACT_REVIEW] == own[ItemType.CONTRACT_REVIEW]
    # The county's officer reads the standards in force for the county; the city's stay the city's.
    listed = budget_selectors.fee_standards(user=county_officer, year=2025)
    assert {s.jurisdiction_id for s in listed} == {county.jurisdiction.pk}
    assert (
        FeeStandard.objects.filter(jurisdiction=city.jurisdiction, item_type=ItemType.STANDING_COUNSEL)
        .get(year=2025)
        .unit_price
        == factories.PRICES[ItemType.STANDING_COUNSEL]
    )


def test_each_year_is_inherited_on_its_own(city, county):
    factories.fee_standards(2024, 2025)
    factories.fee_standards(2026, jurisdiction=county.jurisdiction)
    rows = effective(FeeStandard.objects.all(), county.jurisdiction, per=("year", "item_type"))
    owners = dict(rows.values_list("year", "jurisdiction"))
    assert owners == {2024: city.jurisdiction.pk, 2025: city.jurisdiction.pk, 2026: county.jurisdiction.pk}


def test_coefficients_rules_schemes_and_settings_follow_the_county_once_it_sets_them(city, county):
    county_j = county.jurisdiction
    assert coefficient_for(Grade.COMPETENT, county_j) == Decimal("0.90")  # the city's (the defaults)
    assert Context.load(county_j).max_term_months == 36
    assert Context.load(county_j).bands["public_selection"].jurisdiction_id == city.jurisdiction.pk
    assert AdviserSettings.for_jurisdiction(county_j).jurisdiction_id == city.jurisdiction.pk
    assert scheme_for_year(2025, county_j).jurisdiction_id == city.jurisdiction.pk

    GradeCoefficient.objects.create(jurisdiction=county_j, grade=Grade.COMPETENT, coefficient=Decimal("0.80"))
    ContractRuleSettings.objects.create(jurisdiction=county_j, max_term_months=24)
    ProcurementBand.objects.create(jurisdiction=county_j, method="public_selection", max_amount=Decimal("500000"))
    AdviserSettings.objects.create(jurisdiction=county_j, idle_months=3, ending_days=30)
    AssessmentScheme.objects.create(jurisdiction=county_j, year=2025, excellent_min=Decimal("95"))

    assert coefficient_for(Grade.COMPETENT, county_j) == Decimal("0.80")
    assert coefficient_for(Grade.COMPETENT, city.jurisdiction) == Decimal("0.90")
    context = Context.load(county_j)
    assert context.max_term_months == 24 and context.bands["public_selection"].max_amount == Decimal("500000")
    assert context.bands["open_tender"].jurisdiction_id == city.jurisdiction.pk  # the methods it left alone
    assert Context.load(city.jurisdiction).max_term_months == 36
    assert AdviserSettings.for_jurisdiction(county_j).idle_months == 3
    assert AdviserSettings.for_jurisdiction(city.jurisdiction).idle_months == 6
    assert scheme_for_year(2025, county_j).excellent_min == Decimal("95")
    assert scheme_for_year(2025, city.jurisdiction).jurisdiction_id == city.jurisdiction.pk


def test_the_provinces_defaults_apply_to_a_city_without_any(xiangtan, province):
    factories.fee_standards(2025, jurisdiction=province)
    rows = effective(FeeStandard.objects.filter(year=2025), xiangtan)
    assert rows.count() == len(factories.PRICES) and {r.jurisdiction_id for r in rows} == {province.pk}
    assert AdviserSettings.for_jurisdiction(xiangtan).jurisdiction_id == province.pk
    assert coefficient_for(Grade.EXCELLENT, xiangtan) == Decimal("1.00")
    assert Context.load(xiangtan).bands["open_tender"].jurisdiction_id == province.pk


# -- each bureau keeps its own --------------------------------------------------------------------


def test_a_county_bureau_cannot_change_the_citys_settings_but_adds_and_changes_its_own(
    client_for, city, county, county_bureau
):
    client = client_for(county_bureau)
    citys = AdviserSettings.for_jurisdiction(city.jurisdiction)
    change = reverse("admin:advisers_advisersettings_change", args=[citys.pk])
    assert client.get(change).status_code == 200  # the county reads the settings it inherits
    forged = {"jurisdiction": city.jurisdiction.pk, "idle_months": 2, "ending_days": 20, "max_units": 3}
    assert client.post(change, forged).status_code == 403

    add = reverse("admin:advisers_advisersettings_add")
    page = client.get(add).content.decode()
    assert f'<option value="{county.jurisdiction.pk}" selected' in page  # the user's own, offered by default
    assert f'<option value="{city.jurisdiction.pk}"' not in page  # not the city's (another field may hold its pk)
    refused = client.post(add, forged)
    assert refused.status_code == 200 and not AdviserSettings.objects.filter(idle_months=2).exists()

    own_values = {"jurisdiction": county.jurisdiction.pk, "idle_months": 4, "ending_days": 45, "max_units": 3}
    assert client.post(add, own_values).status_code == 302
    own = AdviserSettings.objects.get(jurisdiction=county.jurisdiction)
    assert AdviserSettings.for_jurisdiction(county.jurisdiction) == own
    own_change = reverse("admin:advisers_advisersettings_change", args=[own.pk])
    assert client.post(own_change, {**own_values, "idle_months": 5}).status_code == 302
    own.refresh_from_db()
    citys.refresh_from_db()
    assert own.idle_months == 5 and citys.idle_months == 6


def test_the_city_bureau_edits_its_counties_fee_standards_but_a_county_not_the_citys(
    client_for, bureau, city, county, county_bureau
):
    factories.fee_standards(2025)
    factories.fee_standards(2025, jurisdiction=county.jurisdiction)
    citys = FeeStandard.objects.get(jurisdiction=city.jurisdiction, year=2025, item_type=ItemType.LECTURE)
    countys = FeeStandard.objects.get(jurisdiction=county.jurisdiction, year=2025, item_type=ItemType.LECTURE)

    def post(user, standard):
        url = reverse("admin:budgets_feestandard_change", args=[standard.pk])
        data = {"jurisdiction": standard.jurisdiction_id, "year": 2025, "item_type": "lecture", "unit_price": "99"}
        return client_for(user).post(url, {**data, "measure": "场"}).status_code

    assert post(county_bureau, citys) == 403  # everyone reads the standards; only their keepers change them
    assert post(county_bureau, countys) == 302
    assert post(bureau, countys) == 302
    citys.refresh_from_db()
    assert citys.unit_price == factories.PRICES[ItemType.LECTURE]


# -- the county's own inspection letter ----------------------------------------------------------------


def test_the_county_inspection_letter_carries_the_county_bureau_and_its_own_number(client_for, county, county_bureau):
    campaign = inspection_campaign(county.jurisdiction, year=2025)
    assert list(campaign.staff.all()) == [county_bureau]
    inspected = Unit.objects.create(name="醴陵市交通运输局", parent=county, level=Unit.Level.COUNTY)
    inspection = UnitInspection.objects.create(
        campaign=campaign,
        unit=inspected,
        inspected_on=datetime.date(2025, 9, 10),
        contracts_checked=8,
        **{f: 80 for f in ["text_quality", "procedure", "risk_warning", "performance", "archives"]},
    )
    response = export(client_for(county_bureau), "inspection-letter", unit=inspected.pk, year=2025)
    assert response.status_code == 200, response.content[:300]
    text = re.sub(r"\s+", "", pdf_text(response.content))
    assert "醴陵市司法局" in text and "醴司函〔2025〕1号" in text
    assert "株洲市司法局" not in text and "株司函" not in text
    draft = feedback_letter_compose(inspection)
    assert "醴陵市司法局抽查了你单位合同8份" in draft and draft.endswith("醴陵市司法局")


def test_a_county_bureaus_meeting_is_its_governments(county, county_bureau):
    meeting = meeting_record(actor=county_bureau, date=datetime.date(2025, 5, 6), session_number=1)
    assert meeting.jurisdiction == county.jurisdiction


# -- work reports up the line --------------------------------------------------------------------------


def test_a_county_governments_report_is_reviewed_by_the_citys_bureau_not_a_countys(city, bureau, county, county_bureau):
    sibling = Unit.objects.create(name="攸县人民政府", parent=city, kind=Unit.Kind.COUNTY_GOV, level=Unit.Level.COUNTY)
    sibling_bureau = make_user("youxian", Role.BUREAU, Unit.objects.create(name="攸县司法局", parent=sibling))
    county_gov_officer = make_user("liling_gov", Role.OFFICER, county)
    report = work_report_submit(
        report=work_report_save(unit=county, year=2025, summary="醴陵市2025年度工作报告", actor=county_gov_officer),
        actor=county_gov_officer,
    )
    assert report.recipient == city
    notified = set(Notice.objects.filter(kind="work_report_submitted").values_list("recipient__username", flat=True))
    assert notified == {"bureau"}
    policy = WorkReportPolicy()
    assert policy.can(bureau, REVIEW, report)
    assert not policy.can(county_bureau, REVIEW, report)  # its own government's report goes above it
    assert not policy.can(sibling_bureau, REVIEW, report)


def test_a_county_units_report_is_reviewed_by_the_county_bureau(city, bureau, county, county_bureau):
    unit = Unit.objects.create(name="醴陵市教育局", parent=county, level=Unit.Level.COUNTY)
    officer = make_user("liling_edu", Role.OFFICER, unit)
    report = work_report_submit(
        report=work_report_save(unit=unit, year=2025, summary="教育局工作报告", actor=officer), actor=officer
    )
    assert report.recipient == county
    assert Notice.objects.filter(kind="work_report_submitted", recipient=county_bureau).exists()
    assert not Notice.objects.filter(kind="work_report_submitted", recipient=bureau).exists()
    assert WorkReportPolicy().can(county_bureau, REVIEW, report)
    assert not WorkReportPolicy().can(bureau, REVIEW, UnitWorkReport.objects.get(pk=report.pk))
