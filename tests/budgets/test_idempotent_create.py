"""The budget-request create form sent twice (a double click, a resent form) makes one request."""

from django.urls import reverse

from budgets.models import BudgetRequest
from tests.conftest import token_of

from .test_request_pages import _post_data


def test_the_same_request_form_sent_twice_creates_one_request(client_for, officer_a, standards):
    client = client_for(officer_a)
    token = token_of(client.get(reverse("budgets:request_create")).content.decode())
    first = client.post(reverse("budgets:request_create"), _post_data(once_token=token))
    request = BudgetRequest.objects.get()
    assert first["Location"] == reverse("budgets:request_detail", args=[request.pk])
    second = client.post(reverse("budgets:request_create"), _post_data(once_token=token), follow=True)
    assert BudgetRequest.objects.count() == 1 and request.lines.count() == 2
    assert second.redirect_chain[0][0] == first["Location"]
    assert "已提交过" in second.content.decode()
