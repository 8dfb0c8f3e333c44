"""Portal sections, registered by each app in its AppConfig.ready(); the home page and menu list those the
user may open. Each section asks the policy the question its page asks (`model` + `action`, or a callable
`allowed(user)` that asks policies), so a menu never offers a page that refuses the user, nor hides one
that opens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.urls import reverse

from .policy import VIEW, policy_for


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    allowed: Callable[[object], bool]
    description: str = ""
    order: int = 100

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_SECTIONS: list[Section] = []


def register(
    *,
    label,
    url_name: str,
    model: type[models.Model] | None = None,
    action: str = VIEW,
    allowed: Callable[[object], bool] | None = None,
    description="",
    order: int = 100,
) -> None:
    """Give either `model` (the page requires `action` on it) or `allowed(user)`."""
    if (model is None) == (allowed is None):
        raise TypeError("register a section with either model= or allowed=")
    if any(s.url_name == url_name for s in _SECTIONS):
        return
    _SECTIONS.append(Section(label, url_name, allowed or _asks(model, action), description, order))
    _SECTIONS.sort(key=lambda s: s.order)


def _asks(model, action) -> Callable[[object], bool]:
    """The question the section's page asks: may the user do `action` on `model`?"""
    return lambda user: policy_for(model).can(user, action)


def sections_for(user) -> list[Section]:
    if not (user and user.is_authenticated):
        return []
    return [s for s in _SECTIONS if s.allowed(user)]
