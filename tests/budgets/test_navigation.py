"""Each role finds its fee-budget pages on the portal home."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("who", "present", "absent"),
    [
        ("officer_a", ["法律服务经费", "经费统计"], ["经费核定", "经费审核"]),
        ("bureau", ["经费审核", "经费统计", "按效付费结算"], ["经费核定"]),
        ("finance", ["经费核定", "经费统计", "按效付费结算"], ["经费审核"]),
        ("auditor", ["法律服务经费", "经费统计"], ["经费核定", "经费审核"]),
    ],
)
def test_portal_home_lists_the_sections_for_the_role(request, client_for, who, present, absent):
    page = client_for(request.getfixturevalue(who)).get(reverse("portal:home")).content.decode()
    for label in present:
        assert label in page
    for label in absent:
        assert label not in page


def test_statistics_refuse_post_and_bad_periods(client_for, finance):
    client = client_for(finance)
    assert client.post(reverse("budgets:statistics")).status_code == 405
    response = client.get(reverse("budgets:statistics"), {"year": "2025", "through_quarter": "9"})
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
