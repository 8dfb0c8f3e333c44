"""A unit legal officer sees only their unit and its sub-units; another unit's object is a 404."""

import pytest
from django.urls import reverse

from accounts.models import Notice, Unit, User
from accounts.policy import visible


def test_officer_sees_own_unit_and_sub_units_only(officer_a, unit_a, unit_a_child, unit_b):
    assert set(visible(officer_a, Unit)) == {unit_a, unit_a_child}


def test_bureau_and_auditor_see_every_unit(bureau, auditor, unit_a, unit_b, city):
    assert set(visible(bureau, Unit)) == set(visible(auditor, Unit)) == {city, unit_a, unit_b}


def test_moving_a_unit_moves_its_subtree(officer_a, unit_a, unit_a_child, unit_b):
    unit_a.parent = unit_b
    unit_a.save()
    unit_a_child.refresh_from_db()
    assert unit_a_child.path.startswith(unit_b.path)
    officer_in_next_request = User.objects.select_related("unit").get(pk=officer_a.pk)
    assert set(visible(officer_in_next_request, Unit)) == {unit_a, unit_a_child}


def test_officer_gets_404_for_another_units_object_in_the_admin(client_for, officer_a, unit_a, unit_b):
    client = client_for(officer_a)
    assert client.get(reverse("admin:accounts_unit_change", args=[unit_a.pk])).status_code == 200
    assert client.get(reverse("admin:accounts_unit_change", args=[unit_b.pk])).status_code == 404


def test_admin_changelist_lists_only_the_officers_units(client_for, officer_a, unit_a, unit_b):
    response = client_for(officer_a).get(reverse("admin:accounts_unit_changelist"))
    assert response.status_code == 200
    assert unit_a.name in response.content.decode()
    assert unit_b.name not in response.content.decode()


def test_officer_cannot_change_units(client_for, officer_a, unit_a):
    response = client_for(officer_a).post(reverse("admin:accounts_unit_change", args=[unit_a.pk]), {"name": "改名"})
    assert response.status_code == 403
    unit_a.refresh_from_db()
    assert unit_a.name == "市住房和城乡建设局"


def test_someone_elses_notice_is_a_404_in_the_portal(client_for, officer_a, officer_b):
    notice = Notice.objects.create(recipient=officer_b, kind="test", title="给B的通知")
    client = client_for(officer_a)
    assert client.post(reverse("portal:notice_read", args=[notice.pk])).status_code == 404
    assert "给B的通知" not in client.get(reverse("portal:notices")).content.decode()
    own = client_for(officer_b)
    assert own.post(reverse("portal:notice_read", args=[notice.pk])).status_code == 302
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_notice_read_refuses_get(client_for, officer_b):
    notice = Notice.objects.create(recipient=officer_b, kind="test", title="x")
    assert client_for(officer_b).get(reverse("portal:notice_read", args=[notice.pk])).status_code == 405


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login(client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
