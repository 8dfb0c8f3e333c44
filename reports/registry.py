"""The PDF reports users can export. Each report module registers a `ReportSpec`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.db import models

from accounts.policy import EXPORT, policy_for


@dataclass(frozen=True)
class ReportSpec:
    key: str
    title: str
    description: str
    template: str
    form_class: type[forms.Form]  # form_class(user=..., data=...): the report's parameters, scoped to the user
    build: Callable[..., dict]  # build(user=, params=, progress=) -> template context; reads via selectors only
    row_count: Callable[..., int]  # row_count(user=, params=) -> rows, cheap; decides direct vs background
    model: type[models.Model]  # the rows it reports on: who may `action` them may export it
    filename: Callable[[dict], str] = field(default=lambda params: "report.pdf")
    counted_pages: bool = True  # "第 X 页 共 Y 页" (summaries) or "— X —" (letters)
    action: str = EXPORT


_REPORTS: dict[str, ReportSpec] = {}


def register(spec: ReportSpec) -> ReportSpec:
    _REPORTS[spec.key] = spec
    return spec


def get(key: str) -> ReportSpec | None:
    return _REPORTS.get(key)


def available_to(user) -> list[ReportSpec]:
    return [spec for spec in _REPORTS.values() if policy_for(spec.model).can(user, spec.action)]
