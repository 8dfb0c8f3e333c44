"""Auditors read everything and change nothing: every write is a 403."""

from django.urls import reverse

from accounts.models import Unit


def test_auditor_can_read_every_unit_in_the_admin(client_for, auditor, unit_a, unit_b):
    client = client_for(auditor)
    assert client.get(reverse("admin:accounts_unit_change", args=[unit_b.pk])).status_code == 200
    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 200


def test_auditor_cannot_add_change_or_delete(client_for, auditor, unit_a):
    client = client_for(auditor)
    assert (
        client.post(
            reverse("admin:accounts_unit_add"), {"name": "新单位", "kind": "department", "level": "city"}
        ).status_code
        == 403
    )
    assert client.post(reverse("admin:accounts_unit_change", args=[unit_a.pk]), {"name": "改名"}).status_code == 403
    assert client.post(reverse("admin:accounts_unit_delete", args=[unit_a.pk]), {"post": "yes"}).status_code == 403
    assert not Unit.objects.filter(name__in=["新单位", "改名"]).exists()
    assert Unit.objects.filter(pk=unit_a.pk).exists()


def test_finance_approver_does_not_reach_the_admin(client_for, finance):
    response = client_for(finance).get(reverse("admin:index"))
    assert response.status_code == 302  # to the admin login: finance works in the portal
