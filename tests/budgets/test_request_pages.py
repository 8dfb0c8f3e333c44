"""The officer's pages: my requests, new/edit draft with a line formset, submit; refusals."""

import pytest
from django.urls import reverse
from django.utils import timezone

from budgets.models import BudgetRequest
from tests import factories
from tests.conftest import once


def _post_data(**overrides):
    data = {
        "year": "2026",
        "title": "2026年度法律服务经费预算",
        "previous_year_amount": "80000",
        "justification": "按工作量测算",
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "200",
        "form-0-item_type": "standing_counsel",
        "form-0-quarter": "1",
        "form-0-quantity": "3",
        "form-1-item_type": "contract_review",
        "form-1-quarter": "2",
        "form-1-quantity": "10",
    }
    data.update(overrides)
    return data


def test_officer_creates_a_draft_with_lines(client_for, officer_a, standards):
    response = client_for(officer_a).post(reverse("budgets:request_create"), once(_post_data()))
    request = BudgetRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("budgets:request_detail", args=[request.pk])
    assert request.requested_amount == 21000 and request.lines.count() == 2


def test_the_new_request_page_shows_next_years_fee_standards_in_chinese(client_for, officer_a):
    next_year = timezone.localdate().year + 1
    factories.fee_standards(next_year)
    page = client_for(officer_a).get(reverse("budgets:request_create")).content.decode()
    assert "新建经费申请" in page and f"{next_year}年度收费标准" in page and "常年法律顾问" in page


def test_bad_input_is_shown_next_to_the_field_and_nothing_is_saved(client_for, officer_a, standards):
    response = client_for(officer_a).post(
        reverse("budgets:request_create"), once(_post_data(**{"previous_year_amount": "-1", "form-1-quantity": "0"}))
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "不能小于0.00元。" in page and "确保该值大于或等于0.01" in page  # an amount in yuan, a quantity as is
    assert not BudgetRequest.objects.exists()


def test_a_request_without_lines_is_refused(client_for, officer_a, standards):
    data = _post_data(
        **{
            "form-0-item_type": "",
            "form-0-quarter": "",
            "form-0-quantity": "",
            "form-1-item_type": "",
            "form-1-quarter": "",
            "form-1-quantity": "",
        }
    )
    response = client_for(officer_a).post(reverse("budgets:request_create"), once(data))
    assert "请至少填写一条工作量明细" in response.content.decode()
    assert not BudgetRequest.objects.exists()


def test_a_forged_post_with_thousands_of_lines_is_refused_without_building_them(
    client_for, officer_a, standards, django_assert_max_num_queries
):
    """The page offers at most 200 lines; a POST that claims 5,000 builds no more than 200 forms, says why it is
    refused, and reads the unit and engagement choices once, not once per line."""
    with django_assert_max_num_queries(40):
        response = client_for(officer_a).post(
            reverse("budgets:request_create"), once(_post_data(**{"form-TOTAL_FORMS": "5000"}))
        )
    page = response.content.decode()
    assert response.status_code == 200 and "请最多提交 200 个表单。" in page
    assert page.count('name="form-199-quarter"') == 1 and 'name="form-200-quarter"' not in page
    assert not BudgetRequest.objects.exists()


def test_a_year_without_fee_standards_is_a_form_error_not_a_500(client_for, officer_a):
    response = client_for(officer_a).post(reverse("budgets:request_create"), once(_post_data()))
    assert response.status_code == 200 and "尚无收费标准" in response.content.decode()


def test_officer_edits_a_draft(client_for, officer_a, standards):
    request = factories.draft(officer_a, year=2026)
    data = _post_data(title="改后的名称", version=str(request.version))
    response = client_for(officer_a).post(reverse("budgets:request_edit", args=[request.pk]), data)
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.title == "改后的名称" and request.version == 2


def test_the_edit_page_is_prefilled_with_the_lines(client_for, officer_a, standards):
    request = factories.draft(officer_a, year=2026)
    page = client_for(officer_a).get(reverse("budgets:request_edit", args=[request.pk])).content.decode()
    assert 'name="form-TOTAL_FORMS" value="3"' in page and 'value="10.00"' in page  # two lines and one empty


def test_officer_submits_from_the_request_page(client_for, officer_a, standards):
    request = factories.draft(officer_a)
    client = client_for(officer_a)
    assert "提交审核" in client.get(reverse("budgets:request_detail", args=[request.pk])).content.decode()
    response = client.post(
        reverse("budgets:request_submit", args=[request.pk]), {"version": request.version}, follow=True
    )
    assert "申请已提交司法局审核" in response.content.decode()
    request.refresh_from_db()
    assert request.status == BudgetRequest.Status.SUBMITTED


def test_another_units_officer_gets_404_everywhere(client_for, officer_a, officer_b, standards):
    request = factories.draft(officer_a)
    client = client_for(officer_b)
    assert client.get(reverse("budgets:request_detail", args=[request.pk])).status_code == 404
    assert client.get(reverse("budgets:request_edit", args=[request.pk])).status_code == 404
    assert client.post(reverse("budgets:request_submit", args=[request.pk]), {"version": 1}).status_code == 404
    assert request.title not in client.get(reverse("budgets:requests")).content.decode()


def test_an_auditor_reads_but_cannot_write(client_for, auditor, officer_a, standards):
    request = factories.draft(officer_a)
    client = client_for(auditor)
    assert client.get(reverse("budgets:request_detail", args=[request.pk])).status_code == 200
    assert client.get(reverse("budgets:request_create")).status_code == 403
    assert client.get(reverse("budgets:request_edit", args=[request.pk])).status_code == 403
    assert client.post(reverse("budgets:request_submit", args=[request.pk]), {"version": 1}).status_code == 403


@pytest.mark.parametrize("name", ["request_submit", "request_review", "request_approve", "request_return"])
def test_actions_refuse_get(client_for, officer_a, standards, name):
    request = factories.draft(officer_a)
    assert client_for(officer_a).get(reverse(f"budgets:{name}", args=[request.pk])).status_code == 405


@pytest.mark.parametrize(
    "url",
    ["budgets:requests", "budgets:approval_queue", "budgets:review_queue", "budgets:statistics", "budgets:settlements"],
)
def test_anonymous_users_are_sent_to_login(client, db, url):
    response = client.get(reverse(url))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_submitted_request_cannot_be_edited_from_the_page(client_for, officer_a, standards):
    request = factories.submitted(officer_a)
    response = client_for(officer_a).get(reverse("budgets:request_edit", args=[request.pk]), follow=True)
    assert "只有草稿或已退回的申请可以修改" in response.content.decode()
