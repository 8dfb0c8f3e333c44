"""The generator's frame: a context shared by the model families, and chunked bulk inserts.

Each model family is one function `(ctx) -> None` registered with `@family(...)` in this package; it
reads what earlier families made from `ctx` (ids, dates) and adds its own. A family whose app is not
installed is skipped, so families for apps still on their way can be written ahead of them.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import islice

from django.apps import apps
from django.db import models

from figures.aggregates import bump_all
from perf.scales import Scale

BATCH_SIZE = 2_000


@dataclass
class Context:
    scale: Scale
    rng: random.Random
    today: date
    log: Callable[[str], None] = print
    # What the families made, for the families after them (ids and the few fields they need).
    root_id: int | None = None
    city_ids: list[int] = field(default_factory=list)
    county_ids: list[int] = field(default_factory=list)
    unit_ids: list[int] = field(default_factory=list)  # every unit
    leaf_unit_ids: list[int] = field(default_factory=list)  # units that employ advisers
    budget_unit_ids: list[int] = field(default_factory=list)
    special_units: dict[str, int] = field(default_factory=dict)  # "justice"/"finance"/"audit" -> a unit id
    # Office role ("justice", "county_finance", "province_justice", ...) -> every such unit, in tree order.
    offices: dict[str, list[int]] = field(default_factory=dict)
    county_of: dict[int, int] = field(default_factory=dict)  # unit id -> its county government's (units in a county)
    units_with_children: list[int] = field(default_factory=list)  # departments with secondary institutions
    secondary_of: dict[int, list[int]] = field(default_factory=dict)  # parent id -> its secondary institutions
    contract_ids: list[int] = field(default_factory=list)
    internal_advisers: set[int] = field(default_factory=set)  # they owe no annual duty report
    users_by_role: dict[str, list[int]] = field(default_factory=dict)
    # The accounts of each city's and county's offices and the province's bureau: kept out of
    # users_by_role, whose lists the later families draw from (a longer list would change their draws).
    jurisdiction_users: list[int] = field(default_factory=list)
    adviser_ids: list[int] = field(default_factory=list)
    # (id, adviser_id, unit_id, role, start_date, end_date, selection_method)
    engagements: list[tuple] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return list(range(self.today.year - self.scale.years + 1, self.today.year + 1))

    @property
    def first_day(self) -> date:
        return date(self.years[0], 1, 1)

    def random_date(self, start: date | None = None, end: date | None = None) -> date:
        start = start or self.first_day
        end = end or self.today
        if end <= start:
            return start
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))


@dataclass(frozen=True)
class Family:
    name: str
    function: Callable[[Context], None]
    models: tuple[str, ...]  # "app_label.Model" it needs; skipped when one is missing
    order: int  # families run in this order: later ones use what earlier ones made


FAMILIES: list[Family] = []


def family(name: str, *, order: int, models: Iterable[str]):
    def decorate(function):
        FAMILIES.append(Family(name, function, tuple(models), order))
        FAMILIES.sort(key=lambda f: f.order)
        return function

    return decorate


def model_available(label: str) -> bool:
    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


def bulk_insert(model: type[models.Model], objects: Iterable[models.Model], ctx: Context) -> list[int]:
    """Insert in batches without signals (so without audit rows); returns the new primary keys.

    Objects are consumed lazily, so 250,000 opinions never sit in memory at once.
    """
    ids: list[int] = []
    iterator: Iterator = iter(objects)
    while chunk := list(islice(iterator, BATCH_SIZE * 5)):
        created = model.objects.bulk_create(chunk, batch_size=BATCH_SIZE)
        ids.extend(obj.pk for obj in created)
    label = model._meta.label
    ctx.counts[label] = ctx.counts.get(label, 0) + len(ids)
    return ids


def run(ctx: Context, only: Iterable[str] | None = None) -> Context:
    wanted = set(only) if only else None
    for fam in FAMILIES:
        if wanted is not None and fam.name not in wanted:
            continue
        missing = [label for label in fam.models if not model_available(label)]
        if missing:
            ctx.log(f"  {fam.name}: skipped ({', '.join(missing)} not installed)")
            continue
        started = time.monotonic()
        fam.function(ctx)
        ctx.timings[fam.name] = time.monotonic() - started
        ctx.log(f"  {fam.name}: {ctx.timings[fam.name]:.1f} s")
    # bulk_create sends no signals: cached figures of the rows that were there before are out of date.
    bump_all()
    return ctx
