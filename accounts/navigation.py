"""Portal sections, registered by each app in its AppConfig.ready(); the menu lists those the user may
open, in at most seven groups named by the work (GROUPS). Each section asks the policy the question its page
asks (`model` + `action`, or a callable `allowed(user)` that asks policies), so a menu never offers a page
that refuses the user, nor hides one that opens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import pgettext_lazy

from .policy import VIEW, policy_for

# The menus, in their order: each section names its group when it registers.
GROUPS = {
    "advisers": pgettext_lazy("menu", "Advisers"),
    "duty": pgettext_lazy("menu", "Duty"),
    "contracts": pgettext_lazy("menu", "Contracts"),
    "fees": pgettext_lazy("menu", "Fees"),
    "reviews": pgettext_lazy("menu", "Assessments and reports"),
    "statistics": pgettext_lazy("menu", "Statistics and reports"),
    "system": pgettext_lazy("menu", "System"),
}


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    allowed: Callable[[object], bool]
    group: str
    description: str = ""
    order: int = 100

    @property
    def url(self) -> str:
        return _address(self.url_name, get_script_prefix(), get_urlconf())


@cache
def _address(url_name: str, prefix: str, urlconf) -> str:
    # Every page's menu asks for each section's address twice (about fifty reverse() calls, a millisecond).
    return reverse(url_name, urlconf=urlconf)


_SECTIONS: list[Section] = []


def register(
    *,
    label,
    url_name: str,
    group: str,
    model: type[models.Model] | None = None,
    action: str = VIEW,
    allowed: Callable[[object], bool] | None = None,
    description="",
    order: int = 100,
) -> None:
    """Give either `model` (the page requires `action` on it) or `allowed(user)`; `group` is a key of GROUPS."""
    if (model is None) == (allowed is None):
        raise TypeError("register a section with either model= or allowed=")
    if group not in GROUPS:
        raise ValueError(f"unknown menu group {group!r}; use one of {', '.join(GROUPS)}")
    if any(s.url_name == url_name for s in _SECTIONS):
        return
    _SECTIONS.append(Section(label, url_name, allowed or _asks(model, action), group, description, order))
    _SECTIONS.sort(key=lambda s: s.order)


def _asks(model, action) -> Callable[[object], bool]:
    """The question the section's page asks: may the user do `action` on `model`?"""
    return lambda user: policy_for(model).can(user, action)


def sections_for(user) -> list[Section]:
    if not (user and user.is_authenticated):
        return []
    return [s for s in _SECTIONS if s.allowed(user)]


@dataclass(frozen=True)
class Menu:
    key: str
    label: str
    sections: list[Section]
    current: Section | None  # the section whose page is open, if it is in this menu


def menus_for(user, path: str) -> list[Menu]:
    """The user's sections grouped into the menus that hold at least one, the open page's section marked:
    the one whose address is the longest start of `path` (a request's detail page marks its list)."""
    sections = sections_for(user)
    matching = [s for s in sections if path.startswith(s.url)]
    current = max(matching, key=lambda s: len(s.url), default=None)
    menus = []
    for key, label in GROUPS.items():
        mine = [s for s in sections if s.group == key]
        if mine:
            menus.append(Menu(key, label, mine, current if current in mine else None))
    return menus
