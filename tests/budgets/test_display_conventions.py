"""One way to show money and dates: 1,500,000.00元 and 150.0万元 on every page, admin column and
validation message; 2025年12月15日 in the portal, the admin lists and the PDFs' text."""

import datetime as dt
from decimal import Decimal

from django.template import Context, Template
from django.urls import reverse

from budgets.models import BudgetRequest
from tests import factories
from ui.formatting import format_date, format_datetime

BEIJING = dt.timezone(dt.timedelta(hours=8))


def _render(source, **context):
    return Template(source).render(Context(context))


def test_every_template_has_the_money_and_date_filters_without_loading_them():
    assert _render("{{ a|yuan }} · {{ a|wan }}", a=Decimal("1500000")) == "1,500,000.00元 · 150.0万元"
    assert _render("{{ d|day }}", d=dt.date(2025, 12, 5)) == "2025年12月5日"
    moment = dt.datetime(2025, 12, 31, 15, 30, 5, tzinfo=dt.UTC)
    assert _render("{{ m|moment }} / {{ m|moment:True }}", m=moment) == "2025年12月31日 23:30 / 2025年12月31日 23:30:05"


def test_a_moment_is_shown_on_its_beijing_date():
    assert format_date(dt.datetime(2025, 12, 31, 16, 30, tzinfo=dt.UTC)) == "2026年1月1日"
    assert format_datetime(dt.datetime(2026, 1, 1, 0, 30, tzinfo=BEIJING)) == "2026年1月1日 00:30"
    assert format_date(None) == "" and format_datetime(None) == ""


def test_an_amount_over_its_limit_is_refused_in_the_same_form(client_for, officer_a, bureau, finance, standards):
    request = factories.reviewed(officer_a, bureau)
    line = request.lines.order_by("pk").first()
    data = {
        "version": request.version,
        **{f"line_{pk}": str(v) for pk, v in factories.amounts(request, "recommended_amount").items()},
    }
    data[f"line_{line.pk}"] = str(line.recommended_amount + 1)
    page = client_for(finance).post(reverse("budgets:request_approve", args=[request.pk]), data).content.decode()
    assert f"不能超过{line.recommended_amount:,.2f}元。" in page
    assert "确保该值小于或等于" not in page
    assert BudgetRequest.objects.get().status == BudgetRequest.Status.REVIEWED


def test_admin_amount_columns_are_in_yuan_with_separators(client_for, bureau, officer_a, standards):
    factories.submitted(officer_a)
    page = client_for(bureau).get(reverse("admin:budgets_budgetrequest_changelist")).content.decode()
    requested = BudgetRequest.objects.get().requested_amount
    assert f"{requested:,.2f}元" in page


def test_portal_lists_show_dates_in_the_one_style(client_for, officer_a, bureau, standards):
    factories.submitted(officer_a)
    page = client_for(bureau).get(reverse("budgets:review_queue")).content.decode()
    assert format_datetime(BudgetRequest.objects.get().submitted_at) in page
