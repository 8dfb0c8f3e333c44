import io
import json

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_bench_writes_the_chosen_roles_pages_and_entries_to_json_and_markdown(tmp_path):
    call_command("generate_dataset", "--scale", "test", stdout=io.StringIO())
    output = tmp_path / "latest.json"
    out = io.StringIO()
    call_command(
        "bench",
        "--repeat",
        "2",
        "--role",
        "officer",
        "--role",
        "adviser",
        "--page",
        "s",
        "--entry",
        "reminder_sweep_20000",
        "--output",
        str(output),
        stdout=out,
        stderr=io.StringIO(),
    )
    data = json.loads(output.read_text())
    measured = [page for page in data["pages"] if page["p50_ms"] is not None]
    assert {page["role"] for page in measured} == {"officer", "adviser"}
    assert all(page["queries"] > 0 and page["p95_ms"] >= page["p50_ms"] for page in measured)
    assert any(page["page"] == "admin:accounts_unit_changelist" and page["role"] == "officer" for page in measured)
    assert [entry["name"] for entry in data["entries"]] == ["reminder_sweep_20000"]
    assert "| role | page |" in output.with_suffix(".md").read_text()


def test_the_cold_dashboard_entry_times_every_dashboard_with_an_empty_cache(tmp_path):
    call_command("generate_dataset", "--scale", "test", stdout=io.StringIO())
    output = tmp_path / "cold.json"
    call_command(
        "bench",
        "--skip-pages",
        "--entry",
        "dashboards_cold",
        "--output",
        str(output),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    (entry,) = json.loads(output.read_text())["entries"]
    assert entry["status"] == "ok"
    assert set(entry["detail"]["p50_ms"]) == {
        "reports:dashboard",
        "advisers:statistics",
        "advisers:unit_statistics",
        "budgets:statistics",
        "reviews:overview",
    }


def test_bench_times_the_chosen_identities_and_names_them_in_the_tables(tmp_path):
    call_command("generate_dataset", "--scale", "test", stdout=io.StringIO())
    output = tmp_path / "identities.json"
    call_command(
        "bench",
        "--repeat",
        "1",
        "--identity",
        "province",
        "--identity",
        "county_bureau",
        "--page",
        "reviews:duty_reports",
        "--skip-entries",
        "--output",
        str(output),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    measured = [page for page in json.loads(output.read_text())["pages"] if page["p50_ms"] is not None]
    assert sorted(page["role"] for page in measured) == ["county_bureau", "province"]
    assert "| province | `reviews:duty_reports` |" in output.with_suffix(".md").read_text()
    by_page = (tmp_path / "identities-by-page.md").read_text()
    assert "| page | county_bureau p95 ms | province p95 ms | most queries | target |" in by_page
