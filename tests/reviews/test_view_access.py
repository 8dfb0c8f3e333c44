"""Every page refuses whoever must be refused: anonymous (login), wrong method (405), another unit (404),
a role that may read but not write (403)."""

import pytest
from django.urls import reverse

from tests.world import unit_records

PAGES = [
    # name, args from the records, method, is a write
    ("reviews:overview", None, "get", False),
    ("reviews:duty_reports", None, "get", False),
    ("reviews:duty_report_edit", lambda r: [r["engagement"].pk, 2025], "post", True),
    ("reviews:duty_report_detail", lambda r: [r["report"].pk], "get", False),
    ("reviews:duty_report_submit", lambda r: [r["report"].pk], "post", True),
    ("reviews:duty_report_attach", lambda r: [r["report"].pk], "post", True),
    ("reviews:attachment_download", lambda r: [r["attachment"].pk], "get", False),
    ("reviews:assessments", None, "get", False),
    ("reviews:assessment_edit", lambda r: [r["engagement"].pk, 2025], "post", True),
    ("reviews:assessment_detail", lambda r: [r["assessment"].pk], "post", True),
    ("reviews:work_reports", None, "get", False),
    ("reviews:work_report_edit", lambda r: [2025], "post", True),
    ("reviews:work_report_detail", lambda r: [r["work_report"].pk], "get", False),
    ("reviews:work_report_submit", lambda r: [r["work_report"].pk], "post", True),
    ("reviews:work_report_review", lambda r: [r["work_report"].pk], "post", True),
    ("reviews:inspections", None, "get", False),
    ("reviews:inspection_detail", lambda r: [r["inspection"].pk], "get", False),
    ("reviews:inspection_letter", lambda r: [r["inspection"].pk], "post", True),
    ("reviews:rectifications", None, "get", False),
    ("reviews:rectification_answer", lambda r: [r["item"].pk], "post", True),
    ("reviews:rectification_close", lambda r: [r["item"].pk], "post", True),
]
OBJECT_PAGES = [p for p in PAGES if p[1] is not None and p[0] != "reviews:work_report_edit"]


@pytest.fixture
def records(engagement_a, officer_a):
    return unit_records(engagement_a, officer_a)


def url(name, args, records):
    return reverse(name, args=args(records) if args else None)


@pytest.mark.parametrize(("name", "args", "method", "write"), PAGES)
def test_anonymous_users_are_sent_to_the_login_page(client, records, name, args, method, write):
    response = getattr(client, method)(url(name, args, records))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "args", "method", "write"), PAGES)
def test_the_wrong_method_is_refused(client_for, bureau, records, name, args, method, write):
    wrong = {"get": "delete", "post": "put"}[method]
    assert getattr(client_for(bureau), wrong)(url(name, args, records)).status_code == 405


@pytest.mark.parametrize(("name", "args", "method", "write"), OBJECT_PAGES)
def test_another_units_officer_gets_404(client_for, officer_b, records, name, args, method, write):
    assert getattr(client_for(officer_b), method)(url(name, args, records)).status_code == 404


@pytest.mark.parametrize(("name", "args", "method", "write"), [p for p in PAGES if p[3]])
def test_auditors_read_but_never_write(client_for, auditor, records, name, args, method, write):
    assert client_for(auditor).post(url(name, args, records), {"confirm": "on", "summary": "x"}).status_code == 403


@pytest.mark.parametrize(("name", "args", "method", "write"), [p for p in PAGES if not p[3]])
def test_auditors_read_every_page(client_for, auditor, records, name, args, method, write):
    assert client_for(auditor).get(url(name, args, records)).status_code == 200


def test_officers_do_not_open_the_citywide_overview(client_for, officer_a, records):
    assert client_for(officer_a).get(reverse("reviews:overview")).status_code == 403


def test_the_unit_cannot_review_its_own_report_nor_close_its_own_items(client_for, officer_a, records):
    client = client_for(officer_a)
    assert (
        client.post(
            reverse("reviews:work_report_review", args=[records["work_report"].pk]), {"action": "accept"}
        ).status_code
        == 403
    )
    assert client.post(reverse("reviews:rectification_close", args=[records["item"].pk])).status_code == 403
    assert client.post(reverse("reviews:inspection_letter", args=[records["inspection"].pk])).status_code == 403
