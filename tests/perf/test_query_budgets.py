"""Every list page runs the same number of queries for 3 rows as for 30, and no page runs more than 20.

Pages are found generically (perf.bench.pages): every admin changelist and every portal page without
arguments, as each role sees them. A new list whose rows each cost a query (a missing
`list_select_related`, a related name in a template) fails here; so does a new model the generator
does not fill yet (add its family in `perf/generator/`).
"""

import random
from pathlib import Path
from unittest import mock

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db import connection, reset_queries, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.middleware import IdleTimeoutMiddleware
from accounts.roles import Role
from perf.bench.pages import admin_pages, portal_pages
from perf.bench.runner import QUERY_BUDGET, bench_user, logged_in_client
from perf.generator import Context, run
from perf.scales import small_scale

# Marks the module as using the database, so that the test database is set up before the fixture; and keeps
# its tests on one xdist worker, so that the module's measurement (a minute) is made once, not once per worker.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("query-budgets")]
ROLES = [Role.BUREAU, Role.AUDITOR, Role.OFFICER, Role.FINANCE, Role.ADVISER]
LIST_KINDS = {"admin list", "page", "dashboard", "admin"}
ROOT = Path(settings.BASE_DIR)


def _measure(rows: int, *, against: dict | None = None, only: set | None = None) -> tuple[dict, dict]:
    """Generate a set with about `rows` rows per list, GET every page (or the pages `only` names) as every role,
    roll back.

    Pages are measured at their first visit, cold (per-process caches, cached figures): a cold visit runs at
    least as many queries as a warm one, so that count stands where it is within the budget and agrees with the
    measurement it is compared with (`against`); elsewhere the page is measured again, warm. The pages `only`
    names are measured warm, after a first visit.

    Returns {(role, page): (status, [sql], rows, empty lists)} and {model label: rows the bureau's admin lists}.
    """
    measured, sizes = {}, {}
    # The once-a-minute refresh of a session's last activity would fall on some page's measured request
    # on a busy machine, where one role's pages take longer than a minute.
    with transaction.atomic(), mock.patch.object(IdleTimeoutMiddleware, "REFRESH_SECONDS", 24 * 3600):
        run(
            Context(scale=small_scale(rows), rng=random.Random(rows), today=timezone.localdate(), log=lambda line: None)
        )
        for role in ROLES:
            user = bench_user(role)
            client = logged_in_client(user)
            pages = admin_pages(user) if user.uses_admin else []
            pages += portal_pages(user)[0]
            for page in pages:
                key = (role, page.name, page.kind)
                if only is not None and key not in only:
                    continue
                before = (against or {}).get(key)
                if only is not None:
                    client.get(page.url)  # warm-up: per-process caches (content types, templates, figures)
                reset_queries()  # a request outside a capture empties the log; without one it would fill up
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(page.url)
                count = len(captured.captured_queries)
                if count > QUERY_BUDGET or (before is not None and count != len(before[1])):
                    with CaptureQueriesContext(connection) as captured:  # the first visit filled caches
                        response = client.get(page.url)
                measured[key] = (
                    response.status_code,
                    [q["sql"] for q in captured.captured_queries],
                    _rows(response),
                    _empty_lists(response),
                )
        for model in admin.site._registry:
            if _is_ours(model):
                sizes[model._meta.label] = model._default_manager.count()
        transaction.set_rollback(True)
    return measured, sizes


@pytest.fixture(scope="module")
def few_and_many(django_db_setup, django_db_blocker):
    """Measured once for the module; each set is rolled back after its measurement. The small set's pages are
    visited once, cold; the large set's warm where their counts differ, and those pages of the small set are
    measured again, warm (visiting every page twice cost a third of the module's time)."""
    with django_db_blocker.unblock():
        few, few_sizes = _measure(3)
        many, many_sizes = _measure(30, against=few)
        differing = {key for key in many.keys() & few.keys() if len(many[key][1]) != len(few[key][1])}
        if differing:
            few.update(_measure(3, only=differing)[0])
        return (few, few_sizes), (many, many_sizes)


def _page(response) -> bytes:
    """The page's HTML; nothing for a refusal or a download (a file streamed, e.g. an application's PDF)."""
    return response.content if response.status_code == 200 and not response.streaming else b""


def _rows(response) -> int:
    """Table rows on the page (an empty list skips the queries for its rows' relations)."""
    return _page(response).count(b"<tr") - _empty_lists(response)


def _empty_lists(response) -> int:
    """The lists on the page that say they are empty (one row with class="empty")."""
    return _page(response).count(b'class="empty"')


def _is_ours(model) -> bool:
    """Models of this project's apps (and the audit trail), not those of third-party admin pages."""
    path = Path(apps.get_app_config(model._meta.app_label).path)
    return model._meta.app_label == "auditlog" or (ROOT in path.parents and ".venv" not in path.parts)


def _sql(statements):
    return "\n".join(f"  {n}. {sql[:300]}" for n, sql in enumerate(statements, 1))


def test_no_list_page_runs_more_queries_for_30_rows_than_for_3(few_and_many):
    (few, _), (many, _) = few_and_many
    compared, growing = 0, []
    for key, (status, sql, rows, empty) in many.items():
        role, name, kind = key
        if kind not in LIST_KINDS or status != 200 or key not in few or few[key][0] != 200:
            continue
        if few[key][2] < 2 or rows <= few[key][2] or few[key][3] > empty:
            # a list this role sees empty in the small set (header row only, or a page's second list
            # empty there and not in the large one), or no bigger in the large one
            continue
        compared += 1
        if len(sql) != len(few[key][1]):
            growing.append(f"{role} {name}: {len(few[key][1])} queries for 3 rows, {len(sql)} for 30:\n{_sql(sql)}")
    assert compared >= 40, "the page discovery found almost no list pages with rows"
    assert not growing, "\n\n".join(growing)


def test_every_list_page_stays_within_the_query_budget(few_and_many):
    """Detail pages are held to the same budget in the benchmark (make bench), not here."""
    _few, (many, _) = few_and_many
    over = [
        f"{role} {name}: {len(sql)} queries:\n{_sql(sql)}"
        for (role, name, kind), (status, sql, _rows, _empty) in many.items()
        if kind in LIST_KINDS and status == 200 and len(sql) > QUERY_BUDGET
    ]
    assert not over, "\n\n".join(over)


# Settings and reference tables whose row count is fixed by design (one row, one per grade or method),
# and jurisdictions (one per government: a few in the small sets).
FIXED_SIZE = {
    "accounts.Jurisdiction",
    "advisers.AdviserSettings",
    "contracts.ContractRuleSettings",
    "contracts.ProcurementBand",
    "budgets.GradeCoefficient",
    "budgets.FeeStandard",
    "reviews.AssessmentScheme",
    "reviews.InspectionCampaign",
    "reviews.VetoItem",
}


def test_the_small_sets_fill_every_admin_list(few_and_many):
    """Otherwise a list could not show its per-row queries: every admin model needs a generator family."""
    (_few, few_sizes), (_many, many_sizes) = few_and_many
    thin = [
        f"{label} ({few_sizes[label]} and {count} rows)"
        for label, count in many_sizes.items()
        if label not in FIXED_SIZE and (count < 30 or few_sizes[label] < 3)
    ]
    assert not thin, f"perf/generator must make at least 3 and 30 rows of: {', '.join(sorted(thin))}"
