import csv
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client

from accounts.models import User
from accounts.roles import Role
from perf.bench.pages import pages_for
from perf.bench.runner import mark_second_factor_verified

ROOT = Path(settings.BASE_DIR)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Command(BaseCommand):
    help = "Load test on loopback: gunicorn (2 workers) on this database, Locust users of every role."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--duration", default=os.environ.get("LOADTEST_DURATION", "2m"))
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--output", default=str(ROOT / "bench-results" / "loadtest"))

    def handle(self, *args, users, duration, workers, output, **options):
        if connection.vendor != "postgresql":
            self.stderr.write(self.style.WARNING("Not PostgreSQL: gunicorn workers on SQLite will lock each other."))
        out = Path(output)
        out.parent.mkdir(parents=True, exist_ok=True)
        plan, session_keys = self._plan()
        plan_path = out.with_name(out.name + "-plan.json")
        plan_path.write_text(json.dumps(plan, ensure_ascii=False))
        port = _free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "zhuzhou_legal.settings.production",
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,  # the sessions above are signed with it
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback; TLS is the proxy's job
            "LOADTEST_PLAN": str(plan_path),
        }
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        # The production settings name the session cookie differently (__Host-sessionid): ask them.
        plan["cookie_name"] = subprocess.run(
            [
                sys.executable,
                "-c",
                "import django; django.setup(); from django.conf import settings; print(settings.SESSION_COOKIE_NAME)",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        plan_path.write_text(json.dumps(plan, ensure_ascii=False))
        gunicorn = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "zhuzhou_legal.wsgi",
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{port}",
                "--access-logfile",
                "-",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            self._wait_for(port)
            self.stdout.write(f"gunicorn ({workers} workers) on 127.0.0.1:{port}; {users} users for {duration}")
            subprocess.run(
                [
                    str(Path(sys.executable).with_name("locust")),
                    "-f",
                    str(ROOT / "perf" / "locustfile.py"),
                    "--headless",
                    "-u",
                    str(users),
                    "-r",
                    str(max(users // 10, 1)),
                    "-t",
                    duration,
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "--csv",
                    str(out),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=ROOT,
                env=env,
                check=False,
            )
        finally:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            gunicorn.wait(30)
            from django.contrib.sessions.models import Session

            Session.objects.filter(session_key__in=session_keys).delete()
        summary = self._summary(out)
        Path(f"{out}.json").write_text(json.dumps(summary, indent=1))
        self.stdout.write(
            f"\n{summary['requests']} requests, {summary['failures']} errors, {summary['rps']:.1f} requests/s, "
            f"p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms, p99 {summary['p99_ms']} ms"
        )
        if summary["failures"] or not summary["requests"]:
            raise CommandError(f"the load test had errors (see {out}_failures.csv)")

    def _plan(self):
        """Sessions for the generated accounts of every role, and the pages each role can open."""
        plan = {"cookie_name": settings.SESSION_COOKIE_NAME, "roles": {}}
        keys = []
        for role in Role.values:
            # The first of each role (bench_<role>_<n>), not the jurisdictions' accounts made after them.
            generated = User.objects.filter(role=role, is_active=True, username__startswith="bench_")
            accounts = list(generated.order_by("pk")[:5])
            if not accounts:
                continue
            entries = []
            for user in accounts:
                client = Client()
                client.force_login(user)
                mark_second_factor_verified(client, user)
                # Each account's own pages: an officer's detail pages are objects of their own unit.
                pages, _skipped = pages_for(user)
                urls = [(page.name, page.url) for page in pages if client.get(page.url).status_code == 200]
                session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
                keys.append(session_key)
                entries.append({"session": session_key, "urls": urls})
            plan["roles"][role] = entries
            self.stdout.write(f"  {role}: {len(entries)} accounts, {len(entries[0]['urls'])} pages for the first")
        if not plan["roles"]:
            raise CommandError("No bench_* accounts: run generate_dataset first.")
        return plan, keys

    def _wait_for(self, port: int) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                return
            except OSError:
                time.sleep(0.3)
        raise CommandError("gunicorn did not answer /healthz within 30 s")

    def _summary(self, out: Path) -> dict:
        with open(f"{out}_stats.csv") as handle:
            rows = {row["Name"]: row for row in csv.DictReader(handle)}
        total = rows["Aggregated"]
        return {
            "requests": int(total["Request Count"]),
            "failures": int(total["Failure Count"]),
            "rps": float(total["Requests/s"]),
            "p50_ms": total["50%"],
            "p95_ms": total["95%"],
            "p99_ms": total["99%"],
            "pages": {
                name: {"requests": int(r["Request Count"]), "failures": int(r["Failure Count"]), "p95_ms": r["95%"]}
                for name, r in rows.items()
                if name != "Aggregated"
            },
        }
