"""Reads of a re-selection's public half, each asking the policies (selection/policies.py)."""

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.policy import visible
from ui.search import search_condition

from .models import Application, ApplicationDocument, ConflictDeclaration, NoticePosition, SelectionNotice
from .policies import public_notices

POSITIONS = Prefetch("positions", queryset=NoticePosition.objects.order_by("kind"))
SEARCH_FIELDS = ["name", "licence_no", "firm", "specialties"]


def public_notice_rows() -> QuerySet:
    """The public list: notices taking applications first (soonest deadline first), then the others."""
    now = timezone.now()
    return (
        public_notices()
        .select_related("round__unit")
        .prefetch_related(POSITIONS)
        .annotate(is_open=Q(state=SelectionNotice.State.PUBLISHED, closes_at__gte=now.replace(microsecond=0)))
        .order_by("-is_open", "closes_at", "pk")
    )


def public_notice(pk: int) -> SelectionNotice | None:
    return public_notices().select_related("round__unit").prefetch_related(POSITIONS).filter(pk=pk).first()


def managed_notice_rows(user) -> QuerySet:
    """The notices this user keeps or reads, with how many applications were submitted to each."""
    submitted = Count("applications", filter=Q(applications__state__in=Application.SUBMITTED_STATES))
    return (
        visible(user, SelectionNotice)
        .select_related("round__unit")
        .prefetch_related(POSITIONS)
        .annotate(submitted_count=submitted)
        .order_by("-opens_at", "-pk")
    )


def own_application_rows(user) -> QuerySet:
    """An applicant's own applications, newest first."""
    return visible(user, Application).select_related("notice").order_by("-created_at", "-pk")


def _count_of(model) -> Coalesce:
    rows = model.objects.filter(application=OuterRef("pk")).order_by().values("application")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


def notice_application_rows(user, notice: SelectionNotice, *, search: str = "", state: str = "") -> QuerySet:
    """A notice's applications this user may see (the bureau running it, its panel; never drafts)."""
    rows = (
        visible(user, Application)
        .filter(notice=notice)
        # Counted in subqueries, not joins: the page's COUNT(*) then leaves them out, and no row is multiplied.
        .annotate(document_count=_count_of(ApplicationDocument), conflict_count=_count_of(ConflictDeclaration))
        .order_by("submitted_at", "pk")
    )
    if state:
        rows = rows.filter(state=state)
    if search:
        rows = rows.filter(search_condition(Application, SEARCH_FIELDS, search))
    return rows
