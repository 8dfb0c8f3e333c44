"""The bureau writes a notice for an open round, publishes it, and lists its applications (searched, paged)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from selection.models import NoticePosition, SelectionNotice
from tests.conftest import MISSING_TOKEN, once, post_twice
from tests.factories import applicant_user, make_user, submitted_application


def _data(round_pk=None, **changes):
    now = timezone.localtime()
    data = {
        "title": "2026年市政府法律顾问遴选公告",
        "body": "现公开遴选市政府法律顾问。",
        "min_years_practice": 5,
        "clean_record_years": 3,
        "specialties": "行政法",
        "other_requirements": "",
        "requires_licence": "on",
        "requires_cv": "on",
        "requires_commitment": "on",
        "opens_at": (now - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + dt.timedelta(days=20)).strftime("%Y-%m-%dT17:00"),
        "publicity_days": 7,
        "scholars": 4,
        "lawyers": 8,
        "law_firms": 0,
    }
    if round_pk:
        data["round"] = round_pk
    return {**data, **changes}


def test_the_bureau_writes_a_draft_notice_with_its_places(selection_round, bureau, client_for):
    client = client_for(bureau)
    response = client.post(reverse("selection:notice_create"), once(_data(selection_round.pk)))
    notice = SelectionNotice.objects.get()
    assert response.status_code == 302 and notice.state == "draft" and notice.round == selection_round
    assert dict(NoticePosition.objects.values_list("kind", "count")) == {"scholar": 4, "lawyer": 8}
    # Entered as Beijing time: 17:00 in the form is 09:00 UTC.
    assert timezone.localtime(notice.closes_at).hour == 17 and notice.closes_at.astimezone(dt.UTC).hour == 9


def test_the_notice_form_sent_twice_makes_one_notice(selection_round, bureau, client_for):
    url = reverse("selection:notice_create")
    first, second = post_twice(client_for(bureau), page=url, url=url, data=_data(selection_round.pk))
    assert first.status_code == 302 and second.status_code == 200 and SelectionNotice.objects.count() == 1


def test_the_notice_form_without_its_token_saves_nothing(selection_round, bureau, client_for):
    response = client_for(bureau).post(reverse("selection:notice_create"), _data(selection_round.pk))
    assert response.status_code == 400 and MISSING_TOKEN in response.content.decode()
    assert not SelectionNotice.objects.exists()


def test_a_window_that_closes_before_it_opens_is_refused_next_to_the_field(selection_round, bureau, client_for):
    data = _data(selection_round.pk, closes_at="2020-01-01T17:00")
    response = client_for(bureau).post(reverse("selection:notice_create"), once(data))
    assert response.status_code == 400 and 'id="id_closes_at_error"' in response.content.decode()
    assert not SelectionNotice.objects.exists()


def test_a_notice_without_places_is_refused(selection_round, bureau, client_for):
    data = _data(selection_round.pk, scholars=0, lawyers=0)
    response = client_for(bureau).post(reverse("selection:notice_create"), once(data))
    assert response.status_code == 400 and "请至少设置一个名额" in response.content.decode()
    assert not SelectionNotice.objects.exists()


def test_another_jurisdictions_round_is_not_offered(selection_round, county_unit, client_for):
    county_bureau = make_user("county_bureau", Role.BUREAU, county_unit)
    response = client_for(county_bureau).post(reverse("selection:notice_create"), once(_data(selection_round.pk)))
    assert response.status_code == 400 and not SelectionNotice.objects.exists()


def test_publishing_puts_the_notice_on_the_public_pages(selection_round, bureau, client_for, client):
    client_for(bureau).post(reverse("selection:notice_create"), once(_data(selection_round.pk)))
    notice = SelectionNotice.objects.get()
    assert client.get(reverse("selection:public_notice", args=[notice.pk])).status_code == 404
    client_for(bureau).post(reverse("selection:notice_publish", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.state == "published" and notice.published_at is not None
    assert client.get(reverse("selection:public_notice", args=[notice.pk])).status_code == 200


def test_an_auditor_reads_the_notice_but_cannot_publish_it(selection_round, bureau, auditor, client_for):
    client_for(bureau).post(reverse("selection:notice_create"), once(_data(selection_round.pk)))
    notice = SelectionNotice.objects.get()
    client = client_for(auditor)
    assert client.get(reverse("selection:manage")).status_code == 200
    assert client.post(reverse("selection:notice_publish", args=[notice.pk])).status_code == 403
    assert client.get(reverse("selection:notice_applications", args=[notice.pk])).status_code == 403
    notice.refresh_from_db()
    assert notice.state == "draft"


def test_another_units_officer_cannot_open_the_notice(notice, officer_b, client_for):
    client = client_for(officer_b)
    assert client.get(reverse("selection:notice_applications", args=[notice.pk])).status_code == 404
    assert client.post(reverse("selection:notice_edit", args=[notice.pk]), _data()).status_code == 404


def test_the_list_of_applications_is_searched_and_paged_in_a_fixed_number_of_queries(
    notice, bureau, client_for, django_assert_max_num_queries
):
    for n in range(32):
        user = applicant_user(f"app{n}")
        submitted_application(notice, user, name=f"申请人{n:02d}", licence_no=f"143022012101{n:05d}")
    client = client_for(bureau)
    url = reverse("selection:notice_applications", args=[notice.pk])
    # session, user, the bureau's TOTP device, the request's savepoint and release, the notice (with round and
    # unit), whether the user may change it, its places, the page's count, its rows (documents and declarations
    # counted in subqueries): the same for 32 applications or 3,000
    with django_assert_max_num_queries(10):
        page = client.get(url).content.decode()
    assert page.count('href="/selection/applications/') == 30
    found = client.get(url, {"q": "申请人07"}).content.decode()
    assert found.count('href="/selection/applications/') == 1
    assert client.get(url, {"page": 2}).content.decode().count('href="/selection/applications/') == 2


def test_the_bureau_edits_a_published_notice_but_not_after_the_window(notice, bureau, client_for):
    client = client_for(bureau)
    response = client.post(reverse("selection:notice_edit", args=[notice.pk]), _data(title="改后的标题"))
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.title == "改后的标题"
    SelectionNotice.objects.filter(pk=notice.pk).update(state="closed")
    response = client.post(reverse("selection:notice_edit", args=[notice.pk]), _data(title="再改"))
    assert response.status_code == 400
    notice.refresh_from_db()
    assert notice.title == "改后的标题"


def test_the_menu_offers_the_notices_to_the_bureau_and_the_applications_to_an_applicant(bureau, applicant, client_for):
    home = reverse("portal:home")
    assert reverse("selection:manage") in client_for(bureau).get(home).content.decode()
    page = client_for(applicant).get(home).content.decode()
    assert reverse("selection:mine") in page and reverse("selection:manage") not in page


def test_the_applications_close_only_after_the_deadline(notice, bureau, client_for, client):
    url = reverse("selection:notice_close", args=[notice.pk])
    page = client_for(bureau).post(url, follow=True).content.decode()
    assert "请在此之后截止报名" in page and timezone.localtime(notice.closes_at).strftime("%H:%M:%S") in page
    notice.refresh_from_db()
    assert notice.state == "published"
    SelectionNotice.objects.filter(pk=notice.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=9), closes_at=timezone.now() - dt.timedelta(seconds=1)
    )
    client_for(bureau).post(url)
    notice.refresh_from_db()
    assert notice.state == "closed"
    assert "报名已截止" in client.get(reverse("selection:public_notice", args=[notice.pk])).content.decode()


def test_places_that_have_applications_cannot_be_removed(notice, bureau, applicant, client_for):
    submitted_application(notice, applicant)
    response = client_for(bureau).post(reverse("selection:notice_edit", args=[notice.pk]), _data(lawyers=0))
    assert response.status_code == 400 and "已收到执业律师的申请" in response.content.decode()
    assert NoticePosition.objects.filter(notice=notice, kind="lawyer", count=8).exists()
