"""Shared fixtures: a small unit tree (a city with two departments, a county under it), one user per role,
an adviser engaged at each department, and the demo data set seeded once per session (`demo_data`)."""

import importlib
import io
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import translation

from accounts.models import Unit
from accounts.roles import Role
from tests.factories import (
    AdviserFactory,
    EngagementFactory,
    applicant_user,
    city_round,
    fee_standards,
    make_user,
    selection_notice,
)

ROOT = Path(__file__).resolve().parent.parent


def token_of(page: str) -> str:
    """The one-time token (accounts.once) a create form's page carries."""
    return re.search(r'name="once_token" value="([0-9a-f-]{36})"', page).group(1)


def fresh_token(client, url: str) -> str:
    """A fresh one-time token, fetched the way a browser gets one: from the page that shows the form."""
    return token_of(client.get(url).content.decode())


def post_twice(client, *, page: str, url: str, data: dict):
    """The same create form sent twice (a double click, a resent form): its token fetched from `page`, then two
    POSTs of it to `url`; returns both responses, the second followed to where it leads."""
    data = {**data, "once_token": fresh_token(client, page)}
    return client.post(url, data), client.post(url, data, follow=True)


MISSING_TOKEN = "缺少一次性令牌"


def once(data: dict) -> dict:
    """A create form's POST data with the fresh one-time token a newly opened form carries (any unused UUID,
    `fresh_token` shows where the browser gets it)."""
    return {**data, "once_token": str(uuid.uuid4())}


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached figures (figures.aggregates) from one test must not answer another's request."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the installation's language: a request in another language (the language switch)
    leaves that language active in the thread, and a service a later test calls directly would write its
    notices in it."""
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def city(db):
    return Unit.objects.create(name="株洲市人民政府", kind=Unit.Kind.OTHER, level=Unit.Level.CITY)


@pytest.fixture
def unit_a(city):
    return Unit.objects.create(name="市住房和城乡建设局", parent=city, is_budget_unit=True)


@pytest.fixture
def unit_a_child(unit_a):
    """A secondary institution under unit A: inside A's officer's scope."""
    return Unit.objects.create(name="市房屋征收服务中心", parent=unit_a, kind=Unit.Kind.OTHER)


@pytest.fixture
def unit_b(city):
    return Unit.objects.create(name="市交通运输局", parent=city, is_budget_unit=True)


@pytest.fixture
def bureau(city):
    return make_user("bureau", Role.BUREAU, city)


@pytest.fixture
def officer_a(unit_a):
    return make_user("officer_a", Role.OFFICER, unit_a)


@pytest.fixture
def officer_b(unit_b):
    return make_user("officer_b", Role.OFFICER, unit_b)


@pytest.fixture
def finance(city):
    return make_user("finance", Role.FINANCE, city)


@pytest.fixture
def finance2(city):
    return make_user("finance2", Role.FINANCE, city)


@pytest.fixture
def auditor(city):
    return make_user("auditor", Role.AUDITOR, city)


@pytest.fixture
def county(city):
    return Unit.objects.create(name="醴陵市人民政府", parent=city, kind=Unit.Kind.COUNTY_GOV, level=Unit.Level.COUNTY)


@pytest.fixture
def county_unit(county):
    return Unit.objects.create(name="醴陵市司法局", parent=county, level=Unit.Level.COUNTY)


@pytest.fixture
def county_officer(county):
    return make_user("county_officer", Role.OFFICER, county)


@pytest.fixture
def county_unit_officer(county_unit):
    return make_user("county_unit_officer", Role.OFFICER, county_unit)


@pytest.fixture
def adviser_a(unit_a):
    """An adviser engaged (in force) by unit A."""
    adviser = AdviserFactory(name="张律师", phone="13812345678", licence_no="14302201910123456")
    EngagementFactory(adviser=adviser, unit=unit_a, start_date="2024-01-01", end_date="2030-12-31")
    return adviser


@pytest.fixture
def adviser_b(unit_b):
    adviser = AdviserFactory(name="李律师")
    EngagementFactory(adviser=adviser, unit=unit_b, start_date="2024-01-01", end_date="2030-12-31")
    return adviser


@pytest.fixture
def engagement_a(unit_a):
    return EngagementFactory(unit=unit_a, adviser__name="唐立新")


@pytest.fixture
def engagement_b(unit_b):
    return EngagementFactory(unit=unit_b, adviser__name="贺振华")


@pytest.fixture
def selection_round(city):
    """The city government's open re-selection round (selection/ builds its public notice on it)."""
    return city_round(city)


@pytest.fixture
def notice(selection_round):
    """The round's notice, published and taking applications (4 scholars, 8 lawyers)."""
    return selection_notice(selection_round)


@pytest.fixture
def applicant(db):
    return applicant_user("applicant")


@pytest.fixture
def applicant2(db):
    return applicant_user("applicant2")


@pytest.fixture
def evaluator(db):
    return make_user("evaluator", Role.EVALUATOR, None, email="evaluator@example.cn")


@pytest.fixture
def standards(city):
    """Fee standards for 2024–2026 at the top level, which every level inherits."""
    fee_standards(2024, 2025, 2026)


# The data migrations that write Celery beat's schedule, each idempotent.
SCHEDULE_MIGRATIONS = (
    "reviews.migrations.0002_veto_items_and_reminder_schedule",
    "reviews.migrations.0006_sweep_reminders_several_times_a_day",
    "advisers.migrations.0004_expiry_schedule",
    "advisers.migrations.0015_conflict_review_schedule",
    "accounts.migrations.0008_audit_digest_schedule",
)


@pytest.fixture
def beat_schedules(db):
    """The schedule as the migrations wrote it, written again: a transactional test run before flushes every
    table, and --reuse-db keeps the flushed database for the next run."""
    from django.apps import apps

    for module in SCHEDULE_MIGRATIONS:
        importlib.import_module(module).forwards(apps, None)


@pytest.fixture
def veto_items(db):
    """The default veto items (a data migration creates them, but transactional tests elsewhere flush the tables)."""
    from reviews.models import VetoItem
    from reviews.models.assessments import DEFAULT_VETO_ITEMS

    return [VetoItem.objects.get_or_create(code=code, defaults={"name": name})[0] for code, name in DEFAULT_VETO_ITEMS]


def _client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    if user.requires_two_factor:
        # As if the user had also passed the TOTP step (tests/accounts/test_two_factor.py tests the step).
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def client_for():
    """`client_for(user)`: a test client logged in as that user (past the TOTP step where one is required)."""
    return _client_for


@pytest.fixture
def outsiders(officer_b):
    """Who must never hear of unit A's records: another unit's officer, another city's bureau and finance."""
    other_city = Unit.objects.create(name="湘潭市人民政府", kind=Unit.Kind.OTHER, level=Unit.Level.CITY)
    return [
        officer_b,
        make_user("other_bureau", Role.BUREAU, other_city),
        make_user("other_finance", Role.FINANCE, other_city),
    ]


@pytest.fixture
def told(client_for):
    """`told(kind)`: the usernames that got the notices of this kind (accounts.services.notify), after
    checking that each of them opens the notice's link and is shown the record (200)."""
    from accounts.models import Notice

    def recipients(kind: str) -> set[str]:
        notices = list(Notice.objects.filter(kind=kind).select_related("recipient"))
        for notice in notices:
            response = client_for(notice.recipient).get(notice.link)
            assert response.status_code == 200, (notice.recipient.username, notice.link, response.status_code)
        return {notice.recipient.username for notice in notices}

    return recipients


# -- The demo data set, seeded once ------------------------------------------------------------------


class DemoData:
    """`seed_demo` run once inside a transaction that stays open while the tests asking for `demo` run, each in
    a savepoint of its own (pytest-django's `db`), so every one of them starts from the seeded state.

    Seeding takes seconds, so those tests run together (`pytest_collection_modifyitems`: one xdist group, or
    last without xdist) and seed once. A test that needs a clean database and comes after them first rolls the
    demo back (`pytest_runtest_setup`); a demo test after that would seed again.
    """

    def __init__(self, blocker):
        self.blocker = blocker
        self.outer = None
        self.wrapper = None  # the connection whose transaction holds the seeded rows
        self.output = ""  # what seed_demo printed (the accounts and the TOTP secret)
        self.seedings = 0

    def seed(self):
        if self.outer is not None:
            return
        if connection.in_atomic_block:
            # A django_db marker opens the test's transaction first: the seeding would end with the test.
            raise RuntimeError("a test on the demo data asks for `demo` and carries no django_db marker")
        with self.blocker.unblock():
            self.outer = transaction.atomic()
            self.wrapper = connections[DEFAULT_DB_ALIAS]
            self.outer.__enter__()
            out = io.StringIO()
            try:
                call_command("seed_demo", stdout=out)
            except BaseException:
                self.drop()
                raise
        self.output = out.getvalue()
        self.seedings += 1

    def drop(self):
        if self.outer is None:
            return
        # Once Playwright's sync API runs, tests run in another context, where `connection` is another
        # connection: the seeding's transaction is rolled back on the connection that opened it, else its
        # uncommitted rows would hold the next seeding's inserts forever.
        current = connections[DEFAULT_DB_ALIAS]
        connections[DEFAULT_DB_ALIAS] = self.wrapper
        try:
            with self.blocker.unblock():
                # A test that closed or reset the connection has ended the seeding's transaction already.
                if self.wrapper.in_atomic_block:
                    transaction.set_rollback(True)
                    self.outer.__exit__(None, None, None)
        finally:
            connections[DEFAULT_DB_ALIAS] = current
        self.outer = None


_seeded: list[DemoData] = []  # this process's demo data, once a test has asked for it


@pytest.fixture(scope="session")
def demo_data(django_db_setup, django_db_blocker):
    demo = DemoData(django_db_blocker)
    _seeded.append(demo)
    yield demo
    demo.drop()


@pytest.fixture
def _demo_seeded(demo_data):
    demo_data.seed()
    return demo_data


@pytest.fixture
def demo(_demo_seeded, db):
    """The demo data set, as seed_demo leaves it; whatever the test writes is rolled back after it (`db`'s
    savepoint, taken after the seeding)."""
    return _demo_seeded


def drop_demo():
    """Roll this process's demo data back, if a test seeded it (a fixture that writes rows of its own outside a
    test's transaction calls this first: the demo's open transaction would hold them and be rolled back under
    them)."""
    for demo in _seeded:
        demo.drop()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Any other test starts without the demo rows: rolled back before any fixture runs (pytest-django's `db`
    would otherwise open the test's savepoint inside the seeding's transaction first)."""
    if "_demo_seeded" not in getattr(item, "fixturenames", ()):  # a module's own `demo` fixture too
        drop_demo()


# -- A world built once per module ------------------------------------------------------------------


def built_once(builder):
    """A module-scoped fixture holding `builder()` (a tests/world.py builder): built once for the module inside
    a transaction that is rolled back after it; each test (pytest-django's `db`) runs in a savepoint inside
    it, so what one test writes is gone for the next. Not session-wide: most tests start from an empty
    database. Tests that write re-read the records they use."""

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        drop_demo()
        with django_db_blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            try:
                yield builder()
            finally:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)

    fixture.__doc__ = builder.__doc__
    return fixture


# -- A real Celery worker (the PostgreSQL + Redis CI run) -------------------------------------------


def _database_url_for_worker() -> str:
    db = connection.settings_dict
    user = db.get("USER") or ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def celery_worker_process(transactional_db):
    """Start `celery worker` as a separate process on the test database; yields a restart/kill handle.

    Needs REDIS_URL and PostgreSQL (an in-memory SQLite test database cannot be shared with another
    process), so it runs in CI's second run.
    """
    if not settings.REDIS_URL or connection.vendor != "postgresql":
        pytest.skip("needs REDIS_URL and PostgreSQL: runs in the PostgreSQL CI run")
    from zhuzhou_legal.celery import app

    app.control.purge()
    app.conf.task_always_eager = False

    class Worker:
        proc = None

        def start(self):
            env = {
                **os.environ,
                "DATABASE_URL": _database_url_for_worker(),
                "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
                "CONN_MAX_AGE": "0",
                "CELERY_TASK_ALWAYS_EAGER": "false",
            }
            log = open(ROOT / ".test-media" / "celery-worker.log", "ab")  # noqa: SIM115
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "zhuzhou_legal",
                    "worker",
                    "--pool=prefork",
                    "--concurrency=2",
                    "--loglevel=INFO",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if app.control.ping(timeout=0.5):
                    return self
            raise RuntimeError("the Celery worker did not answer a ping within 30 s")

        def kill(self):
            """SIGKILL the whole worker (main process and pool children), as a crash would."""
            if self.proc and self.proc.poll() is None:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)

        def stop(self):
            if self.proc and self.proc.poll() is None:
                os.killpg(self.proc.pid, signal.SIGTERM)
                try:
                    self.proc.wait(20)
                except subprocess.TimeoutExpired:
                    self.kill()

    (ROOT / ".test-media").mkdir(exist_ok=True)
    worker = Worker().start()
    yield worker
    worker.stop()
    app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups (its own hook of the same name)
def pytest_collection_modifyitems(config, items):
    """The long tests (marked `slow`, then the browser's) run first, so that the two xdist workers finish
    together rather than one waiting a minute for the other's last long test; the tests on the demo data run
    last, so that each process seeds it once (DemoData); under pytest-xdist they are one group, which one worker
    runs (first: xdist hands out the largest groups first), so the demo is seeded once in the whole run.

    Under pytest-xdist, the tests that start a real Celery worker (marked `worker`; some ask for the worker
    fixture only once they run) share one xdist worker (--dist loadgroup), so two Celery workers never consume
    each other's tasks from the one Redis queue."""

    def start_rank(item) -> int:
        return 0 if item.get_closest_marker("slow") else 1 if item.get_closest_marker("browser") else 2

    def on_demo(item) -> bool:
        return "_demo_seeded" in getattr(item, "fixturenames", ())

    items.sort(key=lambda item: (on_demo(item), start_rank(item)))
    for item in items:
        if item.get_closest_marker("worker") or "celery_worker_process" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("celery-worker"))
        elif on_demo(item):
            item.add_marker(pytest.mark.xdist_group("demo-data"))  # one xdist worker seeds it, once
