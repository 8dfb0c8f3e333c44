"""Reads of the panel's half of a selection."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.policy import visible
from selection.models import Application, Panel, PanelMember, Proposed, ScoreSheet, SelectionNotice

from . import scoring
from .policies import SCORED_STATES


def publicity_days(notice: SelectionNotice) -> tuple[dt.date, dt.date] | None:
    """The first and last Beijing day of the notice's 公示 (both included), or None before it is published."""
    if notice.publicity_starts_at is None:
        return None
    first = timezone.localtime(notice.publicity_starts_at).date()
    return first, first + dt.timedelta(days=notice.publicity_days - 1)


def panel_of(notice: SelectionNotice) -> Panel | None:
    return Panel.objects.filter(notice=notice).first()


def panel_results(notice: SelectionNotice) -> list[scoring.Result]:
    """Every eligible application of the notice with its evaluators' submitted totals, final score and rank (two
    queries: the applications with the panel's settings, the totals)."""
    panel = panel_of(notice)
    applications = list(notice.applications.filter(state__in=SCORED_STATES).order_by("name", "pk"))
    totals: dict[int, list] = {a.pk: [] for a in applications}
    for application_id, total in ScoreSheet.objects.filter(
        application__in=[a.pk for a in applications], submitted_at__isnull=False
    ).values_list("application_id", "total"):
        totals[application_id].append(total)
    results = []
    for application in applications:
        result = scoring.Result(application_id=application.pk, totals=sorted(totals[application.pk]))
        result.score = scoring.final_score(
            result.totals,
            drop_extremes=panel.drop_extremes if panel else True,
            drop_extremes_from=panel.drop_extremes_from if panel else 5,
        )
        result.application = application
        results.append(result)
    return scoring.ranked(results)


def panels_of(user) -> QuerySet:
    """The panels this user sits on, newest notice first."""
    return (
        Panel.objects.filter(members__user=user)
        .select_related("notice__round__unit")
        .order_by("-notice__opens_at", "-pk")
    )


def scoring_rows(user, notice: SelectionNotice) -> QuerySet:
    """The applications this evaluator scores on a notice, each with their own sheet (one query)."""
    mine = ScoreSheet.objects.filter(member__user=user)
    return (
        visible(user, Application)
        .filter(notice=notice, state__in=SCORED_STATES)
        .prefetch_related(Prefetch("score_sheets", queryset=mine, to_attr="my_sheets"))
        .order_by("name", "pk")
    )


def members_with_progress(panel: Panel) -> QuerySet:
    return (
        PanelMember.objects.filter(panel=panel)
        .select_related("user")
        .annotate(
            submitted=Count("sheets", filter=Q(sheets__submitted_at__isnull=False)),
            abstained=Count("sheets", filter=Q(sheets__declaration=ScoreSheet.Declaration.CONFLICT)),
        )
        .order_by("pk")
    )


def published_list(notice: SelectionNotice) -> QuerySet:
    """The proposed list as published (public: names, kind, firm, score and rank — no contact data)."""
    return (
        Proposed.objects.filter(notice=notice)
        .select_related("application")
        .only("rank", "score", "tied", "application__name", "application__kind", "application__firm", "notice_id")
        .order_by("rank", "pk")
    )
