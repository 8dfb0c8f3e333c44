"""The filters and orderings list pages use, as querysets, for EXPLAIN ANALYZE on the province set.

Each entry builds the queryset a page would run (first page, 30 rows) for a user of a role, through the
permission policy; `manage.py explain_lists` prints each plan and flags sequential scans of big tables.
Add an entry when a list page with a new filter or ordering lands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from accounts.policy import registered_models, visible
from advisers.selectors import engagements_for
from contracts.selectors import contracts_for
from ui.search import search_condition

PAGE = 30


@dataclass(frozen=True)
class ListQuery:
    name: str
    role: str
    build: Callable[[object], QuerySet]  # user -> queryset of one page
    models: tuple[str, ...] = ()


QUERIES: list[ListQuery] = []


def list_query(name: str, role: str, *models: str):
    def decorate(function):
        QUERIES.append(ListQuery(name, role, function, models))
        return function

    return decorate


def available(query: ListQuery) -> bool:
    for label in query.models:
        try:
            apps.get_model(label)
        except LookupError:
            return False
    return True


def _model(label):
    return apps.get_model(label)


# -- accounts -----------------------------------------------------------------------------------------
@list_query("units by path (officer subtree)", "officer", "accounts.Unit")
def _units(user):
    return visible(user, _model("accounts.Unit")).select_related("parent").order_by("path")[:PAGE]


@list_query("own notices, newest first", "officer", "accounts.Notice")
def _notices(user):
    return visible(user, _model("accounts.Notice")).order_by("-created_at", "-pk")[:PAGE]


@list_query("audit trail, newest first", "auditor", "auditlog.LogEntry")
def _log(user):
    return _model("auditlog.LogEntry").objects.select_related("content_type", "actor").order_by("-timestamp")[:PAGE]


# -- advisers and contracts ----------------------------------------------------------------------------
@list_query("advisers by name", "bureau", "advisers.Adviser")
def _advisers(user):
    return visible(user, _model("advisers.Adviser")).order_by("name", "pk")[:PAGE]


@list_query("engagements, newest first (province)", "bureau", "advisers.Engagement")
def _engagements(user):
    return (
        visible(user, _model("advisers.Engagement"))
        .select_related("adviser", "unit")
        .order_by("-start_date", "pk")[:PAGE]
    )


@list_query("engagements of the officer's subtree, active", "officer", "advisers.Engagement")
def _engagements_unit(user):
    return (
        visible(user, _model("advisers.Engagement"))
        .filter(status="active")
        .select_related("adviser", "unit")
        .order_by("-start_date", "pk")[:PAGE]
    )


@list_query("engagements expiring in the next 60 days (reminders)", "bureau", "advisers.Engagement")
def _engagements_expiring(user):

    today = timezone.localdate()
    return (
        visible(user, _model("advisers.Engagement"))
        .filter(status="active", end_date__range=(today, today + timedelta(days=60)))
        .order_by("end_date")[:PAGE]
    )


@list_query("contracts, newest first (province)", "bureau", "contracts.ServiceContract")
def _contracts(user):
    return (
        visible(user, _model("contracts.ServiceContract"))
        .select_related("adviser", "unit")
        .order_by("-signed_on", "-pk")[:PAGE]
    )


@list_query("contracts of the officer's subtree", "officer", "contracts.ServiceContract")
def _contracts_unit(user):
    return (
        visible(user, _model("contracts.ServiceContract"))
        .select_related("adviser", "unit")
        .order_by("-signed_on", "-pk")[:PAGE]
    )


@list_query("contracts, newest first, open findings counted (portal list)", "bureau", "contracts.ServiceContract")
def _contracts_portal(user):

    return contracts_for(user)[:PAGE]


@list_query("engagements, terms ending first (portal list)", "bureau", "advisers.Engagement")
def _engagements_ending_first(user):

    return engagements_for(user)[:PAGE]


@list_query("opinions searched for a three-character term (admin and portal search)", "bureau", "advisers.LegalOpinion")
def _opinions_search(user):

    model = _model("advisers.LegalOpinion")
    found = search_condition(model, ["subject", "adviser__name", "unit__name"], "审查意")
    return visible(user, model).filter(found).order_by("-date", "-pk")[:PAGE]


@list_query("opinions, newest first (province)", "bureau", "advisers.LegalOpinion")
def _opinions(user):
    return (
        visible(user, _model("advisers.LegalOpinion")).select_related("adviser", "unit").order_by("-date", "-pk")[:PAGE]
    )


@list_query("opinions of the officer's subtree", "officer", "advisers.LegalOpinion")
def _opinions_unit(user):
    return (
        visible(user, _model("advisers.LegalOpinion")).select_related("adviser", "unit").order_by("-date", "-pk")[:PAGE]
    )


@list_query("opinions not adopted (province)", "bureau", "advisers.LegalOpinion")
def _opinions_not_adopted(user):
    return visible(user, _model("advisers.LegalOpinion")).filter(adoption="not_adopted").order_by("-date", "-pk")[:PAGE]


@list_query("one adviser's opinions (adviser portal)", "adviser", "advisers.LegalOpinion")
def _opinions_adviser(user):
    return _model("advisers.LegalOpinion").objects.filter(adviser_id=user.adviser_id).order_by("-date", "-pk")[:PAGE]


@list_query("lectures, newest first (province)", "bureau", "advisers.Lecture")
def _lectures(user):
    return visible(user, _model("advisers.Lecture")).select_related("speaker", "unit").order_by("-date", "-pk")[:PAGE]


@list_query("advisers with no opinion since 6 months (hired but not used)", "bureau", "advisers.LegalOpinion")
def _idle(user):

    since = timezone.localdate() - timedelta(days=183)
    opinions = _model("advisers.LegalOpinion").objects.filter(adviser=OuterRef("adviser"), date__gte=since)
    return (
        visible(user, _model("advisers.Engagement"))
        .filter(status="active")
        .exclude(Exists(opinions))
        .select_related("adviser", "unit")
        .order_by("end_date")[:PAGE]
    )


def default_orderings() -> list[ListQuery]:
    """Every model with a policy, in its Meta.ordering, first page as bureau and as an officer: the
    ordering a list shows when no filter is chosen."""

    queries = []
    for model in registered_models():
        ordering = model._meta.ordering
        if not ordering:
            continue
        for role in ("bureau", "officer"):
            queries.append(
                ListQuery(
                    f"{model._meta.label} by {', '.join(ordering)}",
                    role,
                    lambda user, model=model, ordering=ordering: visible(user, model).order_by(*ordering)[:PAGE],
                )
            )
    return queries
