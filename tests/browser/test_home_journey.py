"""Each demo role's home shows what waits for that person; a click on a count lands on the list filtered to
exactly those rows. The journey saves each home under test-artifacts/screenshots/home-<role>.png; the README shows
copies of them from docs/screenshots (copied by hand, so that a test run leaves the tracked files alone)."""

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.two_factor import current_code
from ui.listing import PER_PAGE

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# The demo accounts of the four roles that work every day, with their names in Chinese order.
ROLES = {"bureau": "周明", "officer": "李芳", "finance": "陈静", "auditor": "刘洋"}
# The count each role is certain to have on the demo data (what the README's screenshots show).
EXPECTED = {
    "bureau": "budgets:review",
    "officer": "contracts:findings",
    "finance": "budgets:approve",
    "auditor": "reviews:duty_overdue",
}


@pytest.fixture
def seeded(transactional_db):
    """The demo data, committed: the live server's threads read it through connections of their own."""
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - closed with the process


def sign_in(page, username):
    page.goto(page.base + "/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    if username == "bureau":
        page.get_by_label("验证码").fill(current_code(settings.DEMO_TOTP_SECRET))
        page.get_by_role("button", name="验证").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("欢迎")


def rows_shown(page) -> int:
    """The rows of the list (the page's first table; some pages show a related one below), its "nothing here"
    row not counted."""
    return page.locator("main table").first.locator("tbody tr:not(:has(td.empty))").count()


def test_each_roles_home_counts_what_waits_and_each_count_opens_those_rows(page, seeded, screenshot):
    for username, name in ROLES.items():
        sign_in(page, username)
        expect(page.locator(".who")).to_contain_text(name)
        home = page.url
        waiting = page.locator("li.waiting-item")
        items = {
            item.get_attribute("data-item"): (
                int(item.locator(".waiting-count").inner_text()),
                item.locator("a").first.get_attribute("href"),
            )
            for item in waiting.all()
        }
        assert items.get(EXPECTED[username], (0, ""))[0] > 0, (username, items)
        screenshot(f"home-{username}")
        for key, (count, href) in items.items():
            if not count:
                continue
            page.locator(f'li.waiting-item[data-item="{key}"] a').first.click()
            page.wait_for_url(page.base + href)  # and its load event
            assert rows_shown(page) == min(count, PER_PAGE), (username, key, count, rows_shown(page))
            page.goto(home)
        page.context.clear_cookies()
