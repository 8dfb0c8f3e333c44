"""Tables without a workflow of their own are written in the admin through accounts.services (record_save,
record_delete, record_relate): validated, in the audit trail as the user; workflow rows are read-only there."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from reviews.models import DutyReport, InspectionCampaign, VetoItem
from tests.factories import InspectionCampaignFactory
from tests.world import unit_records


def _trail(model, pk):
    content_type = ContentType.objects.get_for_model(model)
    return LogEntry.objects.filter(content_type=content_type, object_pk=str(pk)).order_by("pk")


def test_a_veto_item_added_in_the_admin_is_in_the_audit_trail_as_the_bureau(client_for, bureau):
    response = client_for(bureau).post(
        reverse("admin:reviews_vetoitem_add"), {"code": "bribery", "name": "行贿受贿", "is_active": "on"}
    )

    assert response.status_code == 302
    item = VetoItem.objects.get(code="bribery")
    assert [(entry.action, entry.actor_id) for entry in _trail(VetoItem, item.pk)] == [
        (LogEntry.Action.CREATE, bureau.pk)
    ]


def test_a_veto_item_deleted_in_the_admin_is_in_the_audit_trail_as_the_bureau(client_for, bureau):
    item = VetoItem.objects.create(code="bribery", name="行贿受贿")

    response = client_for(bureau).post(reverse("admin:reviews_vetoitem_delete", args=[item.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not VetoItem.objects.filter(pk=item.pk).exists()
    assert _trail(VetoItem, item.pk).last().action == LogEntry.Action.DELETE
    assert _trail(VetoItem, item.pk).last().actor_id == bureau.pk


def test_a_campaigns_team_set_in_the_admin_is_recorded_with_who_set_it(client_for, bureau):
    campaign = InspectionCampaignFactory()
    data = {
        "jurisdiction": campaign.jurisdiction_id,
        "year": campaign.year,
        "title": campaign.title,
        "started_on": campaign.started_on.isoformat(),
        "staff": [bureau.pk],
    }

    response = client_for(bureau).post(reverse("admin:reviews_inspectioncampaign_change", args=[campaign.pk]), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(campaign.staff.all()) == [bureau]
    event = _trail(InspectionCampaign, campaign.pk).filter(action=LogEntry.Action.ACCESS).get()
    assert event.actor_id == bureau.pk
    assert event.additional_data == {"event": "relations_set", "field": "staff", "ids": [bureau.pk]}


def test_the_bureau_changes_a_duty_report_only_in_the_portal(client_for, bureau, engagement_a, officer_a):
    report = unit_records(engagement_a, officer_a)["report"]
    url = reverse("admin:reviews_dutyreport_change", args=[report.pk])
    client = client_for(bureau)

    assert client.get(url).status_code == 200
    assert client.post(url, {"summary": "改"}).status_code == 403
    assert DutyReport.objects.get().summary == "全年审查合同12份。"
