"""Portal forms over the whole registry search as the user types (the admin's select2 widget, under our CSP)."""

import pytest
from playwright.sync_api import expect

from accounts import autocomplete
from advisers.models import LegalOpinion
from tests.factories import AdviserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bureau_staff_find_the_adviser_by_typing_and_record_an_opinion(
    page, login_with_code, pick, screenshot, bureau, unit_a, monkeypatch
):
    monkeypatch.setattr(autocomplete, "LARGE", 1)  # a few rows stand for the province's 20,000
    for name in ("唐立新", "唐明", "周明远"):
        AdviserFactory(name=name)
    refusals = []  # what the Content-Security-Policy blocks is reported on the console
    page.on("console", lambda message: "Content Security Policy" in message.text and refusals.append(message.text))
    login_with_code(bureau)
    page.goto(page.base + "/advisers/opinions/new/")
    pick("adviser", "唐立新")
    pick("unit", unit_a.name)
    expect(page.locator("#id_adviser + .select2")).to_contain_text("唐立新")
    screenshot("portal-adviser-search")
    page.get_by_label("事项类型").select_option(index=1)
    page.get_by_label("事项", exact=False).nth(1).fill("关于合同条款的法律意见")
    page.get_by_label("采纳情况").select_option(label="采纳")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("已保存")
    opinion = LegalOpinion.objects.get()
    assert (opinion.adviser.name, opinion.unit_id) == ("唐立新", unit_a.pk)
    assert not refusals, refusals
