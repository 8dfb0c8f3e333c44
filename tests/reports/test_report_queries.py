"""The report builders run a constant number of queries whatever the number of rows (no N+1)."""

import pytest

from reports import registry
from tests.world import advisers_at, budget_units, inspection_of, work_report_of

pytestmark = pytest.mark.django_db


def _build(key, user, **params):
    # As each request does: the user loaded afresh, so what a policy caches on the user is asked each time.
    user = type(user).objects.get(pk=user.pk)
    spec = registry.get(key)
    form = spec.form_class(user=user, data=params)
    assert form.is_valid(), form.errors
    return spec.build(user=user, params=form.cleaned_data, progress=lambda p: None)


def _count(django_assert_max_num_queries, key, user, **params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        context = _build(key, user, **params)
    return len(ctx), context


@pytest.mark.parametrize("sizes", [(3, 30)])
def test_the_fee_summary_costs_the_same_queries_for_3_and_30_units(auditor, bureau, finance, city, sizes):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for first, n in ((0, sizes[0]), (sizes[0], sizes[1] - sizes[0])):
        budget_units(city, n, bureau=bureau, finance=finance, first=first)
        with CaptureQueriesContext(connection) as ctx:
            context = _build("budget-summary", auditor, year=2025, through_quarter=4)
        counts.append(len(ctx))
    assert len(context["stats"].rows) == sizes[1]
    assert counts[0] == counts[1], counts


def test_adviser_performance_costs_the_same_queries_for_3_and_30_advisers(auditor, unit_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (3, 27):
        advisers_at(unit_a, n)
        with CaptureQueriesContext(connection) as ctx:
            context = _build("adviser-performance", auditor, year=2025, unit=unit_a.pk)
        counts.append(len(ctx))
    assert len(context["rows"]) == 30
    assert counts[0] == counts[1], counts
    row = context["rows"][0]
    # The world's advisers are unit advisers: their attendances count for no one (the meeting-role rule).
    assert (row.opinions, row.adopted, row.lectures, row.attendances) == (2, 1, 1, 0)


def test_the_letter_and_the_work_report_do_not_query_per_item(auditor, unit_a, unit_b):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for unit, items in ((unit_a, 2), (unit_b, 20)):
        inspection_of(unit, items=items)
        with CaptureQueriesContext(connection) as ctx:
            context = _build("inspection-letter", auditor, year=2025, unit=unit.pk)
        counts.append(len(ctx))
        assert len(context["items"]) == items
    assert counts[0] == counts[1], counts
    work_report_of(unit_a)
    assert _build("work-report", auditor, year=2025, unit=unit_a.pk)["report"].summary
