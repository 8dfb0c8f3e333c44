"""The PDF reports users can export. Each report module registers a `ReportSpec`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms


@dataclass(frozen=True)
class ReportSpec:
    key: str
    title: str
    description: str
    template: str
    form_class: type[forms.Form]  # form_class(user=..., data=...): the report's parameters, scoped to the user
    build: Callable[..., dict]  # build(user=, params=, progress=) -> template context; reads via selectors only
    row_count: Callable[..., int]  # row_count(user=, params=) -> rows, cheap; decides direct vs background
    roles: frozenset[str]
    filename: Callable[[dict], str] = field(default=lambda params: "report.pdf")
    counted_pages: bool = True  # "第 X 页 共 Y 页" (summaries) or "— X —" (letters)


_REPORTS: dict[str, ReportSpec] = {}


def register(spec: ReportSpec) -> ReportSpec:
    _REPORTS[spec.key] = spec
    return spec


def get(key: str) -> ReportSpec | None:
    return _REPORTS.get(key)


def available_to(user) -> list[ReportSpec]:
    if not (user and user.is_authenticated):
        return []
    role = "bureau" if user.is_superuser else user.role
    return [spec for spec in _REPORTS.values() if role in spec.roles]
