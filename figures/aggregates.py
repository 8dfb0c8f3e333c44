"""Cached dashboard figures: computed once per (page, user scope, filters), kept until a source changes.

A figure is stored under a key that holds a version token of every model it is computed from. Saving or
deleting a row of such a model (`post_save`, `post_delete`, `m2m_changed`) replaces that model's token, at
once and again when the transaction commits, so the next view computes afresh and a view that ran
meanwhile cannot keep an uncommitted state. Writes that send no signal (`QuerySet.update()`, `bulk_create`,
raw SQL, a restored backup) call `bump()` or `bump_all()`; the expiry bounds anything still missed.

The cache is Redis in production (shared by every gunicorn worker and Celery process), locmem otherwise.
Apps declare the models their figures read with `watch()` in `AppConfig.ready()`, so the signals are
connected in every process, including those that never render a dashboard.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

from accounts.policy import scope_key

logger = logging.getLogger(__name__)

TIMEOUT = 10 * 60
CHUNK = 500  # rows per cache entry of cached_rows()
_EPOCH = "agg:epoch"
_WATCHED: set[str] = set()
_MISSING = object()
ModelRef = type[models.Model] | str


def _label(model: ModelRef) -> str:
    return model if isinstance(model, str) else model._meta.label


def _version_key(label: str) -> str:
    return f"agg:v:{label}"


def _new_token() -> str:
    return uuid.uuid4().hex[:16]


def _set_tokens(keys: Iterable[str]) -> None:
    # A failing cache must not fail the save that bumps it; the expiry bounds what stays stale.
    try:
        cache.set_many({key: _new_token() for key in keys}, timeout=None)
    except Exception:
        logger.exception("could not bump cached aggregates %s", list(keys))


def _bump_keys(keys: list[str]) -> None:
    _set_tokens(keys)
    transaction.on_commit(lambda: _set_tokens(keys))


def bump(*models: ModelRef) -> None:
    """Mark every cached figure computed from these models out of date (now and when the transaction commits)."""
    _bump_keys([_version_key(_label(m)) for m in models])


def bump_all() -> None:
    """Mark every cached figure out of date: after bulk loads, data generation or a restored backup."""
    _bump_keys([_EPOCH])


def _changed(sender, **kwargs):
    bump(sender)


def _m2m_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        bump(sender)


def watch(*models: type[models.Model]) -> None:
    """Declare models that cached figures are computed from (call in AppConfig.ready())."""
    for model in models:
        label = _label(model)
        if label in _WATCHED:
            continue
        _WATCHED.add(label)
        uid = f"aggregates:{label}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid)
        # The rows of a many-to-many field's own through table change without a save of the table.
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"aggregates:{_label(through)}")


def _versions(labels: list[str]) -> list[str]:
    keys = [_EPOCH] + [_version_key(label) for label in labels]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # `add` keeps a token another process set meanwhile; read back whichever won.
            cache.add(key, _new_token(), timeout=None)
            found[key] = cache.get(key)
    return [str(found[key]) for key in keys]


def _key(name: str, user, sources: Iterable[ModelRef], params: Any) -> str:
    labels = sorted({_label(m) for m in sources})
    unwatched = [label for label in labels if label not in _WATCHED]
    if unwatched:
        raise ImproperlyConfigured(f"Cached figures {name!r} read models nobody watches: {', '.join(unwatched)}")
    # The language too: figures may hold labels already translated.
    identity = (scope_key(user), get_language(), params, labels, _versions(labels))
    return f"agg:{name}:" + hashlib.sha1(repr(identity).encode()).hexdigest()


def _store(name: str, values: dict[str, Any], timeout: int) -> None:
    try:
        cache.set_many(values, timeout)
    except Exception:
        logger.exception("could not cache %s", name)


def cached(
    name: str,
    *,
    user,
    sources: Iterable[ModelRef],
    compute: Callable[[], Any],
    params: Any = None,
    timeout: int = TIMEOUT,
) -> Any:
    """`compute()` for this page, user scope and `params` (anything with a stable repr), cached.

    `sources` are every model the figures read, the ones that decide the user's scope included
    (`user=None`: figures that are the same for everyone).
    """
    try:
        key = _key(name, user, sources, params)
        value = cache.get(key, _MISSING)
    except ImproperlyConfigured:
        raise
    except Exception:
        logger.exception("cache unavailable; computing %s without it", name)
        return compute()
    if value is _MISSING:
        value = compute()
        _store(name, {key: value}, timeout)
    return value


def cached_rows(
    name: str,
    *,
    user,
    sources: Iterable[ModelRef],
    compute: Callable[[], list],
    params: Any = None,
    timeout: int = TIMEOUT,
) -> Sequence:
    """Like `cached()`, for a long list shown a page at a time: kept in chunks of rows, so that a page
    reads its own chunk from the cache, not 20,000 rows (whose unpickling would cost more than the page)."""
    try:
        key = _key(name, user, sources, params)
        count = cache.get(key)
    except ImproperlyConfigured:
        raise
    except Exception:
        logger.exception("cache unavailable; computing %s without it", name)
        return compute()
    rows = _ChunkedRows(name, key, count, compute, timeout)
    return rows if count is not None else rows.load()


class _ChunkedRows(Sequence):
    def __init__(self, name, key, count, compute, timeout):
        self.name, self.key, self._length, self.compute, self.timeout = name, key, count, compute, timeout

    def _chunk_key(self, number: int) -> str:
        return f"{self.key}:{number}"

    def load(self) -> list:
        """Compute the rows and keep them: the chunks first, the count (which says they are there) last."""
        rows = self.compute()
        chunks = {self._chunk_key(n): rows[start : start + CHUNK] for n, start in enumerate(range(0, len(rows), CHUNK))}
        _store(self.name, chunks, self.timeout)
        _store(self.name, {self.key: len(rows)}, self.timeout)
        return rows

    def __len__(self) -> int:
        return self._length

    def _rows(self, start: int, stop: int) -> list:
        numbers = range(start // CHUNK, (max(stop, start + 1) - 1) // CHUNK + 1)
        try:
            found = cache.get_many([self._chunk_key(n) for n in numbers])
        except Exception:
            logger.exception("cache unavailable; computing %s without it", self.name)
            found = {}
        if len(found) < len(numbers):  # a chunk expired or was evicted before the count
            return self.load()[start:stop]
        first = numbers[0] * CHUNK
        rows = [row for n in numbers for row in found[self._chunk_key(n)]]
        return rows[start - first : stop - first]

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self._length)
            return self._rows(start, stop)[::step] if stop > start else []
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        return self._rows(index, index + 1)[0]

    def __iter__(self):
        return iter(self[:])
