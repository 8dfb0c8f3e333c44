"""The jurisdiction scope rules (README, "Scope rules"), each tried both ways on a small province
(tests/world.py, `build_areas`): 湖南省 → 株洲市 (→ 醴陵市, 攸县) and 长沙市.

- a county bureau sees its county only; a city bureau reads and manages its counties, not another city;
- the province reads every city, changes only its own level's rows;
- a finance approver works on its own jurisdiction's budget units only (the city's does not see county requests);
- auditors read their area and never write;
- anything outside a user's area is a 404 on every surface: portal pages, the admin (change page,
  changelist, autocomplete, a forged related choice, the xlsx export), PDFs, the dashboard, reminders
  and background report jobs.
"""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts.policy import CHANGE, VIEW, policy_for, visible
from advisers.models import Adviser, Engagement, LegalOpinion
from budgets import services as budget_services
from budgets.models import BudgetRequest
from budgets.policies import APPROVE
from contracts.models import ServiceContract
from reports.models import ReportJob
from reviews.models import DutyReport, ReminderKind
from reviews.reminders import reminder_plan, reminder_send_batch
from tests.conftest import built_once
from tests.factories import AdviserFactory, amounts, pdf_bytes
from tests.world import RECORD_KINDS, build_areas

pytestmark = pytest.mark.django_db

MODELS = {
    "engagement": Engagement,
    "adviser": Adviser,
    "contract": ServiceContract,
    "opinion": LegalOpinion,
    "budget": BudgetRequest,
    "duty_report": DutyReport,
}
PORTAL_DETAIL = {
    "adviser": "advisers:detail",
    "engagement": "advisers:engagement",
    "contract": "contracts:detail",
    "budget": "budgets:request_detail",
    "duty_report": "reviews:duty_report_detail",
}


# Built once for the module (a few seconds); tests re-read the records they write to.
areas = built_once(build_areas)


def seen(user, kind, areas):
    """The areas whose record of this kind the user sees."""
    ids = set(visible(user, MODELS[kind]).values_list("pk", flat=True))
    return {key for key, area in areas.items() if area.records[kind].pk in ids}


def writable(user, kind, areas, action=CHANGE):
    policy = policy_for(MODELS[kind])
    return {key for key, area in areas.items() if policy.can(user, action, area.records[kind])}


# -- Bureaus -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_a_county_bureau_sees_its_county_only(areas, kind):
    assert seen(areas["liling"].users["bureau"], kind, areas) == {"liling"}
    assert seen(areas["youxian"].users["bureau"], kind, areas) == {"youxian"}


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_a_city_bureau_sees_its_city_and_its_counties_not_another_city(areas, kind):
    assert seen(areas["zhuzhou"].users["bureau"], kind, areas) == {"zhuzhou", "liling", "youxian"}
    assert seen(areas["changsha"].users["bureau"], kind, areas) == {"changsha"}


def test_a_county_bureau_sees_the_units_of_its_county_only(areas):
    from accounts.models import Unit

    units = set(visible(areas["liling"].users["bureau"], Unit).values_list("name", flat=True))
    assert "醴陵市住房和城乡建设局" in units and "醴陵市人民政府" in units
    assert not units & {"攸县住房和城乡建设局", "株洲市住房和城乡建设局", "株洲市人民政府", "长沙市住房和城乡建设局"}


def test_a_city_bureau_manages_its_counties_records_not_another_citys(areas, client_for):
    bureau = areas["zhuzhou"].users["bureau"]
    assert writable(bureau, "engagement", areas) == {"zhuzhou", "liling", "youxian"}
    engagement = areas["liling"].records["engagement"]
    url = reverse("admin:advisers_engagement_change", args=[engagement.pk])
    client = client_for(bureau)
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' in page.content.decode()
    data = _engagement_form(page)
    data["letter_no"] = "醴司聘〔2025〕7号"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    engagement.refresh_from_db()
    assert engagement.letter_no == "醴司聘〔2025〕7号"
    other = areas["changsha"].records["engagement"]
    assert client.post(reverse("admin:advisers_engagement_change", args=[other.pk]), data).status_code == 404


def test_a_county_bureau_cannot_change_the_city_above_it(areas):
    assert writable(areas["liling"].users["bureau"], "engagement", areas) == {"liling"}


# -- The province ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_the_province_reads_every_city_and_county(areas, kind):
    assert seen(areas["hunan"].users["bureau"], kind, areas) == set(areas)


def test_the_province_changes_its_own_levels_records_only(areas, client_for):
    province = areas["hunan"].users["bureau"]
    assert writable(province, "engagement", areas) == {"hunan"}
    assert writable(province, "opinion", areas) == {"hunan"}
    client = client_for(province)
    city_engagement = areas["zhuzhou"].records["engagement"]
    url = reverse("admin:advisers_engagement_change", args=[city_engagement.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()  # read only
    data = _engagement_form(
        client.get(reverse("admin:advisers_engagement_change", args=[areas["hunan"].records["engagement"].pk]))
    )
    data["letter_no"] = "湘司聘〔2025〕1号"
    assert client.post(url, data).status_code == 403
    city_engagement.refresh_from_db()
    assert city_engagement.letter_no != "湘司聘〔2025〕1号"
    own = areas["hunan"].records["engagement"]
    data = _engagement_form(client.get(reverse("admin:advisers_engagement_change", args=[own.pk])))
    data["letter_no"] = "湘司聘〔2025〕1号"
    assert client.post(reverse("admin:advisers_engagement_change", args=[own.pk]), data).status_code == 302
    own.refresh_from_db()
    assert own.letter_no == "湘司聘〔2025〕1号"


def test_the_province_reviews_no_citys_budget_request(areas):
    from budgets.policies import REVIEW

    assert writable(areas["hunan"].users["bureau"], "budget", areas, REVIEW) == {"hunan"}
    assert writable(areas["zhuzhou"].users["bureau"], "budget", areas, REVIEW) == {"zhuzhou", "liling", "youxian"}


# -- Finance -----------------------------------------------------------------------------------------


def test_a_county_finance_approver_sees_and_approves_its_countys_requests_only(areas, client_for):
    finance = areas["liling"].users["finance"]
    assert seen(finance, "budget", areas) == {"liling"}
    assert writable(finance, "budget", areas, APPROVE) == {"liling"}
    client = client_for(finance)
    queue = client.get(reverse("budgets:approval_queue")).content.decode()
    assert "醴陵市住房和城乡建设局" in queue
    assert "攸县住房和城乡建设局" not in queue and "株洲市住房和城乡建设局" not in queue
    own = areas["liling"].records["budget"]
    budget_services.budget_request_approve(request=own, actor=finance, line_amounts=amounts(own, "recommended_amount"))
    assert BudgetRequest.objects.get(pk=own.pk).status == BudgetRequest.Status.APPROVED
    sibling = areas["youxian"].records["budget"]
    response = client.post(reverse("budgets:request_approve", args=[sibling.pk]), {"version": sibling.version})
    assert response.status_code == 404
    assert BudgetRequest.objects.get(pk=sibling.pk).status == BudgetRequest.Status.REVIEWED


def test_the_city_finance_approver_sees_the_citys_own_requests_not_its_counties_nor_another_citys(areas, client_for):
    # Each level's finance bureau approves its own budget units (README, "Scope rules").
    finance = areas["zhuzhou"].users["finance"]
    assert seen(finance, "budget", areas) == {"zhuzhou"}
    assert writable(finance, "budget", areas, APPROVE) == {"zhuzhou"}
    client = client_for(finance)
    for key in ("liling", "changsha"):
        url = reverse("budgets:request_detail", args=[areas[key].records["budget"].pk])
        assert client.get(url).status_code == 404, key


# -- Auditors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_auditors_read_their_area(areas, kind):
    assert seen(areas["zhuzhou"].users["auditor"], kind, areas) == {"zhuzhou", "liling", "youxian"}
    assert seen(areas["liling"].users["auditor"], kind, areas) == {"liling"}


def test_auditors_never_write(areas, client_for):
    for key in ("zhuzhou", "liling"):
        auditor = areas[key].users["auditor"]
        for kind in ("engagement", "opinion", "contract"):
            assert writable(auditor, kind, areas) == set(), (key, kind)
        client = client_for(auditor)
        engagement = areas["liling"].records["engagement"]
        url = reverse("admin:advisers_engagement_change", args=[engagement.pk])
        assert client.get(url).status_code == 200
        assert client.post(url, {"letter_no": "x"}).status_code == 403
        opinion = areas["liling"].records["opinion"]
        assert client.post(reverse("advisers:opinion_edit", args=[opinion.pk]), {}).status_code == 403
    assert Engagement.objects.filter(letter_no="x").count() == 0


# -- Outside the area: a 404 on every surface ----------------------------------------------------------

# (user's area, the other area): a sibling county, the city above a county, another city.
OUTSIDE = [("liling", "youxian"), ("liling", "zhuzhou"), ("zhuzhou", "changsha"), ("liling", "changsha")]


@pytest.mark.parametrize("mine,other", OUTSIDE)
@pytest.mark.parametrize("office", ["bureau", "auditor", "officer"])
def test_another_areas_portal_pages_are_a_404(areas, client_for, mine, other, office):
    client = client_for(areas[mine].users[office])
    for kind, name in PORTAL_DETAIL.items():
        own = client.get(reverse(name, args=[areas[mine].records[kind].pk]))
        assert own.status_code == 200, (kind, own.status_code)
        assert client.get(reverse(name, args=[areas[other].records[kind].pk])).status_code == 404, kind


ADMIN_MODELS = {
    "engagement": "advisers_engagement",
    "contract": "contracts_servicecontract",
    "opinion": "advisers_legalopinion",
    "budget": "budgets_budgetrequest",
    "adviser": "advisers_adviser",
    "duty_report": "reviews_dutyreport",
}


@pytest.mark.parametrize("mine,other", OUTSIDE)
def test_another_areas_admin_pages_are_a_404_and_its_rows_are_not_listed(areas, client_for, mine, other):
    client = client_for(areas[mine].users["bureau"])
    for kind, info in ADMIN_MODELS.items():
        assert client.get(reverse(f"admin:{info}_change", args=[areas[mine].records[kind].pk])).status_code == 200
        assert client.get(reverse(f"admin:{info}_change", args=[areas[other].records[kind].pk])).status_code == 404
        changelist = client.get(reverse(f"admin:{info}_changelist"))
        ids = {obj.pk for obj in changelist.context["cl"].result_list}
        assert areas[mine].records[kind].pk in ids and areas[other].records[kind].pk not in ids, kind


@pytest.mark.parametrize("mine,other", OUTSIDE)
def test_the_admin_autocomplete_offers_nothing_of_another_area(areas, client_for, mine, other):
    client = client_for(areas[mine].users["bureau"])

    def found(model_name, field_name, term):
        response = client.get(
            "/admin/autocomplete/",
            {"app_label": "advisers", "model_name": model_name, "field_name": field_name, "term": term},
        )
        assert response.status_code == 200, response.content[:300]
        return {row["text"] for row in response.json()["results"]}

    mine_unit, other_unit = areas[mine].unit.name, areas[other].unit.name
    assert mine_unit in found("engagement", "unit", mine_unit[:2])
    assert found("engagement", "unit", other_unit[:2]) & {other_unit} == set()
    assert found("engagement", "adviser", areas[other].records["adviser"].name) == set()
    assert areas[mine].records["adviser"].name in found("engagement", "adviser", areas[mine].records["adviser"].name)


@pytest.mark.parametrize("mine,other", OUTSIDE)
def test_a_forged_choice_of_another_areas_unit_saves_nothing(areas, client_for, mine, other):
    client = client_for(areas[mine].users["bureau"])
    adviser = areas[mine].records["adviser"]
    data = {
        "adviser": adviser.pk,
        "unit": areas[other].unit.pk,
        "role": Engagement.Role.UNIT_ADVISER,
        "kind": Engagement.Kind.STANDING,
        "start_date": "2025-01-01",
        "end_date": "2026-12-31",
        "status": Engagement.Status.ACTIVE,
        "selection_method": "public_selection",
        "selection_completed_on": "2024-12-01",
    }
    before = Engagement.objects.count()
    response = client.post(reverse("admin:advisers_engagement_add"), data)
    assert response.status_code == 200
    assert "unit" in response.context["adminform"].form.errors
    assert Engagement.objects.count() == before
    # The same form with the user's own unit saves: the refusal is the unit, not a bad form.
    newcomer = AdviserFactory(name="新顾问", jurisdiction=areas[mine].government.jurisdiction)
    own = {**data, "unit": areas[mine].unit.pk, "adviser": newcomer.pk}
    response = client.post(reverse("admin:advisers_engagement_add"), own)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Engagement.objects.count() == before + 1


@pytest.mark.parametrize("mine,other", OUTSIDE)
def test_the_xlsx_export_has_no_row_of_another_area(areas, client_for, mine, other):
    client = client_for(areas[mine].users["bureau"])
    response = client.post(
        reverse("admin:contracts_servicecontract_export"),
        {"format": "0", "servicecontractresource_unit": "on", "servicecontractresource_number": "on"},
    )
    assert response.status_code == 200, response.content[:500]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    numbers = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert areas[mine].records["contract"].number in numbers
    assert areas[other].records["contract"].number not in numbers


@pytest.mark.parametrize("mine,other", OUTSIDE)
@pytest.mark.parametrize("key", ["adviser-performance", "work-report", "inspection-letter"])
def test_another_areas_pdf_is_a_404(areas, client_for, mine, other, key):
    client = client_for(areas[mine].users["auditor"])
    response = client.get(reverse("reports:export", args=[key]), {"year": 2025, "unit": areas[other].unit.pk})
    assert response.status_code == 404
    if key != "inspection-letter":  # the unit was not inspected: its own letter is a form error
        own = client.get(reverse("reports:export", args=[key]), {"year": 2025, "unit": areas[mine].unit.pk})
        assert own.status_code == 200, own.content[:300]


@pytest.mark.parametrize("mine,other", OUTSIDE)
@pytest.mark.parametrize("office", ["auditor", "finance"])
def test_another_areas_unit_in_the_fee_summary_is_a_404(areas, client_for, mine, other, office):
    client = client_for(areas[mine].users[office])
    url = reverse("reports:export", args=["budget-summary"])
    params = {"year": 2025, "through_quarter": 4}
    assert client.get(url, {**params, "units": [areas[mine].unit.pk]}).status_code == 200
    assert client.get(url, {**params, "units": [areas[mine].unit.pk, areas[other].unit.pk]}).status_code == 404


@pytest.mark.parametrize(
    "key,office,expected",
    [
        ("liling", "auditor", {"liling"}),
        # The summary counts one level of government (本级): the counties have rows of their own on the
        # statistics page (budgets.fee_statistics), and their units can be chosen in the form.
        ("zhuzhou", "auditor", {"zhuzhou"}),
        ("zhuzhou", "finance", {"zhuzhou"}),
        ("changsha", "bureau", {"changsha"}),
    ],
)
def test_the_fee_summary_names_the_budget_units_of_ones_area_only(areas, client_for, key, office, expected):
    from tests.reports.demo import pdf_text

    for area in areas.values():
        if "finance" in area.users:
            request = BudgetRequest.objects.get(pk=area.records["budget"].pk)
            budget_services.budget_request_approve(
                request=request, actor=area.users["finance"], line_amounts=amounts(request, "recommended_amount")
            )
    response = client_for(areas[key].users[office]).get(
        reverse("reports:export", args=["budget-summary"]), {"year": 2025, "through_quarter": 4}
    )
    assert response.status_code == 200, response.content[:300]
    text = "".join(pdf_text(response.content).split())  # names wrap across lines
    named = {other for other, area in areas.items() if area.unit.name in text}
    assert named == expected


@pytest.mark.parametrize(
    "key,issuer", [("liling", "醴陵市司法局"), ("zhuzhou", "株洲市司法局"), ("hunan", "湖南省司法厅")]
)
def test_a_summary_is_issued_by_the_bureau_of_the_readers_jurisdiction(areas, client_for, key, issuer):
    from tests.reports.demo import pdf_text

    response = client_for(areas[key].users["bureau"]).get(
        reverse("reports:export", args=["budget-summary"]), {"year": 2025, "through_quarter": 4}
    )
    text = "".join(pdf_text(response.content).split())
    assert [name for name in ("醴陵市司法局", "株洲市司法局", "湖南省司法厅") if name in text] == [issuer]


def test_the_dashboard_figures_are_each_bureaus_own_even_from_a_warm_cache(areas, client_for):
    def figures(key):
        context = client_for(areas[key].users["bureau"]).get(reverse("reports:dashboard")).context
        return context["coverage"]["total"], context["opinions"]["total"], context["reports"]["due"]

    first = {key: figures(key) for key in ("zhuzhou", "liling", "youxian", "changsha", "hunan")}
    # Units: each area's own (government, offices, the budget unit); opinions: one per area.
    assert first["liling"] == (5, 1, first["liling"][2])
    assert first["zhuzhou"][:2] == (15, 3)
    assert first["changsha"][:2] == (5, 1)
    assert first["hunan"][:2] == (23, 5)
    # The same answers again, now every figure is cached: no bureau is answered with another's.
    assert {key: figures(key) for key in first} == first


def test_a_contract_inspection_team_is_read_in_its_organising_units_area(areas):
    from advisers.models import InspectionParticipation

    def team(key):
        area = areas[key]
        return InspectionParticipation.objects.create(
            adviser=area.records["adviser"], unit=area.unit, year=2025, date=dt.date(2025, 9, 10)
        ).pk

    ids = {key: team(key) for key in ("zhuzhou", "liling", "changsha")}

    def seen_by(key):
        pks = set(visible(areas[key].users["bureau"], InspectionParticipation).values_list("pk", flat=True))
        return {k for k, pk in ids.items() if pk in pks}

    assert seen_by("zhuzhou") == {"zhuzhou", "liling"}
    assert seen_by("liling") == {"liling"}
    assert seen_by("changsha") == {"changsha"}
    assert seen_by("hunan") == set(ids)


def test_a_citys_executive_meetings_are_read_in_its_area_only(areas):
    from advisers.models import ExecutiveMeeting, MeetingAttendance
    from tests.factories import AttendanceFactory

    zhuzhou = areas["zhuzhou"].government.jurisdiction
    attendance = AttendanceFactory(adviser=areas["zhuzhou"].records["adviser"], meeting__jurisdiction=zhuzhou)
    for key, sees in (("zhuzhou", True), ("hunan", True), ("changsha", False), ("liling", False)):
        bureau = areas[key].users["bureau"]
        assert visible(bureau, ExecutiveMeeting).filter(pk=attendance.meeting_id).exists() is sees, key
        assert visible(bureau, MeetingAttendance).filter(pk=attendance.pk).exists() is sees, key


def test_county_progress_lists_the_counties_of_ones_own_area(areas, client_for):
    def counties(key, page):
        response = client_for(areas[key].users["bureau"]).get(reverse(page), {"year": 2025})
        return {row["county"].name for row in response.context["counties"]}

    for page in ("reviews:overview", "reviews:work_reports"):
        assert counties("zhuzhou", page) == {"醴陵市人民政府", "攸县人民政府"}
        assert counties("liling", page) == {"醴陵市人民政府"}
        assert counties("changsha", page) == set()
        assert counties("hunan", page) == {"醴陵市人民政府", "攸县人民政府"}


def test_inspection_averages_are_over_ones_own_area(areas, client_for):
    from reviews.models import InspectionCampaign, UnitInspection

    # The province's campaign inspects units of three areas; each bureau averages what it may see.
    hunan = areas["hunan"].government.jurisdiction
    campaign = InspectionCampaign.objects.create(
        jurisdiction=hunan, year=2025, title="2025年度合同专项清查", started_on=dt.date(2025, 9, 1)
    )
    for key, score in (("liling", 60), ("youxian", 90), ("changsha", 80)):
        UnitInspection.objects.create(
            campaign=campaign,
            unit=areas[key].unit,
            inspected_on=dt.date(2025, 9, 10),
            text_quality=score,
            procedure=score,
            risk_warning=score,
            performance=score,
            archives=score,
        )

    def averages(key, page):
        context = client_for(areas[key].users["bureau"]).get(reverse(page), {"year": 2025}).context
        return context["averages"]["units"], context["averages"]["overall"]

    for page in ("reviews:overview", "reviews:inspections", "reports:dashboard"):
        assert averages("hunan", page) == (3, Decimal("76.7")), page
    # A city's own campaign of its counties' units: the city averages both, a county its own, never the other's.
    zhuzhou = areas["zhuzhou"].government.jurisdiction
    campaign = InspectionCampaign.objects.create(
        jurisdiction=zhuzhou, year=2025, title="2025年度全市合同专项清查", started_on=dt.date(2025, 9, 1)
    )
    for key, score in (("liling", 60), ("youxian", 90)):
        UnitInspection.objects.create(
            campaign=campaign,
            unit=areas[key].unit,
            inspected_on=dt.date(2025, 9, 10),
            text_quality=score,
            procedure=score,
            risk_warning=score,
            performance=score,
            archives=score,
        )
    for page in ("reviews:overview", "reviews:inspections", "reports:dashboard"):
        assert averages("zhuzhou", page) == (2, 75), page


def test_a_county_bureaus_overdue_list_names_its_countys_reports_only(areas):
    day = dt.date(2026, 1, 2)
    plan = [batch for batch in reminder_plan(day=day) if batch.kind == ReminderKind.REPORTS_OVERDUE]
    recipients = {pk for batch in plan for pk in batch.recipient_ids}
    bureaus = {key: areas[key].users["bureau"] for key in areas}
    assert recipients == {user.pk for user in bureaus.values()}
    for batch in plan:
        reminder_send_batch(kind=batch.kind, day=day, recipient_ids=batch.recipient_ids)
    bodies = {
        key: user.notices.get(kind=f"reminder:{ReminderKind.REPORTS_OVERDUE}").body for key, user in bureaus.items()
    }
    name = {key: area.records["adviser"].name for key, area in areas.items()}

    def listed(key):
        return {other for other in areas if name[other] in bodies[key]}

    assert listed("liling") == {"liling"}
    assert listed("youxian") == {"youxian"}
    assert listed("zhuzhou") == {"zhuzhou", "liling", "youxian"}
    assert listed("changsha") == {"changsha"}
    assert listed("hunan") == set(areas)


def test_a_county_with_nothing_overdue_gets_no_overdue_list(areas):
    from reviews.services import duty_report_submit

    area = areas["youxian"]
    duty_report_submit(report=area.records["duty_report"], actor=area.users["officer"])
    day = dt.date(2026, 1, 2)
    recipients = {
        pk for b in reminder_plan(day=day) if b.kind == ReminderKind.REPORTS_OVERDUE for pk in b.recipient_ids
    }
    assert area.users["bureau"].pk not in recipients
    assert areas["liling"].users["bureau"].pk in recipients


def test_another_users_report_job_is_a_404(areas, client_for):
    owner = areas["youxian"].users["bureau"]
    job = ReportJob.objects.create(requested_by=owner, kind="work-report", status=ReportJob.Status.DONE, progress=100)
    job.file.save("r.pdf", ContentFile(pdf_bytes()), save=True)
    assert client_for(owner).get(reverse("reports:job", args=[job.pk])).status_code == 200
    for key in ("liling", "zhuzhou", "hunan"):
        client = client_for(areas[key].users["bureau"])
        for name in ("reports:job", "reports:job_status", "reports:job_download"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404, (key, name)


def _engagement_form(page) -> dict:
    """The admin change form's current values, as the browser would post them back."""
    form = page.context["adminform"].form
    data = {}
    for name, _bound in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = value
    return data


def test_view_is_what_policy_scope_returns(areas):
    """The helper the tests above use agrees with the policy's own object check."""
    user = areas["liling"].users["bureau"]
    for kind in RECORD_KINDS:
        policy = policy_for(MODELS[kind])
        assert {k for k, a in areas.items() if policy.can(user, VIEW, a.records[kind])} == seen(user, kind, areas)
