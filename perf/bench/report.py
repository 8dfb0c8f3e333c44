"""The benchmark's JSON file and the Markdown table for the README."""

from __future__ import annotations

import contextlib
import json
import os
import platform
from pathlib import Path

from django.apps import apps
from django.db import connection
from django.utils import timezone

from .runner import IDENTITIES, QUERY_BUDGET, PageResult

DATASET_MODELS = [
    "accounts.Unit",
    "advisers.Adviser",
    "advisers.Engagement",
    "contracts.ServiceContract",
    "advisers.LegalOpinion",
    "advisers.Lecture",
    "advisers.MeetingAttendance",
]


def machine() -> dict:
    cpu = ""
    with contextlib.suppress(OSError, StopIteration), open("/proc/cpuinfo") as cpuinfo:
        cpu = next(line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "database": connection.vendor,
        "database_version": version.split(" on ")[0],
    }


def dataset() -> dict:
    counts = {}
    for label in DATASET_MODELS:
        try:
            counts[label] = apps.get_model(label)._default_manager.count()
        except LookupError:
            continue
    return counts


def write_json(path: Path, pages: list[PageResult], notes: list[str], entries, repeat: int) -> dict:
    data = {
        "when": timezone.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "dataset": dataset(),
        "repeat": repeat,
        "query_budget": QUERY_BUDGET,
        "pages": [r.as_dict() for r in pages],
        "not_measured": notes,
        "entries": [{**vars(e), "meets": e.meets} for e in entries],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str))
    return data


def compact_rows(data: dict) -> list[dict]:
    """One row per page: the worst figures over the roles that can open it."""
    pages: dict[str, dict] = {}
    for r in data["pages"]:
        if r["p50_ms"] is None:
            continue
        row = pages.setdefault(
            r["page"],
            {
                "page": r["page"],
                "roles": [],
                "p50_ms": 0,
                "p95_ms": 0,
                "queries": 0,
                "target_ms": r["target_ms"],
                "worst_role": "",
            },
        )
        row["roles"].append(r["role"])
        if r["p95_ms"] >= row["p95_ms"]:
            row["worst_role"] = r["role"]
        row["p50_ms"] = max(row["p50_ms"], r["p50_ms"])
        row["p95_ms"] = max(row["p95_ms"], r["p95_ms"])
        row["queries"] = max(row["queries"], r["queries"])
    for row in pages.values():
        row["meets"] = row["p95_ms"] <= row["target_ms"] and row["queries"] <= data["query_budget"]
    return list(pages.values())


def markdown(data: dict, compact: bool = False) -> str:
    m = data["machine"]
    lines = [
        f"Run {data['when']} on {m['cores']} cores ({m['cpu']}), {m['database_version']}, Python {m['python']}; "
        f"load average at the end {m['load_average'][0]} (1 min), {m['load_average'][1]} (5 min); "
        f"each page {data['repeat']} times after a warm-up, server time in-process.",
        "",
        "Data: " + ", ".join(f"{label.split('.')[1]} {count:,}" for label, count in data["dataset"].items()) + ".",
        "",
    ]
    if compact:
        lines += [
            "| page | roles | worst p50 ms | worst p95 ms (role) | most queries | target |",
            "|---|---:|---:|---:|---:|---|",
        ]
        for r in compact_rows(data):
            ok = "✓" if r["meets"] else "✗"
            lines.append(
                f"| `{r['page']}` | {len(r['roles'])} | {r['p50_ms']} | {r['p95_ms']} ({r['worst_role']}) | "
                f"{r['queries']} | ≤ {r['target_ms']} ms, ≤ {data['query_budget']} queries {ok} |"
            )
    else:
        lines += ["| role | page | p50 ms | p95 ms | queries | target |", "|---|---|---:|---:|---:|---|"]
        for r in data["pages"]:
            if r["p50_ms"] is None:
                continue
            ok = "✓" if r["meets_time"] and r["meets_queries"] else "✗"
            lines.append(
                f"| {r['role']} | `{r['page']}` | {r['p50_ms']} | {r['p95_ms']} | {r['queries']} "
                f"| ≤ {r['target_ms']} ms {ok} |"
            )
    if compact:
        lines += identity_table(data)
    lines += ["", "| entry | result | target | figures |", "|---|---|---|---|"]
    for e in data["entries"]:
        result = e["status"] if e["seconds"] is None else f"{e['seconds']} s"
        target = "" if e["target_s"] is None else f"≤ {e['target_s']} s {'✓' if e['meets'] else '✗'}"
        lines.append(f"| {e['title']} | {result} | {target} | {e['note']} |")
    return "\n".join(lines) + "\n"


def identity_table(data: dict) -> list[str]:
    """p95 per identity of the jurisdictions (IDENTITIES), one row per page any of them opened."""
    names = [name for name in IDENTITIES if any(r["role"] == name for r in data["pages"])]
    if not names:
        return []
    cells: dict[str, dict] = {}
    for r in data["pages"]:
        if r["role"] in names and r["p50_ms"] is not None:
            cells.setdefault(r["page"], {})[r["role"]] = r
    lines = [
        "",
        "| page | " + " | ".join(f"{name} p95 ms" for name in names) + " | most queries | target |",
        "|---|" + "---:|" * len(names) + "---:|---|",
    ]
    for page, row in cells.items():
        worst = max(row.values(), key=lambda r: r["p95_ms"])
        queries = max(r["queries"] for r in row.values())
        ok = "✓" if worst["p95_ms"] <= worst["target_ms"] and queries <= data["query_budget"] else "✗"
        values = " | ".join(str(row[name]["p95_ms"]) if name in row else "–" for name in names)
        target = f"≤ {worst['target_ms']} ms, ≤ {data['query_budget']} queries {ok}"
        lines.append(f"| `{page}` | {values} | {queries} | {target} |")
    return lines
