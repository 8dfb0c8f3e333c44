"""Every demo role's menu, page by page: axe finds no WCAG 2.1 A/AA violation, and nothing scrolls sideways at 320 px.

The `page` fixture runs axe on every page that loads (tests/browser/axe.py); these tests make sure every page
a role's menu reaches is among them, on the demo data, which fills every list and chart.
"""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import expect

from accounts.two_factor import current_code
from tests.browser.axe import sideways_overflow, violations
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# One demo account per role (the adviser's is a person's); the bureau and the three administrators also give a
# TOTP code.
DEMO_ROLES = ["officer", "finance", "auditor", "bureau", "adviser", "sysadmin", "secadmin", "auditadmin"]
NEEDS_CODE = {"bureau", "sysadmin", "secadmin", "auditadmin"}


# Pages the issue measured that sit one click behind a menu entry.
BEHIND_THE_MENU = {
    "officer": ["/budgets/new/", "/advisers/opinions/new/", "/advisers/lectures/new/", "/advisers/disputes/new/"],
    "adviser": ["/advisers/opinions/propose/", "/advisers/lectures/propose/"],
    "bureau": [
        "/advisers/opinions/new/",
        "/advisers/disputes/new/",
        "/advisers/rounds/new/",
        "/admin/django_celery_beat/periodictask/add/",
        "/admin/advisers/engagement/add/",
    ],
}

# The 320 px screenshots the README shows: path → file name under test-artifacts/screenshots/.
README_SHOTS = {
    "/budgets/new/": "a11y-320-budget-form",
    "/budgets/settlements/": "a11y-320-settlements",
    "/reports/dashboard/": "a11y-320-dashboard",
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
    if username in NEEDS_CODE:
        page.get_by_label("验证码").fill(current_code(settings.DEMO_TOTP_SECRET))
        page.get_by_role("button", name="验证").click()
    # At 320 px the menu is folded behind its button: there, but not shown.
    expect(page.locator("#mainnav")).to_be_attached()


def pages_of(page, username) -> list[str]:
    """The role's menu entries, then the pages just behind them."""
    links = page.get_by_role("navigation", name="主菜单").get_by_role("link")
    hrefs = [a.get_attribute("href") for a in links.all()] + BEHIND_THE_MENU.get(username, [])
    return [page.base + href if href.startswith("/") else href for href in hrefs]


def sign_out(page):
    page.context.clear_cookies()


# One walk for both widths: seeding the demo and signing in every role cost more than the pages themselves.
@pytest.mark.slow
def test_every_page_of_every_roles_menu_passes_axe_has_its_own_title_and_reflows_at_320_px(page, seeded, screenshot):
    with translation.override("zh-hans"):
        site = str(settings.SITE_TITLE)
    problems, overflowing = [], []
    for username in DEMO_ROLES:
        page.set_viewport_size(DESKTOP)
        sign_in(page, username)
        titles = {}
        for url in pages_of(page, username):
            page.set_viewport_size(DESKTOP)
            page.goto(url)  # axe runs on the page at its next command (tests/browser/axe.py)
            page.wait_for_load_state("networkidle")
            title = page.title()
            if not title.endswith(site):
                problems.append(f"{url}: «{title}» does not end with the site name")
            if title in titles:
                problems.append(f"{url} and {titles[title]} share the title «{title}»")
            titles[title] = url
            page.axe.check_pending()
            page.set_viewport_size(PHONE)
            problems += violations(page)  # the folded menu and the reflowed tables have their own markup
            if (extra := sideways_overflow(page)) > 0:
                overflowing.append(f"{username} {url}: {extra} px")
            if name := README_SHOTS.pop(url.removeprefix(page.base), None):
                screenshot(name)
        sign_out(page)
    page.axe.check_pending()
    problems += page.axe.found
    page.axe.found = []  # reported here, as this test's failure
    if overflowing:
        problems.append("scrolls sideways at 320 px:\n" + "\n".join(overflowing))
    assert not problems, "\n".join(problems)


def test_the_first_tab_stop_skips_the_menu_to_the_main_content(page, login, officer_a):
    login("officer_a")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到主要内容")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
