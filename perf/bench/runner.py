"""Time every page for each role and each jurisdiction's identity in-process (Django's test client) and
count its queries."""

from __future__ import annotations

import statistics
import time
from dataclasses import asdict, dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from accounts.roles import Role

from .pages import Page, pages_for

QUERY_BUDGET = 20
# Who sees what depends on the jurisdiction too: the same role at another level reads another area.
# Name in the results -> the generated account (perf.generator.accounts).
IDENTITIES = {
    "city_bureau": "bench_bureau_city_1",
    "county_bureau": "bench_bureau_county_1",
    "province": "bench_bureau_province",
    "city_auditor": "bench_auditor_city_1",
}


@dataclass
class PageResult:
    role: str  # a role, or the name of an identity (IDENTITIES)
    page: str
    url: str
    kind: str
    status: int
    p50_ms: float | None = None
    p95_ms: float | None = None
    queries: int | None = None
    target_ms: int | None = None

    @property
    def measured(self) -> bool:
        return self.p50_ms is not None

    @property
    def meets_time(self) -> bool:
        return self.measured and self.p95_ms <= self.target_ms

    @property
    def meets_queries(self) -> bool:
        return self.measured and self.queries <= QUERY_BUDGET

    def as_dict(self) -> dict:
        return {**asdict(self), "meets_time": self.meets_time, "meets_queries": self.meets_queries}


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: with 20 samples, p95 is the 19th fastest."""
    ordered = sorted(values)
    rank = max(1, -(-int(share * 100) * len(ordered) // 100))
    return ordered[min(rank, len(ordered)) - 1]


def bench_user(role: str) -> User | None:
    """The generated account for a role (bench_<role>_1), else the first active account with it."""
    user = User.objects.filter(username=f"bench_{role}_1", is_active=True).first()
    return user or User.objects.filter(role=role, is_active=True).order_by("pk").first()


def identity_user(name: str) -> User | None:
    """The account an identity of IDENTITIES stands for."""
    return User.objects.filter(username=IDENTITIES[name], is_active=True).select_related("unit__jurisdiction").first()


def who(roles=None, identities=None) -> list[tuple[str, User | None]]:
    """(name, account) to time the pages as: every role and identity, or only those asked for."""
    if roles is None and identities is None:
        roles, identities = Role.values, list(IDENTITIES)
    return [(role, bench_user(role)) for role in roles or []] + [
        (name, identity_user(name)) for name in identities or []
    ]


def logged_in_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    mark_second_factor_verified(client, user)
    return client


def mark_second_factor_verified(client: Client, user: User) -> None:
    """For accounts that need TOTP, the session names a confirmed device, as after the real TOTP step."""
    if not getattr(user, "requires_two_factor", False):
        return
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def time_page(client: Client, page: Page, repeat: int) -> tuple[int, list[float], list[str]]:
    """Status, the timings in ms, and the SQL of the last request."""
    response = client.get(page.url)  # warm-up: template loading, caches
    if response.status_code != 200:
        return response.status_code, [], []
    samples = []
    sql: list[str] = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            client.get(page.url)
            samples.append((time.perf_counter() - started) * 1000)
        sql = [query["sql"] for query in captured.captured_queries]
    return 200, samples, sql


def bench_pages(
    *, roles=None, identities=None, repeat: int = 10, name_filter: str = "", log=print, show_sql: bool = False
) -> tuple[list[PageResult], list[str]]:
    results: list[PageResult] = []
    notes: list[str] = []
    for role, user in who(roles, identities):
        if user is None:
            notes.append(f"{role}: no account")
            continue
        client = logged_in_client(user)
        pages, skipped = pages_for(user)
        notes += [f"{role}: {line}" for line in skipped]
        for page in pages:
            if name_filter and name_filter not in page.name:
                continue
            status, samples, sql = time_page(client, page, repeat)
            result = PageResult(role, page.name, page.url, page.kind, status)
            if samples:
                result.p50_ms = round(statistics.median(samples), 1)
                result.p95_ms = round(percentile(samples, 0.95), 1)
                result.queries = len(sql)
                result.target_ms = page.target_ms
            results.append(result)
            log(_line(result))
            if show_sql:
                for number, statement in enumerate(sql, 1):
                    log(f"    {number:>2}. {statement[:400]}")
    return results, notes


def _line(r: PageResult) -> str:
    if not r.measured:
        why = "GET not allowed" if r.status == 405 else "not reachable by this role"
        return f"{r.role:<14} {r.page:<48} {'-':>8} {'-':>8} {'-':>4}  HTTP {r.status} ({why})"
    flag = "" if r.meets_time and r.meets_queries else "  ✗"
    return f"{r.role:<14} {r.page:<48} {r.p50_ms:>8.1f} {r.p95_ms:>8.1f} {r.queries:>4}  ≤{r.target_ms}{flag}"


HEADER = f"{'role':<14} {'page':<48} {'p50 ms':>8} {'p95 ms':>8} {'SQL':>4}  target"
