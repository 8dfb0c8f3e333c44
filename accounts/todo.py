"""What waits for each person, shown on the portal home (待办). Each app registers its items in its
AppConfig.ready(), as it registers its menu sections (accounts.navigation), so the home page imports no app.

An item asks the policies whether it concerns the user (`allowed(user)`), counts the rows with the app's
user-scoped selector in one query (`count(user, today)`), and links to the list page filtered to exactly
those rows (`url(today)`). Items with a deadline say how many days are left.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    allowed: Callable[[object], bool]
    count: Callable[[object, datetime.date], int]
    url: Callable[[datetime.date], str]
    deadline: Callable[[datetime.date], datetime.date] | None = None
    # Rows per unit, each (label, count, url), in one more query: where the count needs explaining.
    breakdown: Callable[[object, datetime.date], list[tuple[str, int, str]]] | None = None
    order: int = 100


@dataclass(frozen=True)
class Waiting:
    """One item as this user sees it today."""

    item: Item
    count: int
    url: str
    deadline: datetime.date | None
    days_left: int | None
    breakdown: list[tuple[str, int, str]]


_ITEMS: list[Item] = []


def register(item: Item) -> None:
    if any(existing.key == item.key for existing in _ITEMS):
        return
    _ITEMS.append(item)
    _ITEMS.sort(key=lambda i: i.order)


def waiting_for(user, *, today: datetime.date | None = None) -> list[Waiting]:
    """The items that concern this user, each counted with one query."""
    if not (user and user.is_authenticated):
        return []
    today = today or timezone.localdate()
    waiting = []
    for item in _ITEMS:
        if not item.allowed(user):
            continue
        deadline = item.deadline(today) if item.deadline else None
        waiting.append(
            Waiting(
                item=item,
                count=item.count(user, today),
                url=item.url(today),
                deadline=deadline,
                days_left=(deadline - today).days if deadline else None,
                breakdown=item.breakdown(user, today) if item.breakdown else [],
            )
        )
    return waiting
