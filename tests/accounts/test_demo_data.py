import io

from django.core.management import call_command
from django.http import HttpRequest
from django.urls import reverse

from accounts.demo import INSPECTED_UNIT_NAMES
from accounts.models import Unit, User
from budgets.models import BudgetRequest
from reviews.models import Assessment, DutyReport, UnitInspection, UnitWorkReport


def test_seed_demo_builds_the_city(demo, client):
    assert len(INSPECTED_UNIT_NAMES) == 81
    assert Unit.objects.filter(name__in=INSPECTED_UNIT_NAMES).count() == 81
    assert Unit.objects.filter(is_budget_unit=True, jurisdiction__name="株洲市").count() == 38
    assert Unit.objects.filter(is_budget_unit=True, jurisdiction__name="醴陵市").count() == 3
    assert Unit.objects.filter(kind=Unit.Kind.COUNTY_GOV).count() == 9
    for username in [
        "bureau",
        "officer",
        "officer2",
        "liling_officer",
        "finance",
        "auditor",
        "sysadmin",
        "secadmin",
        "auditadmin",
    ]:
        # django-axes needs the request to count failures; the test client's login() has none of its own.
        assert client.login(request=HttpRequest(), username=username, password="zhuzhou-demo"), username
    assert User.objects.get(username="officer").unit != User.objects.get(username="officer2").unit


# The only test that seeds twice: the demo rows each app's tests read must not grow or change on a second run.
REPEATED = (Unit, User, DutyReport, Assessment, UnitWorkReport, UnitInspection, BudgetRequest)


def test_seeding_twice_changes_nothing(demo, client_for):
    counts = [model.objects.count() for model in REPEATED]
    call_command("seed_demo", stdout=io.StringIO())
    assert [model.objects.count() for model in REPEATED] == counts
    # The 38 municipal budget units' two years; 醴陵市's own budget units have theirs apart.
    assert BudgetRequest.objects.filter(year__in=[2024, 2025], unit__jurisdiction__name="株洲市").count() == 76
    auditor = client_for(User.objects.get(username="auditor"))
    page = auditor.get(reverse("budgets:statistics"), {"year": 2025, "through_quarter": 3}).content.decode()
    assert "374.2万元 → 279.5万元，节约94.7万元（25.3%）" in " ".join(page.split())
