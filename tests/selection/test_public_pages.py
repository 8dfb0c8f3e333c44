"""The public pages, without signing in: the published notices and each one, no drafts, no personal data."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from selection.models import SelectionNotice
from tests.factories import UnitFactory, city_round, selection_notice, submitted_application


def test_anyone_reads_the_open_notices_and_one_notice(notice, client):
    page = client.get(reverse("selection:public_list")).content.decode()
    assert notice.title in page and "正在报名" in page
    detail = client.get(reverse("selection:public_notice", args=[notice.pk])).content.decode()
    assert notice.body in detail and "执业律师：8名" in detail and "法学专家：4名" in detail
    assert reverse("selection:apply", args=[notice.pk]) in detail


def test_a_draft_notice_is_not_public(selection_round, client):
    draft = selection_notice(selection_round, publish=False)
    assert draft.title not in client.get(reverse("selection:public_list")).content.decode()
    assert client.get(reverse("selection:public_notice", args=[draft.pk])).status_code == 404


def test_the_public_pages_show_no_applicants_data(notice, applicant, client):
    submitted_application(notice, applicant, name="周明轩", phone="13907330001")
    for url in (reverse("selection:public_list"), reverse("selection:public_notice", args=[notice.pk])):
        page = client.get(url).content.decode()
        assert "周明轩" not in page and "13907330001" not in page and applicant.email not in page


def test_a_closed_window_offers_no_application(selection_round, client):

    now = timezone.now()
    closed = selection_notice(
        selection_round, opens_at=now - dt.timedelta(days=9), closes_at=now - dt.timedelta(days=1)
    )
    page = client.get(reverse("selection:public_notice", args=[closed.pk])).content.decode()
    assert "报名已截止" in page and reverse("selection:apply", args=[closed.pk]) not in page


def test_the_pages_are_built_for_a_phone(notice, client):
    page = client.get(reverse("selection:public_notice", args=[notice.pk])).content.decode()
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in page
    assert "<table" not in page  # the facts stack as a list; a table would not reflow at 320 px


def test_the_public_list_asks_a_fixed_number_of_queries(city, client, django_assert_max_num_queries):
    for n in range(5):
        selection_notice(city_round(UnitFactory(parent=city, kind="county_gov")), title=f"公告{n}")
    # the request's savepoint and release, the page's count, its rows with round and unit, their places
    with django_assert_max_num_queries(5):
        page = client.get(reverse("selection:public_list")).content.decode()
    assert page.count('href="/selection/notices/') == SelectionNotice.objects.count() == 5
