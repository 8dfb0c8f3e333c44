"""Every URL of the project, tried by every role on unit A's objects, GET and an empty POST, against the matrix
(tests/security/matrix.py). All unexpected outcomes are reported together, as a table."""

from __future__ import annotations

import os
import time
from urllib.parse import urlparse

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.urls import reverse

from audit.models import AuditChainLink
from tests.conftest import built_once
from tests.world import ROLES, matrix_world

from . import matrix

pytestmark = pytest.mark.slow  # a minute and a half for all the roles

# Pages whose POST changes the client's own session (signs out, signs in, passes the TOTP step): a fresh
# client each time, so the role's shared client stays signed in.
FRESH_CLIENT = {
    "logout",
    "admin:logout",
    "login",
    "admin:login",
    "two_factor_verify",
    "two_factor_setup",
    "password_change",
    "admin:password_change",
    "set_language",
}
LOGIN_PATHS = (reverse("login"), reverse("admin:login"))


def test_every_url_pattern_is_in_the_permission_matrix():
    patterns = dict(matrix.all_patterns())
    covered = matrix.covered_keys()
    missing = sorted(key for key in patterns if key not in covered)
    assert not missing, "new URL not in the permission matrix: " + ", ".join(f"{k} ({patterns[k]})" for k in missing)
    stale = sorted(covered - set(patterns))
    assert not stale, "the permission matrix names URLs that no longer exist: " + ", ".join(stale)


def test_every_admin_model_is_in_the_admin_policy_table():
    from django.contrib import admin

    table = matrix.parse_admin()
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert not registered - set(table), f"models in the admin but not in the matrix: {sorted(registered - set(table))}"
    assert not set(table) - registered, f"matrix rows for models not in the admin: {sorted(set(table) - registered)}"


# -- Running the matrix ----------------------------------------------------------------------------


def _tables_watched():
    # The audit chain's links grow with the audit rows (refused accesses are audited).
    skip = {LogEntry._meta.db_table, AuditChainLink._meta.db_table, "django_session"}
    return [
        m._meta.db_table
        for m in apps.get_models()
        if m._meta.managed and not m._meta.proxy and m._meta.db_table not in skip
    ]


def fingerprint(tables) -> tuple:
    """Row counts of every table and the number of audited writes (create, update, delete) in one query:
    a refused POST must leave both as they were. Updates through `QuerySet.update()` escape it."""
    qn = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {qn(t)})" for t in tables)
    writes = f"(SELECT COUNT(*) FROM {qn(LogEntry._meta.db_table)} WHERE action <> {int(LogEntry.Action.ACCESS)})"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {writes}, {counts}")
        return tuple(cursor.fetchone())


def classify(response) -> str:
    if response.status_code == 302 and urlparse(response["Location"]).path in LOGIN_PATHS:
        return "login"
    return str(response.status_code)


def page_url(row: matrix.Expectation, world) -> str:
    obj, a = row.obj, world.a
    if obj == "-":
        return reverse(row.pattern)
    if obj == "engagement,year":
        return reverse(row.pattern, args=[a["engagement"].pk, 2025])
    if obj == "year":
        return reverse(row.pattern, args=[2025])
    if obj == "report":
        return reverse(row.pattern, kwargs={"key": "no-such-report"})
    if obj == "app":
        return reverse(row.pattern, kwargs={"app_label": "advisers"})
    if obj == "contenttype,pk":
        return reverse(row.pattern, args=[ContentType.objects.get_for_model(a["adviser"]).pk, a["adviser"].pk])
    if obj == "path":
        return "/admin/no-such-page/"
    if obj == "uid,token":  # an account confirmation link that names no account
        return reverse(row.pattern, args=["MA", "no-such-token"])
    return reverse(row.pattern, args=[a[obj].pk])


def admin_url(row: matrix.Expectation, kind: str, model, world) -> str:
    if kind in ("changelist", "add", "import", "process_import", "export"):
        return reverse(row.pattern)
    obj = world.admin_object(model)
    assert obj is not None, f"tests/world.py builds no {model._meta.label} for the admin rows"
    if kind == "redirect":
        return f"/admin/{model._meta.app_label}/{model._meta.model_name}/{obj.pk}/"
    return reverse(row.pattern, args=[obj.pk])


# Built once per module on each xdist worker; each role's test runs in a savepoint rolled back after it.
matrix_world_once = built_once(matrix_world)


@pytest.fixture
def world(matrix_world_once, db, settings):
    settings.AXES_FAILURE_LIMIT = 10_000  # empty sign-in POSTs by every role must not lock anyone out
    return matrix_world_once


def _client(world, role, client_for):
    user = world.users[role]
    return client_for(user) if user else Client()


def _request(client, method, url):
    try:
        response = client.get(url) if method == "GET" else client.post(url, {})
    except Exception as exc:  # a 500: the test client re-raises the view's exception
        return "500", f"{type(exc).__name__}: {exc}"[:120], None
    return classify(response), "", response


# One test per role (one column of the matrix), so that xdist spreads the roles over its workers.
@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_what_the_permission_matrix_says(world, role, client_for):
    tables = _tables_watched()
    rows = [(row, page_url(row, world)) for row in matrix.parse_pages()]
    rows += [(row, admin_url(row, kind, model, world)) for row, kind, model in matrix.admin_expectations()]
    problems, actual_rows, timings = [], [], {}
    started = time.monotonic()
    shared_client = _client(world, role, client_for)
    for row, url in rows:
        if role not in row.outcomes:
            continue  # a page the jurisdiction pairs do not try (matrix.JURISDICTION_PAGES)
        expected = row.outcomes[role]
        refused = expected <= matrix.REFUSALS
        client = _client(world, role, client_for) if row.pattern in FRESH_CLIENT else shared_client
        before = fingerprint(tables) if row.method == "POST" and refused else None
        t0 = time.monotonic()
        got, detail, response = _request(client, row.method, url)
        key = (row.obj == "admin", role, got)
        timings[key] = timings.get(key, 0) + time.monotonic() - t0
        if got not in expected:
            problems.append((row.pattern, url, role, row.method, "/".join(sorted(expected)), got, detail))
        if before is not None and fingerprint(tables) != before:
            problems.append((row.pattern, url, role, row.method, "no change", "DATA CHANGED", ""))
        if (
            role in matrix.LEAK_MARKERS
            and response is not None
            and got == "200"
            and not getattr(response, "streaming", False)
            and (row.pattern, role) not in matrix.LEAK_ALLOWED
        ):
            body = response.content.decode(errors="replace")
            leaked = [m for m in matrix.LEAK_MARKERS[role] if m in body]
            if leaked:
                problems.append((row.pattern, url, role, row.method, "no data out of scope", f"shows {leaked}", ""))
        actual_rows.append((row, got))
    if os.environ.get("MATRIX_PRINT"):
        print(f"\n{len(rows)} rows in {time.monotonic() - started:.1f} s")
        for key, seconds in sorted(timings.items(), key=lambda kv: -kv[1])[:25]:
            print(key, round(seconds, 1))
        for row, got in actual_rows:
            if row.obj != "admin":
                print(f"{row.pattern:<36} {row.obj:<17} {row.method:<6} {got}")
    if problems:
        width = max(len(p[0]) for p in problems)
        lines = [f"{'pattern':<{width}}  {'role':<10} {'method':<6} {'expected':<14} {'got':<14} url / detail"]
        lines += [f"{p:<{width}}  {r:<10} {m:<6} {e:<14} {g:<14} {u} {d}" for p, u, r, m, e, g, d in problems]
        pytest.fail(
            f"{len(problems)} unexpected outcomes in the permission matrix:\n" + "\n".join(lines), pytrace=False
        )
