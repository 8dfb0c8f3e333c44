"""A single-city database migrates into jurisdictions without losing anything: every unit lies in the city's
area, every bureau, finance and auditor account works at city level, and each account gets the same answers
it got before (accounts/migrations/0005_jurisdictions.py, advisers/migrations/0008_adviser_jurisdiction.py).

The database is taken back to the state before jurisdictions, seeded there with the historical models,
and migrated forward again; the test leaves it migrated forward, whatever happens, for the tests after it.
"""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import Jurisdiction, Unit, User
from accounts.policy import visible
from advisers.models import Adviser, Engagement, LegalOpinion
from budgets.models import BudgetRequest

pytestmark = pytest.mark.slow  # migrates back and forward again

BEFORE = [("accounts", "0004_audit_trigger"), ("advisers", "0007_engagement_list_order")]
MODELS = {"unit": Unit, "adviser": Adviser, "engagement": Engagement, "opinion": LegalOpinion, "budget": BudgetRequest}


def _migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    executor.loader.build_graph()
    return executor


def _historical_apps(executor):
    applied = [key for key in executor.loader.applied_migrations if key in executor.loader.graph.nodes]
    return executor.loader.project_state(applied).apps


def _seed(apps) -> dict:
    """A city with two departments (one with a secondary institution) and a county with a unit; one adviser
    engaged at each unit, an opinion and a budget request at the city's budget units; the accounts of
    before: bureau, finance and auditor without a unit, at a city department or at a county's unit, an
    officer at unit A."""
    OldUnit = apps.get_model("accounts", "Unit")
    OldUser = apps.get_model("accounts", "User")

    def unit(name, parent=None, **extra):
        row = OldUnit.objects.create(name=name, parent=parent, **extra)
        row.path = f"{parent.path if parent else ''}{row.pk}/"
        row.save(update_fields=["path"])
        return row

    city = unit("株洲市人民政府", kind="other", level="city")
    unit_a = unit("市住房和城乡建设局", city, is_budget_unit=True)
    unit_a_child = unit("市房屋征收服务中心", unit_a, kind="other")
    unit_b = unit("市交通运输局", city, is_budget_unit=True)
    bureau_office = unit("市司法局", city)
    county = unit("醴陵市人民政府", city, kind="county_gov", level="county")
    county_unit = unit("醴陵市教育局", county, level="county")

    def user(username, role, unit=None):
        return OldUser.objects.create(username=username, role=role, unit=unit, password="!")

    users = {
        "bureau": user("old_bureau", "bureau"),
        "bureau_at_office": user("old_bureau2", "bureau", bureau_office),
        "auditor_in_county": user("old_auditor2", "auditor", county_unit),
        "finance": user("old_finance", "finance"),
        "auditor": user("old_auditor", "auditor"),
        "officer": user("old_officer", "officer", unit_a),
    }
    OldAdviser = apps.get_model("advisers", "Adviser")
    OldEngagement = apps.get_model("advisers", "Engagement")
    OldOpinion = apps.get_model("advisers", "LegalOpinion")
    OldRequest = apps.get_model("budgets", "BudgetRequest")
    for n, at in enumerate([unit_a, unit_a_child, unit_b, county_unit]):
        adviser = OldAdviser.objects.create(name=f"顾问{n}", category="lawyer", licence_no=f"1430220101{n:07d}")
        OldEngagement.objects.create(
            adviser=adviser, unit=at, start_date=dt.date(2024, 1, 1), end_date=dt.date(2026, 12, 31)
        )
        OldOpinion.objects.create(
            adviser=adviser, unit=at, date=dt.date(2025, 6, 3), matter_type="contract", subject="审查"
        )
    # An adviser engaged nowhere yet (a registry entry only): still the bureau's after the migration.
    OldAdviser.objects.create(name="候选顾问", category="scholar")
    for at in (unit_a, unit_b):
        OldRequest.objects.create(unit=at, year=2026, title="2026年度法律服务经费预算", justification="按工作量测算")
    return {"users": {key: u.pk for key, u in users.items()}, "city": city.pk, "officer_path": unit_a.path}


def _old_answers(apps, seeded) -> dict:
    """What each account saw before jurisdictions: bureau, finance and auditors every row; an officer their
    unit's subtree."""
    answers = {}
    fields = {
        "unit": "",
        "adviser": "engagements__unit__",
        "engagement": "unit__",
        "opinion": "unit__",
        "budget": "unit__",
    }
    labels = {
        "unit": "accounts.Unit",
        "adviser": "advisers.Adviser",
        "engagement": "advisers.Engagement",
        "opinion": "advisers.LegalOpinion",
        "budget": "budgets.BudgetRequest",
    }
    for kind, label in labels.items():
        rows = apps.get_model(label).objects.all()
        for key in seeded["users"]:
            if key == "officer":
                mine = rows.filter(**{f"{fields[kind]}path__startswith": seeded["officer_path"]})
                answers[key, kind] = set(mine.values_list("pk", flat=True))
            else:
                answers[key, kind] = set(rows.values_list("pk", flat=True))
    return answers


@pytest.mark.django_db(transaction=True)
def test_a_single_city_database_migrates_with_the_same_answers_for_the_same_users():
    try:
        executor = _migrate(BEFORE)
        apps = _historical_apps(executor)
        seeded = _seed(apps)
        before = _old_answers(apps, seeded)
        _migrate()
    finally:
        _migrate()  # forward in any case: later tests on this worker expect the current schema

    city = Unit.objects.get(pk=seeded["city"])
    root = Jurisdiction.objects.get(government=city)
    assert root.level == Jurisdiction.Level.CITY and root.parent is None
    # Every unit lies in the city's area; the county's units in the county's jurisdiction below it.
    assert set(root.area().values_list("pk", flat=True)) == set(Unit.objects.values_list("pk", flat=True))
    assert not Unit.objects.filter(jurisdiction__isnull=True).exists()
    county = Unit.objects.get(name="醴陵市人民政府")
    assert Unit.objects.get(name="醴陵市教育局").jurisdiction.government == county
    assert county.jurisdiction.parent == root
    assert Unit.objects.get(name="市房屋征收服务中心").jurisdiction == root

    users = {key: User.objects.select_related("unit__jurisdiction").get(pk=pk) for key, pk in seeded["users"].items()}
    for key in ("bureau", "finance", "auditor"):
        assert users[key].unit == city, key  # had no unit: now the city's government
    assert users["bureau_at_office"].unit.name == "市司法局" and users["bureau_at_office"].jurisdiction == root
    # An account that read the whole city from a unit now in the county keeps reading the whole city.
    assert users["auditor_in_county"].unit == city
    assert users["officer"].unit.name == "市住房和城乡建设局"
    # Every adviser is kept by the city's registry (the county's by its engagement's county).
    assert not Adviser.objects.filter(jurisdiction__isnull=True).exists()

    # Finance approvers work on their own level's rows only (README, "Scope rules"): the city's finance
    # bureau keeps every row of the city's own units, and the county's rows are for the county's.
    own_level = {
        "unit": "jurisdiction",
        "adviser": "jurisdiction",
        "engagement": "unit__jurisdiction",
        "opinion": "unit__jurisdiction",
        "budget": "unit__jurisdiction",
    }
    county_rows = {
        kind: set(MODELS[kind].objects.exclude(**{own_level[kind]: root}).values_list("pk", flat=True))
        for kind in MODELS
    }
    assert county_rows["unit"] == {county.pk, Unit.objects.get(name="醴陵市教育局").pk}
    assert county_rows["budget"] == set()
    for (key, kind), expected in before.items():
        if key == "finance":
            expected = expected - county_rows[kind]
        got = set(visible(users[key], MODELS[kind]).values_list("pk", flat=True))
        assert got == expected, (key, kind, got, expected)
