"""The selection pages in a real browser: the public notice and the registration form without signing in, the
applicant's form and application page, each passing axe (the `page` fixture) and reflowing at 320 px."""

import pytest
from django.urls import reverse

from tests.browser.axe import sideways_overflow
from tests.browser.conftest import PHONE
from tests.factories import applicant_user, application_draft, city_round, selection_notice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def notice(city):
    return selection_notice(
        city_round(city), body="现公开遴选市政府法律顾问。\n\n一、遴选名额：法学专家4名，执业律师8名。"
    )


def test_a_visitor_reads_the_notice_and_finds_the_registration_on_a_phone(page, notice):
    page.set_viewport_size(PHONE)
    overflowing = []
    for path in (reverse("selection:public_list"), reverse("selection:public_notice", args=[notice.pk])):
        page.goto(page.base + path)
        overflowing += [f"{path}: {extra} px"] if (extra := sideways_overflow(page)) > 0 else []
    with page.expect_navigation():
        page.get_by_role("link", name="注册申请人账号").first.click()
    assert page.get_by_label("电子邮件").is_visible()
    overflowing += [f"register: {extra} px"] if (extra := sideways_overflow(page)) > 0 else []
    assert not overflowing, "scrolls sideways at 320 px:\n" + "\n".join(overflowing)


def test_the_applicants_pages_reflow_on_a_phone(page, login, notice):
    applicant = applicant_user("applicant")
    application = application_draft(notice, applicant)
    login("applicant")
    page.set_viewport_size(PHONE)
    overflowing = []
    for path in (
        reverse("selection:application", args=[application.pk]),
        reverse("selection:application_edit", args=[application.pk]),
        reverse("selection:mine"),
    ):
        page.goto(page.base + path)
        overflowing += [f"{path}: {extra} px"] if (extra := sideways_overflow(page)) > 0 else []
    assert not overflowing, "scrolls sideways at 320 px:\n" + "\n".join(overflowing)
