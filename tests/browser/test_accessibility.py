"""Keyboard use: the first tab stop skips the menu. (Every page of every demo role's menu is checked by axe, for its
title and for reflow at 320 px in tests/browser/test_demo_walks.py; the `page` fixture runs axe on every page any
browser test loads, tests/browser/axe.py.)"""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_first_tab_stop_skips_the_menu_to_the_main_content(page, login, officer_a):
    login("officer_a")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到主要内容")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
