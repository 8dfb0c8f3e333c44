"""Who may do what is decided by the policies alone (accounts/policy.py, each app's policies.py): no other
module of the project compares an account's role. Views, forms, admin, templates, report specs, services
and menus ask `policy_for(Model).can(user, action)` or a helper of accounts.policy instead."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Every app of the project (a folder with apps.py), the templates and the project package.
PACKAGES = sorted({path.parent.name for path in ROOT.glob("*/apps.py")} | {"templates", "zhuzhou_legal"})

ROLE_CHECK = re.compile(
    r"\.role\s*(==|!=|\bin\b|\bnot in\b)"
    r"|\brole\s*=\s*Role\."
    r"|\bRole\.(BUREAU|OFFICER|FINANCE|AUDITOR|ADVISER|APPLICANT|EVALUATOR|SYSTEM_ADMIN|SECURITY_ADMIN|AUDIT_ADMIN)\b"
    r"|\b(is_bureau|is_officer|is_finance|is_auditor|reads_citywide)\b"
)


def _excepted(relative: str) -> bool:
    path = Path(relative)
    return (
        relative in {"accounts/policy.py", "accounts/roles.py"}
        or path.name in {"policies.py", "demo.py"}
        or "migrations" in path.parts
        or relative.startswith("perf/generator/")
        or relative
        in {"operations/management/commands/seed_demo.py", "operations/management/commands/demo_totp_code.py"}
    )


# Lines outside the policies that name a role without deciding access, each with the reason.
ALLOWED_LINES = {
    # Bench tooling creates the accounts its reminder sweep needs, as the demo data does.
    ("perf/bench/entries.py", '[User(username=f"sweep_officer_{u}", role=Role.OFFICER, unit_id=u) for u in units]'),
    (
        "perf/bench/entries.py",
        '+ [User(username=f"sweep_adviser_{a}", role=Role.ADVISER, adviser_id=a) for a in advisers],',
    ),
}


def role_checks(root: Path = ROOT) -> list[str]:
    found = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*")):
            if path.suffix not in (".py", ".html") or not path.is_file():
                continue
            relative = path.relative_to(root).as_posix()
            if _excepted(relative):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if ROLE_CHECK.search(line) and (relative, line.strip()) not in ALLOWED_LINES:
                    found.append(f"{relative}:{number}: {line.strip()}")
    return found


def test_no_module_outside_the_policies_compares_roles():
    found = role_checks()
    assert not found, "role checks outside the policies (ask accounts.policy instead):\n" + "\n".join(found)


def test_the_check_finds_a_role_comparison(tmp_path):
    # The walk must be able to fail: a view comparing a role is reported with its file and line.
    package = tmp_path / "reviews"
    package.mkdir()
    (package / "views.py").write_text("def page(request):\n    if request.user.role == Role.BUREAU:\n        pass\n")
    (package / "policies.py").write_text("allowed = user.role == Role.BUREAU\n")
    assert role_checks(tmp_path) == ["reviews/views.py:2: if request.user.role == Role.BUREAU:"]
