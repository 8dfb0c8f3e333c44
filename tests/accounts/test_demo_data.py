import pytest
from django.core.management import call_command
from django.http import HttpRequest

from accounts.demo import INSPECTED_UNIT_NAMES
from accounts.models import Unit, User


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_builds_the_city(client):
    call_command("seed_demo")
    counts = (Unit.objects.count(), User.objects.count())
    call_command("seed_demo")
    assert (Unit.objects.count(), User.objects.count()) == counts
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
