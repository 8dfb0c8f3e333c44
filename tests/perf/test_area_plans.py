"""The province's lists walk their newest-first index: no join on the unit table, no sort of the whole area.

On a test-sized table PostgreSQL would rightly scan and sort, so sequential scans and sorts are switched off
for the plan: an index that serves the ordering is then used, and without one the plan has to sort.
"""

import pytest
from django.db import connection

from accounts.models import Jurisdiction, Unit
from accounts.policy import visible
from accounts.roles import Role
from contracts.models import ContractFinding, ServiceContract
from tests.factories import make_user

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="plans are read on PostgreSQL only: runs in the PostgreSQL CI run"
)


TABLES = {model._meta.db_table for model in (ContractFinding, ServiceContract, Unit, Jurisdiction)}


@pytest.fixture
def province_staff(db):
    root = Unit.objects.create(name="湖南省人民政府", kind=Unit.Kind.PROVINCE_GOV, level=Unit.Level.PROVINCE)
    department = Unit.objects.create(name="湖南省司法厅", parent=root, level=Unit.Level.PROVINCE)
    return make_user("province", Role.BUREAU, department)


def _plan(queryset) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # And no sort where an index gives the order: without such an index the plan still has to sort.
        cursor.execute("SET LOCAL enable_sort = off")
        # Statistics as this test's tables hold them, not as autovacuum left them after an earlier test's
        # committed rows (a flush empties the tables, not their column statistics): the plan would depend on
        # which tests ran before. Rolled back with the test.
        cursor.execute(f"ANALYZE {', '.join(sorted(TABLES))}")
    return queryset.explain()


@needs_postgres
@pytest.mark.postgres
def test_the_provinces_findings_list_walks_the_newest_first_index(province_staff):
    page = visible(province_staff, ContractFinding).select_related("contract").order_by("-detected_at", "-pk")[:50]
    plan = _plan(page)
    assert "finding_newest_first" in plan, plan
    assert "Sort" not in plan, plan
    assert "accounts_unit" not in plan, plan


@needs_postgres
@pytest.mark.postgres
def test_a_city_bureaus_findings_list_is_still_filtered_by_its_area(province_staff):
    city = Unit.objects.create(name="株洲市人民政府", parent=province_staff.unit.parent, kind=Unit.Kind.CITY_GOV)
    staff = make_user("city_bureau", Role.BUREAU, city)
    plan = _plan(visible(staff, ContractFinding).order_by("-detected_at", "-pk")[:50])
    assert "accounts_unit" in plan, plan
