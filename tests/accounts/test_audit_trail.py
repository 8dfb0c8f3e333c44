from auditlog.models import LogEntry
from django.urls import reverse

from accounts.models import Unit


def test_a_change_through_the_admin_leaves_an_audit_row_with_before_and_after(client_for, bureau, unit_a, city):
    response = client_for(bureau).post(
        reverse("admin:accounts_unit_change", args=[unit_a.pk]),
        {
            "name": "市住房和城乡建设局（新）",
            "kind": "department",
            "level": "city",
            "parent": city.pk,
            "is_budget_unit": "on",
            "credit_code": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = LogEntry.objects.get_for_object(unit_a).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == bureau
    assert entry.changes["name"] == ["市住房和城乡建设局", "市住房和城乡建设局（新）"]


def test_create_and_delete_are_audited(bureau, city):
    from audit.trail import acting_as

    with acting_as(bureau):
        unit = Unit.objects.create(name="临时单位", parent=city)
        pk = unit.pk
        unit.delete()
    actions = list(
        LogEntry.objects.filter(object_pk=str(pk), content_type__model="unit").values_list("action", "actor")
    )
    assert (LogEntry.Action.CREATE, bureau.pk) in actions
    assert (LogEntry.Action.DELETE, bureau.pk) in actions


def test_nobody_can_edit_or_delete_audit_rows_in_the_admin(client_for, bureau, auditor, unit_a):
    entry = LogEntry.objects.get_for_object(unit_a).first()
    for user in (bureau, auditor):
        client = client_for(user)
        assert client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk])).status_code == 200
        assert client.post(reverse("admin:auditlog_logentry_change", args=[entry.pk]), {}).status_code == 403
        assert (
            client.post(reverse("admin:auditlog_logentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
        )
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_officers_cannot_read_the_audit_trail(client_for, officer_a):
    assert client_for(officer_a).get(reverse("admin:auditlog_logentry_changelist")).status_code == 403


def test_failed_logins_are_audited(client, officer_a):
    client.post(reverse("login"), {"username": "officer_a", "password": "wrong"})
    assert LogEntry.objects.filter(additional_data__event="login_failed").exists()
