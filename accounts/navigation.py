"""Portal sections, registered by each app in its AppConfig.ready(); the home page and menu list
those the user's role may open."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    roles: frozenset[str]
    description: str = ""
    order: int = 100

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_SECTIONS: list[Section] = []


def register(*, label, url_name: str, roles, description="", order: int = 100) -> None:
    if any(s.url_name == url_name for s in _SECTIONS):
        return
    _SECTIONS.append(Section(label, url_name, frozenset(roles), description, order))
    _SECTIONS.sort(key=lambda s: s.order)


def sections_for(user) -> list[Section]:
    if not (user and user.is_authenticated):
        return []
    role = "bureau" if user.is_superuser else user.role
    return [s for s in _SECTIONS if role in s.roles]
