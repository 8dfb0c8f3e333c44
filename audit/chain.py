"""The audit trail as a hash chain: each audit row's hash covers its own fields and the hash of the row
before it, so a row changed, removed or slipped in afterwards no longer fits (`manage.py verify_audit`),
and the daily digest of the chain's head (mailed to the audit administrators) pins the history up to then.

Hash: SM3 (GB/T 32905-2016, the national standard hash) from OpenSSL through `hashlib`, which Python has
built in wherever OpenSSL 3 is (Debian's is); `accounts.checks` refuses to start without it.

Order: links are appended under a PostgreSQL transaction-level advisory lock taken in the writing
transaction, so one transaction at a time appends and the chain's order is the commit order (on SQLite the
database's single writer gives the same). Each link is computed from the row as read back from the
database, so what is hashed is exactly what `verify_audit` reads later.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import json
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import AuditChainLink

logger = logging.getLogger(__name__)

HASH_NAME = "sm3"
GENESIS = "0" * 64
# pg_advisory_xact_lock key of the chain's append (any constant no other lock in the project uses).
CHAIN_LOCK_KEY = 7_310_150_232
# Every stored field of LogEntry: a change to any of them breaks the row's hash.
HASHED_FIELDS = tuple(f.attname for f in LogEntry._meta.concrete_fields)
CHUNK = 5000
# The ids of the audit rows written inside `links_at_end()`, linked when it ends (None outside one).
_PENDING: ContextVar[list[int] | None] = ContextVar("audit_chain_pending", default=None)


def hash_available() -> bool:
    try:
        hashlib.new(HASH_NAME)
    except ValueError:
        return False
    return True


class _ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        # DjangoJSONEncoder cuts datetimes to milliseconds; the hash covers the stored microseconds.
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        return super().default(o)


# In SQL, not through the ORM: the append runs after every audited write, and building these two queries with
# the ORM cost more than running them (measured on SQLite: +0.18 ms and +0.07 ms a row on an append of 0.4 ms).
_LINKS = connection.ops.quote_name(AuditChainLink._meta.db_table)
_HEAD_SQL = f"SELECT seq, hash FROM {_LINKS} ORDER BY seq DESC LIMIT 1"
_INSERT_SQL = f"INSERT INTO {_LINKS} (entry_id, seq, prev_hash, hash) VALUES "
# The rows read back, their sixteen columns resolved once (a filter on a copy is all each append adds).
_ROWS = LogEntry.objects.order_by("pk").values(*HASHED_FIELDS)


def row_hash(prev_hash: str, row: dict) -> str:
    """The hash of one audit row (`row`: its HASHED_FIELDS as read from the database) after `prev_hash`."""
    canonical = json.dumps(
        {name: row[name] for name in HASHED_FIELDS},
        cls=_ExactEncoder,
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.new(HASH_NAME, f"{prev_hash}\n{canonical}".encode()).hexdigest()


def chain_append(entry_ids: Iterable[int]) -> int:
    """Link the given (just written) audit rows to the end of the chain, in id order, in the current
    transaction; return how many were linked. Called by the post_save receiver below and by
    `audit.audit_created` after bulk_create; inside `links_at_end()`, at its end (0 before)."""
    ids = sorted(entry_ids)
    pending = _PENDING.get()
    if pending is not None:
        pending.extend(ids)
        return 0
    if not ids:
        return 0
    # No savepoint: a link that cannot be written fails the transaction that wrote the row.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
        cursor.execute(_HEAD_SQL)
        seq, prev_hash = cursor.fetchone() or (0, GENESIS)
        links = []
        for start in range(0, len(ids), CHUNK):  # SQLite takes at most 32,766 parameters in a query
            for row in _ROWS.filter(pk__in=ids[start : start + CHUNK]):
                seq += 1
                digest = row_hash(prev_hash, row)
                links.append((row["id"], seq, prev_hash, digest))
                prev_hash = digest
        for start in range(0, len(links), CHUNK // 4):  # four parameters a link
            batch = links[start : start + CHUNK // 4]
            params = list(itertools.chain.from_iterable(batch))
            cursor.execute(_INSERT_SQL + ", ".join(["(%s, %s, %s, %s)"] * len(batch)), params)
    return len(links)


@contextmanager
def links_at_end():
    """Link the audit rows written inside the block in one append when it ends (three queries in all, not three
    per row): for writers of thousands of rows, such as `seed_demo`. Use it inside the transaction that writes
    them, so that the links are committed with the rows; rows rolled back meanwhile (a savepoint) are skipped.
    Nothing is linked when the block fails: its transaction is rolled back."""
    pending: list[int] = []
    token = _PENDING.set(pending)
    try:
        yield
    finally:
        _PENDING.reset(token)
    chain_append(pending)


@receiver(post_save, sender=LogEntry, dispatch_uid="audit_chain_append")
def _link_new_entry(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        chain_append([instance.pk])


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int | None
    seq: int | None
    reason: str

    def __str__(self) -> str:
        where = f"audit row id {self.entry_id}" + (f" (chain position {self.seq})" if self.seq is not None else "")
        return f"{where}: {self.reason}"


def _chain_rows(chunk_size: int) -> Iterator[dict]:
    return (
        LogEntry.objects.filter(chain_link__isnull=False)
        .order_by("chain_link__seq")
        .values(*HASHED_FIELDS, "chain_link__seq", "chain_link__prev_hash", "chain_link__hash")
        .iterator(chunk_size=chunk_size)
    )


def _purge_start(seq: int) -> bool:
    """Whether a recorded purge says the chain now starts at `seq` (older rows deleted on purpose)."""
    return LogEntry.objects.filter(additional_data__event="audit_purge", additional_data__chain_starts_at=seq).exists()


def chain_verify(*, chunk_size: int = 2000) -> tuple[int, ChainBreak | None]:
    """Walk the chain from its start; return how many rows fit and the first that does not (or None)."""
    checked, previous = 0, None
    for row in _chain_rows(chunk_size):
        seq, stored_prev, stored_hash = row["chain_link__seq"], row["chain_link__prev_hash"], row["chain_link__hash"]
        if previous is None:
            if seq == 1 and stored_prev != GENESIS:
                return checked, ChainBreak(row["id"], seq, "the first row does not start the chain")
            if seq != 1 and not _purge_start(seq):
                return checked, ChainBreak(row["id"], seq, f"rows before it are missing (the chain starts at {seq})")
        else:
            if seq != previous[0] + 1:
                return checked, ChainBreak(row["id"], seq, f"rows {previous[0] + 1}–{seq - 1} of the chain are missing")
            if stored_prev != previous[1]:
                return checked, ChainBreak(row["id"], seq, "its link does not name the row before it")
        if row_hash(stored_prev, row) != stored_hash:
            return checked, ChainBreak(row["id"], seq, "its contents were changed after it was written")
        previous = (seq, stored_hash)
        checked += 1
    outside = LogEntry.objects.filter(chain_link__isnull=True).order_by("pk").values_list("pk", flat=True).first()
    if outside is not None:
        return checked, ChainBreak(outside, None, "it is not in the chain (written around the application)")
    return checked, None


@dataclass(frozen=True)
class ChainHead:
    seq: int
    hash: str
    entry_id: int
    timestamp: datetime.datetime


def chain_head() -> ChainHead | None:
    link = AuditChainLink.objects.select_related("entry").order_by("-seq").first()
    if link is None:
        return None
    return ChainHead(seq=link.seq, hash=link.hash, entry_id=link.entry_id, timestamp=link.entry.timestamp)
