"""Backup and restore of the PostgreSQL database with pg_dump / pg_restore (custom format)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from django.db import connections


class BackupError(RuntimeError):
    pass


def _postgres_settings(alias: str = "default") -> dict:
    settings_dict = connections[alias].settings_dict
    if connections[alias].vendor != "postgresql":
        raise BackupError(
            "Backup and restore need PostgreSQL (set DATABASE_URL). For the embedded SQLite database, stop the "
            "server and copy it with: sqlite3 db.sqlite3 \".backup 'backup.sqlite3'\""
        )
    return settings_dict


def _client_env(settings_dict: dict) -> tuple[list[str], dict]:
    """Connection arguments for the PostgreSQL client tools; the password goes in the environment, not argv."""
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} was not found: install the PostgreSQL client (Debian: postgresql-client).")
    return path


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def backup(path: Path, *, alias: str = "default", database: str | None = None) -> Path:
    """Write the whole database (schema, data, triggers) to `path` in pg_dump's custom format."""
    settings_dict = _postgres_settings(alias)
    args, env = _client_env(settings_dict)
    path.parent.mkdir(parents=True, exist_ok=True)
    _run(
        [
            _tool("pg_dump"),
            *args,
            "--format=custom",
            "--no-owner",
            "--file",
            str(path),
            database or settings_dict["NAME"],
        ],
        env,
    )
    return path


def restore(path: Path, *, alias: str = "default", database: str | None = None) -> None:
    """Replace the contents of the database (or of another `database` on the same server) with a backup.

    Runs in one transaction: a restore that fails half-way leaves the database as it was.
    """
    if not Path(path).is_file():
        raise BackupError(f"No such backup file: {path}")
    settings_dict = _postgres_settings(alias)
    args, env = _client_env(settings_dict)
    _run(
        [
            _tool("pg_restore"),
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            database or settings_dict["NAME"],
            str(path),
        ],
        env,
    )
