"""The admin asks the same policies: officers see their unit's rows only, auditors change nothing."""

import pytest
from django.urls import reverse

from reviews.models import DutyReport, UnitInspection
from tests.world import unit_records


@pytest.fixture
def records(engagement_a, officer_a):
    return unit_records(engagement_a, officer_a)


@pytest.mark.parametrize(
    "model",
    [
        "dutyreport",
        "assessment",
        "unitworkreport",
        "unitinspection",
        "rectificationitem",
        "assessmentscheme",
        "vetoitem",
    ],
)
def test_the_bureau_opens_every_changelist(client_for, bureau, records, model):
    assert client_for(bureau).get(reverse(f"admin:reviews_{model}_changelist")).status_code == 200


def test_an_officer_sees_only_their_units_reports_and_gets_404_for_another(
    client_for, officer_a, officer_b, records, engagement_b
):
    from reviews.services import duty_report_save

    other = duty_report_save(engagement=engagement_b, year=2025, summary="乙", actor=officer_b)
    response = client_for(officer_a).get(reverse("admin:reviews_dutyreport_changelist"))
    assert list(response.context["cl"].queryset) == [records["report"]]
    assert client_for(officer_a).get(reverse("admin:reviews_dutyreport_change", args=[other.pk])).status_code == 404


def test_auditors_read_reports_in_the_admin_but_cannot_change_them(client_for, auditor, records):
    url = reverse("admin:reviews_dutyreport_change", args=[records["report"].pk])
    client = client_for(auditor)
    assert client.get(url).status_code == 200
    assert client.post(url, {"summary": "改"}).status_code == 403
    assert DutyReport.objects.get().summary == "全年审查合同12份。"


def test_the_reminder_log_is_read_only_even_for_the_bureau(client_for, bureau, db):
    client = client_for(bureau)
    assert client.get(reverse("admin:reviews_reminderlog_changelist")).status_code == 200
    assert client.get(reverse("admin:reviews_reminderlog_add")).status_code == 403


def test_weights_that_do_not_add_up_are_refused_in_the_admin(client_for, bureau, db):
    from reviews.services import scheme_for_year

    scheme = scheme_for_year(2025)
    criteria = list(scheme.criteria.all())
    data = {
        "year": 2025,
        "excellent_min": "90",
        "competent_min": "75",
        "basic_min": "60",
        "criteria-TOTAL_FORMS": len(criteria),
        "criteria-INITIAL_FORMS": len(criteria),
        "criteria-MIN_NUM_FORMS": 0,
        "criteria-MAX_NUM_FORMS": 1000,
    }
    for n, c in enumerate(criteria):
        data.update(
            {
                f"criteria-{n}-id": c.pk,
                f"criteria-{n}-scheme": scheme.pk,
                f"criteria-{n}-order": c.order,
                f"criteria-{n}-code": c.code,
                f"criteria-{n}-name": c.name,
                f"criteria-{n}-weight": "30",
            }
        )
    response = client_for(bureau).post(reverse("admin:reviews_assessmentscheme_change", args=[scheme.pk]), data)
    assert response.status_code == 200
    assert "各项指标权重合计为 150，应合计为 100。" in response.content.decode()


def test_the_campaign_page_searches_advisers_instead_of_listing_them(client_for, bureau, records, engagement_b):
    campaign = records["inspection"].campaign
    campaign.advisers.add(records["engagement"].adviser)
    page = client_for(bureau).get(reverse("admin:reviews_inspectioncampaign_change", args=[campaign.pk])).content
    page = page.decode()
    assert 'data-field-name="advisers"' in page and "admin-autocomplete" in page
    assert "唐立新</option>" in page and "贺振华" not in page  # the chosen adviser only


def test_an_officer_cannot_move_a_rectification_item_to_another_units_inspection(
    client_for, officer_a, records, unit_b
):
    item = records["item"]
    other = UnitInspection.objects.create(
        campaign=records["inspection"].campaign,
        unit=unit_b,
        inspected_on=item.inspection.inspected_on,
        text_quality=60,
        procedure=60,
        risk_warning=60,
        performance=60,
        archives=60,
    )
    url = reverse("admin:reviews_rectificationitem_change", args=[item.pk])
    client = client_for(officer_a)
    page = client.get(url).content.decode()
    assert 'data-field-name="inspection"' in page and "市交通运输局" not in page
    data = {
        "inspection": other.pk,
        "dimension": item.dimension,
        "description": item.description,
        "due_date": "2026-03-31",
        "status": item.status,
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    item.refresh_from_db()
    assert item.inspection_id == records["inspection"].pk
