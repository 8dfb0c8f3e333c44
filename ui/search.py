"""Searches of large tables that the database answers from indexes, finding the rows `icontains` would.

`icontains` over several columns ORed, joined tables' included, is `UPPER(column) LIKE '%term%'` on
every row of every joined table: PostgreSQL must read them all. Here a related model's field
(`adviser__name`, `engagement__unit__name`) is looked up first in that smaller table, and its rows' ids
are matched by the foreign key's index (`engagement.unit_id IN (...)`); the table's own text columns are
matched by `contains` where the term has no case, which a trigram index serves (three characters or
more) and which is in any case a cheaper scan.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.functions import Cast


@dataclass(frozen=True)
class SearchField:
    """A search field reached through forward foreign keys: `hops` are (foreign key, model it points to)."""

    hops: tuple[tuple[str, type[models.Model]], ...]
    field: str
    match: str  # contains, startswith or exact
    as_text: bool = False

    @classmethod
    def parse(cls, model: type[models.Model], spec: str) -> SearchField | None:
        """None for what Django's own search must handle (a lookup, a many-valued relation, a field not of text)."""
        match = {"^": "startswith", "=": "exact"}.get(spec[:1], "contains")
        parts = (spec[1:] if spec[:1] in "^=" else spec).split("__")
        hops = []
        try:
            for name in parts[:-1]:
                field = model._meta.get_field(name)
                forward = field.concrete and (field.many_to_one or field.one_to_one)
                if not forward or field.remote_field.field_name != field.related_model._meta.pk.name:
                    return None
                model = field.related_model
                hops.append((name, model))
            last = model._meta.get_field(parts[-1])
        except FieldDoesNotExist:
            return None
        as_text = isinstance(last, models.JSONField) and match == "contains"
        if not (as_text or isinstance(last, (models.CharField, models.TextField))):
            return None
        return cls(tuple(hops), parts[-1], match, as_text)

    def condition(self, term: str) -> models.Q:
        # A term without upper and lower case (Chinese, digits) matches the same rows case-sensitively,
        # as LIKE, which a trigram index serves; UPPER(column) LIKE is a scan of every row.
        lookup = self.match if term.upper() == term.lower() else f"i{self.match}"
        if self.as_text:  # a JSON field's text, as Django's icontains on it (`contains` is JSON containment)
            text = models.TextField()
            condition = models.Q(text.get_lookup(lookup)(Cast(self.field, output_field=text), term))
        else:
            condition = models.Q(**{f"{self.field}__{lookup}": term})
        if self.hops:
            # Only the last table is looked up first (unit names: a few hundred ids); the ids are matched
            # on its foreign key through the joins the list has anyway. Listing the ids of every table on
            # the way (all the engagements of those units) sent thousands of ids for a two-character term.
            ids = list(self.hops[-1][1]._base_manager.filter(condition).order_by().values_list("pk", flat=True))
            condition = models.Q(**{"__".join(name for name, _model in self.hops) + "__in": ids})
        return condition


def search_condition(model: type[models.Model], specs: list[str], term: str) -> models.Q:
    """Rows of `model` where any of the fields (admin `search_fields` syntax) contains `term`."""
    fields = [SearchField.parse(model, spec) for spec in specs]
    if None in fields:
        raise ValueError(f"{model.__name__}: cannot search {specs} from indexes")
    return models.Q.create([field.condition(term) for field in fields], connector=models.Q.OR)
