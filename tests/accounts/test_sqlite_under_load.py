"""The embedded SQLite default under several people at once: sign-ins wait for the write lock instead of
failing with "database is locked" (WAL, transaction_mode IMMEDIATE and a busy timeout in settings.base).

Real requests through the live server's threads, each with its own connection to the file-based test database
(settings.test), as under a threaded production server."""

import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from accounts.roles import Role
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's locking is what is tested; PostgreSQL locks rows, not the file"
)

PEOPLE = 16


def _sign_in(base_url: str, username: str, password: str) -> str:
    """Sign in as a browser would; what happened: "signed in", "refused" (the form again), or the error."""
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    try:
        opener.open(f"{base_url}/login/", timeout=60).read()
        token = next(cookie.value for cookie in cookies if cookie.name == "csrftoken")
        data = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
        with opener.open(f"{base_url}/login/", data=data.encode(), timeout=60) as response:
            response.read()
            return "refused" if urllib.parse.urlparse(response.url).path == "/login/" else "signed in"
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}: {error.read()[:200]!r}"


@pytest.fixture
def people(transactional_db, unit_a):
    return [make_user(f"officer{i:02d}", Role.OFFICER, unit_a).username for i in range(PEOPLE)]


def test_sixteen_people_signing_in_at_once_all_get_in(live_server, people):
    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        outcomes = list(pool.map(lambda username: _sign_in(live_server.url, username, PASSWORD), people))
    assert outcomes == ["signed in"] * PEOPLE


def test_failed_sign_ins_posted_in_parallel_do_not_make_real_sign_ins_fail(live_server, people):
    real, noise = people[:8], [f"nobody{i}" for i in range(24)]
    attempts = [(username, PASSWORD) for username in real] + [(username, "wrong-Password-1") for username in noise]
    with ThreadPoolExecutor(max_workers=len(attempts)) as pool:
        outcomes = dict(zip(attempts, pool.map(lambda a: _sign_in(live_server.url, *a), attempts), strict=True))
    assert [outcomes[(username, PASSWORD)] for username in real] == ["signed in"] * len(real)
    assert {outcomes[attempt] for attempt in attempts[len(real) :]} == {"refused"}
