"""The apps depend on each other one way (README, "Architecture"): no app imports, even inside a function, an
app that imports it back. Where the lower app must hear of the higher one, a signal or a registry inverts it."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Our apps: the project's folders that are Django apps, and the project package itself.
APPS = sorted({path.parent.name for path in ROOT.glob("*/apps.py")} | {"zhuzhou_legal"})


def _modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "migrations" not in parts and "tests" not in parts:
            yield path


def app_graph() -> dict[str, dict[str, list[str]]]:
    """{app: {app it imports: [file:line, ...]}}, counting imports inside functions too (non-test code)."""
    graph: dict[str, dict[str, list[str]]] = {app: {} for app in APPS}
    for app in APPS:
        for path in _modules(app):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    names = [node.module or ""]
                else:
                    continue
                for name in names:
                    other = name.split(".")[0]
                    if other in graph and other != app:
                        graph[app].setdefault(other, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return graph


def cycles(graph: dict[str, dict]) -> list[list[str]]:
    """Each group of apps that reach each other (strongly connected, Tarjan), sorted; [] for a one-way graph."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, {}):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return sorted(found)


def test_the_apps_import_each_other_one_way():
    graph = app_graph()
    found = cycles(graph)
    where = {
        f"{app} -> {other}": graph[app][other]
        for group in found
        for app in group
        for other in group
        if other in graph[app]
    }
    assert found == [], where


def test_the_graph_has_the_apps_and_their_known_dependencies():
    graph = app_graph()
    assert {"accounts", "advisers", "budgets", "contracts", "reviews", "reports"} <= set(graph)
    assert "advisers" in graph["contracts"]  # a contract names its adviser and engagement
    business = {"advisers", "budgets", "contracts", "reviews", "reports"}
    assert not business & set(graph["accounts"])  # the shared app depends on no business app


def test_a_cycle_through_a_third_app_is_found():
    graph = {"a": {"b": []}, "b": {"c": []}, "c": {"a": []}, "d": {"a": []}}
    assert cycles(graph) == [["a", "b", "c"]]
