"""Two finance approvers approve the same request at the same moment: exactly one succeeds.

Real concurrent transactions on PostgreSQL: each thread has its own database connection. The first
approver is held inside its transaction after taking the row lock until the second is seen waiting
for that lock in pg_stat_activity, so the two really overlap.
"""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, connections

from budgets import services
from budgets.models import BudgetEvent, BudgetRequest
from tests import factories


def _blocked_on_a_lock() -> bool:
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_approvers_at_once_exactly_one_succeeds_and_nothing_is_half_written(
    officer_a, bureau, finance, finance2, standards, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and concurrent connections: runs in the PostgreSQL CI run")
    request = factories.reviewed(officer_a, bureau)
    version = request.version
    full = factories.amounts(request, "recommended_amount")
    half = factories.amounts(request, "recommended_amount", ratio="0.5")

    first_holds_lock, release_first = threading.Event(), threading.Event()
    original = services._apply_line_amounts

    def held_apply(*args, **kwargs):
        if threading.current_thread().name == "first":
            first_holds_lock.set()
            release_first.wait(30)
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "_apply_line_amounts", held_apply)
    outcomes = {}

    def approve(actor, line_amounts):
        try:
            services.budget_request_approve(
                request=BudgetRequest.objects.get(pk=request.pk),
                actor=actor,
                line_amounts=line_amounts,
                expected_version=version,
            )
            outcomes[threading.current_thread().name] = "approved"
        except services.BudgetConflict as exc:
            outcomes[threading.current_thread().name] = exc.message
        finally:
            connections.close_all()

    first = threading.Thread(target=approve, args=(finance, full), name="first")
    second = threading.Thread(target=approve, args=(finance2, half), name="second")
    first.start()
    assert first_holds_lock.wait(30)
    second.start()
    saw_second_waiting = False
    for _ in range(300):  # poll until the second transaction queues behind the row lock
        if _blocked_on_a_lock():
            saw_second_waiting = True
            break
        time.sleep(0.05)
    release_first.set()
    first.join(30)
    second.join(30)

    assert saw_second_waiting
    assert outcomes["first"] == "approved"
    assert "其他人" in outcomes["second"] and "未保存" in outcomes["second"]
    request.refresh_from_db()
    assert request.status == BudgetRequest.Status.APPROVED and request.approved_by == finance
    assert request.approved_amount == sum(full.values()) == sum(line.approved_amount for line in request.lines.all())
    assert {line.pk: line.approved_amount for line in request.lines.all()} == full
    assert request.events.filter(action=BudgetEvent.Action.APPROVED).count() == 1
    assert request.version == version + 1


@pytest.mark.django_db(transaction=True)
def test_an_approver_on_a_stale_page_is_told_someone_else_acted(officer_a, bureau, finance, finance2, standards):
    """The same check without threads (also runs on SQLite): the second approver's form carries the old version."""
    request = factories.reviewed(officer_a, bureau)
    version = request.version
    services.budget_request_approve(
        request=request,
        actor=finance,
        line_amounts=factories.amounts(request, "recommended_amount"),
        expected_version=version,
    )
    with pytest.raises(services.BudgetConflict, match="其他人"):
        services.budget_request_approve(
            request=request,
            actor=finance2,
            line_amounts=factories.amounts(request, "recommended_amount", ratio="0.5"),
            expected_version=version,
        )
    request.refresh_from_db()
    assert request.approved_by == finance and request.approved_amount == request.recommended_amount
    assert Decimal(0) < request.approved_amount
