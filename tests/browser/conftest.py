"""Playwright driving Debian's Chromium (no browser download) against pytest-django's live server."""

import contextlib
import os
import shutil
from pathlib import Path

import pytest

from tests.browser.axe import AxeWatch
from tests.factories import PASSWORD

SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts" / "screenshots"
# The window every tab opens with, and a phone's (WCAG's 320 CSS px reflow width).
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Screenshots of failures from an earlier run would mislead whoever reads CI's output.
    for stale in SCREENSHOTS.glob("FAILED-*.png"):
        stale.unlink()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--lang=zh-CN",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, monkeypatch):
    """A fresh browser tab; axe checks every page it loads, and any violation fails the test at its end."""
    context = browser.new_context(locale="zh-CN", viewport=DESKTOP, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url
    watch = AxeWatch(page)
    watch.patch(monkeypatch)
    page.axe = watch
    yield page
    watch.check_pending()
    monkeypatch.undo()
    context.close()
    if watch.found:
        pytest.fail("axe found WCAG 2.1 A/AA violations:\n" + "\n".join(watch.found), pytrace=False)


@pytest.fixture
def login(page):
    def do_login(username: str, password: str = PASSWORD):
        page.goto(page.base + "/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        with page.expect_navigation():  # returns once the page the form leads to has loaded
            page.get_by_role("button", name="登录").click()
        return page

    return do_login


@pytest.fixture
def screenshot(page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def shoot(name: str):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return shoot


# A fixed TOTP secret for the test's bureau account; the code is computed like an authenticator app would.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def login_with_code(page, login):
    """Password, then the six-digit code: the two steps bureau staff go through."""
    from playwright.sync_api import expect

    from accounts.two_factor import current_code, totp_device_for_secret

    def do_login(user):
        totp_device_for_secret(user=user, secret_base32=TOTP_SECRET)
        login(user.username)
        expect(page.get_by_role("heading", name="双因素认证")).to_be_visible()
        page.get_by_label("验证码").fill(current_code(TOTP_SECRET))
        page.get_by_role("button", name="验证").click()
        return page

    return do_login


@pytest.fixture
def menu(page):
    """Open a page from the main menu as a person does: unfold the menu that holds the entry, then click it."""

    def go(name: str):
        nav = page.get_by_role("navigation", name="主菜单")
        toggle = page.locator(".nav-toggle")
        if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
            toggle.click()  # a narrow screen folds the whole menu behind one button
        group = nav.locator("details", has=page.locator("a", has_text=name))
        if group.count() and group.first.get_attribute("open") is None:
            group.first.locator("summary").click()
        nav.get_by_role("link", name=name, exact=True).first.click()

    return go


@pytest.fixture
def pick(page):
    """Choose `text` in one of the admin's autocomplete (select2) fields, as a person would: type, then click."""

    def choose(field: str, text: str):
        page.locator(f"#id_{field} + .select2").click()
        page.locator(".select2-container--open .select2-search__field").fill(text)
        page.locator(".select2-results__option", has_text=text).first.click()

    return choose


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing journey leaves a screenshot of where it stopped (CI keeps the folder)."""
    outcome = yield
    report = outcome.get_result()
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and page is not None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        # A screenshot must never hide the real failure.
        with contextlib.suppress(Exception):
            page.screenshot(path=str(SCREENSHOTS / f"FAILED-{item.name}.png"), full_page=True)
