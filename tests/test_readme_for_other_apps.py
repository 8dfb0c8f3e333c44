"""The README's "For other apps" table is a contract other apps code against: every function it names exists."""

import importlib
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
CODE = re.compile(r"`([A-Za-z_][\w.]*)")


def for_other_apps_table(text: str) -> list[str]:
    """The first column of the table after "**For other apps**", one cell per row."""
    after = text.split("**For other apps**", 1)[1]
    rows = []
    for line in after.splitlines()[1:]:
        if rows and not line.startswith("|"):
            break
        if line.startswith("|") and not line.startswith("|---") and not line.startswith("| call"):
            rows.append(line.split("|")[1])
    return rows


def missing_symbols(cells: list[str]) -> list[str]:
    """The names of the cells that do not resolve; a bare name belongs to the module named before it."""
    missing, module = [], None
    for cell in cells:
        for name in CODE.findall(cell):
            path, _, attribute = name.rpartition(".")
            if path:
                try:
                    module = importlib.import_module(path)
                except ImportError:
                    missing.append(name)
                    continue
            if module is None or not callable(getattr(module, attribute, None)):
                missing.append(name)
    return missing


def test_every_function_the_table_names_exists():
    cells = for_other_apps_table(README.read_text(encoding="utf-8"))
    assert len(cells) >= 5, cells
    assert missing_symbols(cells) == []


def test_the_check_finds_a_renamed_function():
    cells = for_other_apps_table(
        "**For other apps**\n\n| call | returns |\n|---|---|\n"
        "| `advisers.selectors.duty_counts(ids)`, `yearly_duty_counts(ids)` | counts |\n"
        "| `advisers.nowhere.thing()` | nothing |\n\nAfter the table.\n"
    )
    assert missing_symbols(cells) == ["yearly_duty_counts", "advisers.nowhere.thing"]
