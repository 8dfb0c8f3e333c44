"""Two walks through the demo data in Chromium, on one committed seeding (seeding takes longer than either walk).

- Each role's home shows what waits for that person; a click on a count lands on the list filtered to exactly
  those rows. Each home is saved under test-artifacts/screenshots/home-<role>.png; the README shows copies of
  them from docs/screenshots (copied by hand, so that a test run leaves the tracked files alone).
- Every demo role's menu, page by page: axe finds no WCAG 2.1 A/AA violation (the `page` fixture runs it on
  every page that loads, tests/browser/axe.py), every title is the page's own, nothing scrolls sideways at
  320 px. The demo data fills every list and chart.
"""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import expect

from accounts.two_factor import current_code
from tests.browser.axe import resize, sideways_overflow, violations
from tests.browser.conftest import DESKTOP, PHONE
from tests.conftest import drop_demo
from ui.listing import PER_PAGE

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("demo-walks")]


@pytest.fixture(scope="module", autouse=True)
def committed_demo(django_db_setup, django_db_blocker):
    """The demo data, committed (the live server's threads read it through connections of their own), for both
    walks; every table is emptied after them, as after any transactional test."""
    drop_demo()  # the uncommitted demo of tests/conftest.py would hold the seeding's inserts
    with django_db_blocker.unblock():
        try:
            call_command("seed_demo", stdout=io.StringIO())
            yield
        finally:
            call_command("flush", verbosity=0, interactive=False)


@pytest.fixture(autouse=True)
def _live_server_helper(request):
    """pytest-django's, but without the transactional_db it asks for: that would empty the tables after the
    first walk. The live server's settings (its host allowed) as pytest-django sets them."""
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    yield
    live_server._live_server_modified_settings.disable()


# The demo accounts that also give a TOTP code.
NEEDS_CODE = {"bureau", "sysadmin", "secadmin", "auditadmin"}


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


# -- The homes ------------------------------------------------------------------------------------

# The demo accounts of the four roles that work every day, with their names in Chinese order.
HOME_ROLES = {"bureau": "周明", "officer": "李芳", "finance": "陈静", "auditor": "刘洋"}
# The count each role is certain to have on the demo data (what the README's screenshots show).
EXPECTED = {
    "bureau": "budgets:review",
    "officer": "contracts:findings",
    "finance": "budgets:approve",
    "auditor": "reviews:duty_overdue",
}


def rows_shown(page) -> int:
    """The rows of the list (the page's first table; some pages show a related one below), its "nothing here"
    row not counted."""
    return page.locator("main table").first.locator("tbody tr:not(:has(td.empty))").count()


def test_each_roles_home_counts_what_waits_and_each_count_opens_those_rows(page, screenshot):
    for username, name in HOME_ROLES.items():
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


# -- Every page of every menu -----------------------------------------------------------------------

# One demo account per role (the adviser's is a person's).
DEMO_ROLES = ["officer", "finance", "auditor", "bureau", "adviser", "sysadmin", "secadmin", "auditadmin"]


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


def pages_of(page, username) -> list[str]:
    """The role's menu entries, then the pages just behind them. (Each menu folds its entries into a closed
    <details>, out of the accessibility tree: a role query would find none of them.)"""
    links = page.locator("#mainnav a[href]")
    hrefs = [a.get_attribute("href") for a in links.all()] + BEHIND_THE_MENU.get(username, [])
    assert len(hrefs) > len(BEHIND_THE_MENU.get(username, [])), f"{username}'s menu has no entries"
    return [page.base + href if href.startswith("/") else href for href in hrefs]


# One walk for both widths: seeding the demo and signing in every role cost more than the pages themselves.
def test_every_page_of_every_roles_menu_passes_axe_has_its_own_title_and_reflows_at_320_px(page, screenshot):
    with translation.override("zh-hans"):
        site = str(settings.SITE_TITLE)
    problems, overflowing, shots = [], [], dict(README_SHOTS)
    for username in DEMO_ROLES:
        page.set_viewport_size(DESKTOP)
        sign_in(page, username)
        titles = {}
        for url in pages_of(page, username):
            page.set_viewport_size(DESKTOP)
            page.goto(url)  # returns once loaded; axe runs on it at the next command (tests/browser/axe.py)
            title = page.title()
            if not title.endswith(site):
                problems.append(f"{url}: «{title}» does not end with the site name")
            if title in titles:
                problems.append(f"{url} and {titles[title]} share the title «{title}»")
            titles[title] = url
            page.axe.check_pending()
            resize(page, PHONE)
            problems += violations(page)  # the folded menu and the reflowed tables have their own markup
            if (extra := sideways_overflow(page)) > 0:
                overflowing.append(f"{username} {url}: {extra} px")
            if name := shots.pop(url.removeprefix(page.base), None):
                screenshot(name)
        page.context.clear_cookies()
    page.axe.check_pending()
    problems += page.axe.found
    page.axe.found = []  # reported here, as this test's failure
    if overflowing:
        problems.append("scrolls sideways at 320 px:\n" + "\n".join(overflowing))
    if shots:
        problems.append(f"no role's walk reached the pages of the README's screenshots: {sorted(shots)}")
    assert not problems, "\n".join(problems)
