import io
import random

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from accounts.models import Unit, User
from accounts.roles import Role
from advisers.models import Adviser, Engagement, LegalOpinion
from audit.chain import chain_verify
from contracts.models import ServiceContract
from perf.generator import Context, run
from perf.scales import SCALES

pytestmark = pytest.mark.django_db


def _fingerprint():
    return (
        list(Unit.objects.order_by("pk").values_list("name", "kind", "is_budget_unit")),
        list(Adviser.objects.order_by("pk").values_list("name", "category")),
        list(Engagement.objects.order_by("pk").values_list("start_date", "end_date", "status")),
        list(LegalOpinion.objects.order_by("pk").values_list("date", "adoption")),
    )


def _generate(seed):
    with transaction.atomic():
        run(Context(scale=SCALES["test"], rng=random.Random(seed), today=timezone.localdate(), log=lambda line: None))
        fingerprint = _fingerprint()
        transaction.set_rollback(True)
    return fingerprint


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    first, again, other = _generate(7), _generate(7), _generate(8)
    assert first == again
    assert first != other


def test_the_command_fills_every_family_of_the_test_scale():
    out = io.StringIO()
    call_command("generate_dataset", "--scale", "test", "--seed", "3", stdout=out)
    scale = SCALES["test"]
    assert Adviser.objects.count() == scale.advisers
    assert Engagement.objects.count() == scale.engagements
    assert ServiceContract.objects.count() == scale.contracts
    assert LegalOpinion.objects.count() == scale.opinions
    assert {role for role in User.objects.values_list("role", flat=True)} == set(Role.values)
    assert "advisers.LegalOpinion" in out.getvalue()
    assert chain_verify() == (LogEntry.objects.count(), None)  # generated audit rows are chained too


def test_generated_units_form_a_tree_with_materialised_paths():
    call_command("generate_dataset", "--scale", "test", stdout=io.StringIO())
    units = {unit.pk: unit for unit in Unit.objects.all()}
    for unit in units.values():
        expected = (units[unit.parent_id].path if unit.parent_id else "") + f"{unit.pk}/"
        assert unit.path == expected
    county = Unit.objects.filter(kind=Unit.Kind.COUNTY_GOV).first()
    assert county.subtree().count() == SCALES["test"].county_units + 1


def test_officers_see_only_their_units_records_in_the_generated_set():
    from accounts.policy import visible

    call_command("generate_dataset", "--scale", "test", stdout=io.StringIO())
    officers = User.objects.filter(role=Role.OFFICER).select_related("unit")
    seen = {officer: visible(officer, ServiceContract) for officer in officers}
    assert any(contracts.exists() for contracts in seen.values())
    for officer, contracts in seen.items():
        assert contracts.count() < ServiceContract.objects.count()
        assert all(contract.unit.path.startswith(officer.unit.path) for contract in contracts.select_related("unit"))


def test_the_command_refuses_a_database_that_already_has_units(city):
    with pytest.raises(CommandError, match="already has units"):
        call_command("generate_dataset", "--scale", "test", stdout=io.StringIO())
