"""Every admin page of the two apps opens for bureau staff, read-only for auditors, scoped for officers."""

import pytest
from django.urls import reverse

from tests.factories import ContractFactory, LectureFactory, OpinionFactory

MODELS = [
    "advisers_adviser",
    "advisers_engagement",
    "advisers_executivemeeting",
    "advisers_legalopinion",
    "advisers_lecture",
    "advisers_inspectionparticipation",
    "advisers_reselectionround",
    "advisers_advisersettings",
    "contracts_servicecontract",
    "contracts_contractfinding",
    "contracts_procurementband",
    "contracts_contractrulesettings",
    "accounts_unit",
]


@pytest.mark.parametrize("model", MODELS)
def test_bureau_opens_every_changelist(client_for, bureau, model, adviser_a, unit_a):
    OpinionFactory(adviser=adviser_a, unit=unit_a)
    LectureFactory(speaker=adviser_a, unit=unit_a)
    ContractFactory(adviser=adviser_a, unit=unit_a)
    assert client_for(bureau).get(reverse(f"admin:{model}_changelist")).status_code == 200


@pytest.mark.parametrize(
    "model",
    [
        "advisers_adviser",
        "advisers_engagement",
        "advisers_legalopinion",
        "advisers_reselectionround",
        "contracts_servicecontract",
        "advisers_executivemeeting",
    ],
)
def test_bureau_opens_every_add_form(client_for, bureau, model):
    assert client_for(bureau).get(reverse(f"admin:{model}_add")).status_code == 200


def test_officer_gets_404_for_another_units_contract_in_the_admin(client_for, officer_a, adviser_b, unit_b):
    contract = ContractFactory(adviser=adviser_b, unit=unit_b)
    assert (
        client_for(officer_a).get(reverse("admin:contracts_servicecontract_change", args=[contract.pk])).status_code
        == 404
    )


def test_auditor_cannot_change_rule_settings(client_for, auditor):
    from contracts.models import ContractRuleSettings

    settings = ContractRuleSettings.for_jurisdiction(None)
    response = client_for(auditor).post(
        reverse("admin:contracts_contractrulesettings_change", args=[settings.pk]), {"max_term_months": "99"}
    )
    assert response.status_code == 403
    settings.refresh_from_db()
    assert settings.max_term_months == 36


def test_bulk_delete_of_opinions_keeps_the_audit_trail(client_for, bureau, adviser_a, unit_a):
    from auditlog.models import LogEntry

    opinions = [OpinionFactory(adviser=adviser_a, unit=unit_a) for _ in range(3)]
    response = client_for(bureau).post(
        reverse("admin:advisers_legalopinion_changelist"),
        {"action": "delete_selected", "_selected_action": [o.pk for o in opinions], "post": "yes"},
    )
    assert response.status_code == 302
    assert (
        LogEntry.objects.filter(action=LogEntry.Action.DELETE, object_pk__in=[str(o.pk) for o in opinions]).count() == 3
    )


def test_an_officers_admin_form_neither_offers_nor_saves_another_units_rows(
    client_for, officer_a, adviser_a, adviser_b, unit_a, unit_b
):
    from django.contrib import admin
    from django.test import RequestFactory

    from advisers.models import LegalOpinion

    opinion = OpinionFactory(adviser=adviser_a, unit=unit_a)
    request = RequestFactory().get("/")
    request.user = officer_a
    form_class = admin.site._registry[LegalOpinion].get_form(request, opinion, change=True)
    assert unit_b not in form_class.base_fields["unit"].queryset
    assert adviser_b not in form_class.base_fields["adviser"].queryset

    # A forged POST naming unit B's rows is refused field by field and changes nothing.
    url = reverse("admin:advisers_legalopinion_change", args=[opinion.pk])
    data = {
        "adviser": adviser_b.pk,
        "unit": unit_b.pk,
        "date": opinion.date.isoformat(),
        "matter_type": opinion.matter_type,
        "source": opinion.source,
        "subject": opinion.subject,
        "content": opinion.content,
        "adoption": opinion.adoption,
    }
    response = client_for(officer_a).post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "unit" in errors and "adviser" in errors
    opinion.refresh_from_db()
    assert (opinion.unit_id, opinion.adviser_id) == (unit_a.pk, adviser_a.pk)
