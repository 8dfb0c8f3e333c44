"""The admin: bureau staff keep fee standards and coefficients; requests change only through the workflow."""

from decimal import Decimal

from django.urls import reverse

from budgets.models import FeeStandard, GradeCoefficient
from tests import factories


def test_bureau_edits_a_coefficient_in_the_admin(client_for, bureau):
    coefficient = GradeCoefficient.objects.get(grade="competent")
    url = reverse("admin:budgets_gradecoefficient_change", args=[coefficient.pk])
    data = {"jurisdiction": coefficient.jurisdiction_id, "grade": "competent", "coefficient": "0.85"}
    response = client_for(bureau).post(url, data)
    assert response.status_code == 302
    coefficient.refresh_from_db()
    assert coefficient.coefficient == Decimal("0.85")


def test_a_coefficient_above_1_is_a_form_error(client_for, bureau):
    coefficient = GradeCoefficient.objects.get(grade="excellent")
    url = reverse("admin:budgets_gradecoefficient_change", args=[coefficient.pk])
    data = {"jurisdiction": coefficient.jurisdiction_id, "grade": "excellent", "coefficient": "1.20"}
    response = client_for(bureau).post(url, data)
    assert response.status_code == 200 and "系数须在0至1之间" in response.content.decode()


def test_officers_read_fee_standards_but_cannot_change_them(client_for, officer_a, standards):
    standard = FeeStandard.objects.first()
    client = client_for(officer_a)
    assert client.get(reverse("admin:budgets_feestandard_changelist")).status_code == 200
    url = reverse("admin:budgets_feestandard_change", args=[standard.pk])
    assert (
        client.post(url, {"year": 2025, "item_type": "lecture", "unit_price": "1", "measure": "场"}).status_code == 403
    )


def test_requests_are_read_only_in_the_admin_and_scoped(client_for, bureau, officer_a, officer_b, standards):
    request = factories.submitted(officer_a)
    url = reverse("admin:budgets_budgetrequest_change", args=[request.pk])
    page = client_for(bureau).get(url)
    assert page.status_code == 200 and "常年法律顾问" in page.content.decode()
    assert client_for(bureau).post(url, {"title": "改"}).status_code == 403
    assert client_for(officer_b).get(url).status_code == 404
    assert client_for(bureau).get(reverse("admin:budgets_budgetrequest_changelist")).status_code == 200
    assert client_for(bureau).get(reverse("admin:budgets_settlement_changelist")).status_code == 200
