"""Every step of a budget request tells whoever acts next and the unit that made it, nobody else."""

import pytest
from django.urls import reverse

from accounts.models import Notice, Unit
from accounts.roles import Role
from budgets import services
from tests import factories
from tests.factories import make_user


@pytest.fixture
def outsiders(officer_b):
    other_city = Unit.objects.create(name="湘潭市人民政府", kind=Unit.Kind.OTHER, level=Unit.Level.CITY)
    return [
        officer_b,
        make_user("other_bureau", Role.BUREAU, other_city),
        make_user("other_finance", Role.FINANCE, other_city),
    ]


def told(kind):
    return set(Notice.objects.filter(kind=f"budget_request:{kind}").values_list("recipient__username", flat=True))


def test_each_step_tells_the_next_actor_and_the_unit(standards, officer_a, bureau, finance, outsiders):
    second_officer = make_user("officer_a2", Role.OFFICER, officer_a.unit)
    request = factories.approved(officer_a, bureau, finance)
    assert told("submitted") == {"bureau", "officer_a2"}
    assert told("reviewed") == {"finance", "officer_a", "officer_a2"}
    assert told("approved") == {"bureau", "officer_a", "officer_a2"}
    notice = Notice.objects.get(kind="budget_request:approved", recipient=second_officer)
    assert notice.link == reverse("budgets:request_detail", args=[request.pk])
    assert not Notice.objects.filter(recipient__in=outsiders).exists()


def test_a_return_tells_the_unit_with_the_reason(standards, officer_a, bureau, outsiders):
    request = factories.submitted(officer_a)
    services.budget_request_return(request=request, actor=bureau, reason="测算依据不足")
    notice = Notice.objects.get(kind="budget_request:returned")
    assert notice.recipient == officer_a and notice.body == "测算依据不足"
    assert not Notice.objects.filter(recipient__in=outsiders).exists()
