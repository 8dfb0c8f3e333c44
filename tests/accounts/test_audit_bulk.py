"""Rows saved with bulk_create get, from `audit_created`, the same "create" audit row a save would have written."""

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry

from accounts.models import Notice
from accounts.services import notices_create
from advisers.models import Adviser
from audit.trail import acting_as, audit_created

# Values that differ between two rows created one after the other.
OWN = {"id", "created_at"}


def _comparable(entry: LogEntry) -> dict:
    return {
        "content_type": entry.content_type_id,
        "object_repr": entry.object_repr,
        "action": entry.action,
        "actor": entry.actor_id,
        "actor_email": entry.actor_email,
        "remote_addr": entry.remote_addr,
        "serialized_data": entry.serialized_data,
        "additional_data": entry.additional_data,
        "changed_fields": sorted(entry.changes),
        "changes": {name: change for name, change in entry.changes.items() if name not in OWN},
    }


def test_a_bulk_created_row_gets_the_audit_row_a_save_writes(bureau, officer_a):
    def notice():
        return Notice(recipient=officer_a, kind="reminder:report_due", title="提醒", body="正文")

    def adviser():  # a model with reverse relations
        return Adviser(name="赵律师", category="lawyer", phone="13900000001")

    with acting_as(bureau):
        saved = [notice(), adviser()]
        for obj in saved:
            obj.save()
        bulk = Notice.objects.bulk_create([notice()]) + Adviser.objects.bulk_create([adviser()])
        audit_created(bulk)
    for by_save, by_bulk in zip(saved, bulk, strict=True):
        signal_row = LogEntry.objects.get_for_object(by_save).get()
        bulk_row = LogEntry.objects.get_for_object(by_bulk).get()
        assert (bulk_row.object_pk, bulk_row.object_id) == (str(by_bulk.pk), by_bulk.pk)
        assert _comparable(bulk_row) == _comparable(signal_row)
        assert bulk_row.actor == bureau


def test_nothing_is_written_while_auditlog_is_disabled(officer_a):
    with disable_auditlog():
        audit_created(Notice.objects.bulk_create([Notice(recipient=officer_a, kind="k", title="t")]))
    assert not LogEntry.objects.filter(content_type__model="notice").exists()


def test_notices_created_in_bulk_are_audited_and_emailed_after_commit(
    officer_a, officer_b, mailoutbox, django_capture_on_commit_callbacks
):
    officer_a.email = "a@example.cn"
    officer_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        notices = notices_create(
            [Notice(recipient=u, kind="k", title="标题", body="正文") for u in (officer_a, officer_b)]
        )
        assert mailoutbox == []
    assert all(n.pk for n in notices)
    assert LogEntry.objects.filter(content_type__model="notice", action=LogEntry.Action.CREATE).count() == 2
    assert [m.to for m in mailoutbox] == [["a@example.cn"]]  # officer_b has no address
