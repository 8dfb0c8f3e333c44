"""The portal on a laptop and on a tablet, and in English for a browser that asks for it."""

import pytest
from playwright.sync_api import expect

from tests.factories import EngagementFactory, OpinionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1280, "height": 800}
TABLET = {"width": 820, "height": 1180}


@pytest.fixture
def records(unit_a):
    engagement = EngagementFactory(unit=unit_a, adviser__name="唐立新")
    for n in range(3):
        OpinionFactory(adviser=engagement.adviser, unit=unit_a, subject=f"城市更新项目合作协议第{n + 1}稿")
    return engagement


def _fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize(("device", "size"), [("laptop", LAPTOP), ("tablet", TABLET)])
def test_officer_pages_fit_a_laptop_and_a_tablet(page, login, screenshot, officer_a, records, device, size):
    page.set_viewport_size(size)
    login("officer_a")
    expect(page.get_by_role("heading", name="欢迎，officer_a")).to_be_visible()
    assert _fits_the_width(page)
    screenshot(f"{device}-home")
    page.goto(page.base + "/advisers/opinions/")
    expect(page.locator("tbody tr")).to_have_count(3)
    assert _fits_the_width(page)
    screenshot(f"{device}-opinions")


def test_the_portal_speaks_english_to_a_browser_that_asks_for_it(browser, live_server, officer_a):
    from tests.factories import PASSWORD

    context = browser.new_context(locale="en-US", viewport=LAPTOP)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/login/")
        page.get_by_label("Username").fill("officer_a")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", name="Welcome, officer_a")).to_be_visible()
        expect(page.get_by_role("navigation", name="Main menu")).to_contain_text("Duty records")
        expect(page.locator("html")).to_have_attribute("lang", "en")
    finally:
        context.close()


UNLABELLED = """() => Array.from(document.querySelectorAll("main input, main select, main textarea"))
    .filter(el => el.type !== "hidden" && el.labels.length === 0 && !el.getAttribute("aria-label"))
    .map(el => el.name)"""


def test_every_field_an_officer_fills_in_has_a_label(page, login, officer_a, records):
    from django.utils import timezone

    from tests.factories import fee_standards

    fee_standards(timezone.localdate().year + 1)
    login("officer_a")
    year = timezone.localdate().year
    for path in [
        "/advisers/opinions/",
        "/advisers/opinions/new/",
        "/advisers/lectures/new/",
        "/contracts/",
        "/budgets/new/",
        f"/reviews/duty-reports/{records.pk}/{year}/edit/",
        "/reviews/duty-reports/",
    ]:
        page.goto(page.base + path)
        expect(page.locator("main form").first).to_be_visible()
        assert page.evaluate(UNLABELLED) == [], path
