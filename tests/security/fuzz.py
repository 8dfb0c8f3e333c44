"""Fuzzing a form endpoint with Hypothesis: no input gives a 500, every refusal says what is wrong, and a
refused submission changes nothing in the database.

Use it for every form and import::

    from tests.security.fuzz import fuzz_form_post

    def test_contract_form_survives_any_input(client_for, officer_a, unit_a):
        fuzz_form_post(
            client_for(officer_a), reverse("contracts:create"),
            valid={"number": "ZZ-2025-001", "unit": unit_a.pk, "amount": "50000.00", ...},
        )

Each example starts from the valid submission and spoils one or more fields: replaced by hostile or
random text, numbers, dates, repeated (a list of values), or left out. The response must then be
- a success (`success` statuses, e.g. the 302 after saving), or
- a refusal that names the problem: by default a 200 showing the bound form's errors (each message must
  appear in the page), or one of `refusals` {status: text the page must contain}; and a refusal must leave
  every watched table exactly as it was (rows compared value by value, not only counted).
An exception in the view propagates out of the test client, so a 500 fails the test with its traceback.

Examples are deterministic (derandomize) so CI runs are reproducible; FUZZ_EXAMPLES raises the count.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable, Mapping

from django.apps import apps
from django.contrib.admin.helpers import AdminForm
from django.db import connection
from django.forms import BaseForm, BaseFormSet
from django.test import Client
from django.utils.html import escape
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from audit.models import AuditChainLink

PROJECT_APPS = ("accounts", "advisers", "contracts", "budgets", "reviews", "selection")
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))

# Inputs that have broken Django forms somewhere: NUL bytes, overflowing numbers, impossible dates,
# markup, SQL, path tricks, right-to-left override, astral-plane characters, huge values.
HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "0",
    "-1",
    "1e309",
    "NaN",
    "Infinity",
    "-0",
    "99999999999999999999999",
    "9223372036854775808",
    "1.0000000000000000000001",
    "12,345.67",
    "１２３",
    "٣",
    "2025-02-30",
    "2025-13-01",
    "0000-00-00",
    "31/12/2025",
    "' OR 1=1 --",
    '"; DROP TABLE accounts_unit; --',
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "%s%n%x",
    "../../../etc/passwd",
    "\u202egnp.exe",
    "𠀀𠀁𠀂",
    "株洲" * 200,
    "x" * 5000,
    "on",
    "off",
    "true",
    "None",
    "null",
    "[]",
    "{}",
]


def fuzz_values() -> st.SearchStrategy[str]:
    """Any single form value: hostile constants, arbitrary text (no lone surrogates: not encodable), numbers, dates."""
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300),
        st.integers().map(str),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.dates().map(lambda d: d.isoformat()),
    )


def project_models() -> list:
    """Every model of the project's own apps: what a refused submission must leave untouched. The audit
    chain's links are not among them: like the audit rows they link, refusals (failed sign-ins) add to them."""
    return [
        model
        for name in PROJECT_APPS
        if name in apps.app_configs
        for model in apps.get_app_config(name).get_models()
        if model is not AuditChainLink
    ]


def snapshot(models: Iterable) -> dict:
    """Every row of each model's table, as the database holds it (plain SQL: an ORM query per table took half
    of the fuzzing's time)."""
    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"SELECT * FROM {quote(model._meta.db_table)} ORDER BY {quote(model._meta.pk.column)}")
            rows[model._meta.label] = cursor.fetchall()
    return rows


def bound_forms(response) -> list[BaseForm]:
    """The bound forms (and formsets) the response rendered."""
    contexts = response.context if isinstance(response.context, list) else [response.context]
    found = []
    for context in contexts:
        if context is None:
            continue
        for value in context.flatten().values():
            if isinstance(value, AdminForm):
                value = value.form
            if isinstance(value, (BaseForm, BaseFormSet)) and value.is_bound and value not in found:
                found.append(value)
    return found


def error_messages(form) -> list[str]:
    if isinstance(form, BaseFormSet):
        return [str(m) for m in form.non_form_errors()] + [m for f in form.forms for m in error_messages(f)]
    return [str(message) for errors in form.errors.values() for message in errors]


def fuzz_form_post(
    client: Client | Callable[[], Client],
    url: str,
    *,
    valid: Mapping | Callable[[], Mapping],
    fields: Iterable[str] | None = None,
    strategies: Mapping[str, st.SearchStrategy] | None = None,
    watch: Iterable | None = None,
    success: Iterable[int] = (302,),
    refusals: Mapping[int, str | None] | None = None,
    max_examples: int = EXAMPLES,
    shrink: bool = True,
    once_token: bool = False,
) -> None:
    """Fuzz POSTs to `url`; see the module docstring. `client` may be a factory for a fresh client per example.

    - `valid`: a submission that succeeds (or a callable returning one), which examples start from;
    - `fields`: the names to spoil (default: the keys of `valid`); `strategies`: per-field value strategies;
    - `watch`: models a refusal must not change (default: every model of the project's apps);
    - `refusals`: {status: None (the bound form's errors must show) or a text the page must contain};
      default {200: None};
    - `shrink`: let Hypothesis reduce a failing example to the smallest one (slower when something fails);
    - `once_token`: a create form (accounts.once): each example starts with a fresh one-time token, which is
      spoiled like any other field.
    """
    refusals = dict(refusals or {200: None})
    success = set(success)
    watched = list(watch) if watch is not None else project_models()
    strategies = dict(strategies or {})

    def fresh_valid() -> dict:
        payload = dict(valid() if callable(valid) else valid)
        if once_token:
            payload["once_token"] = str(uuid.uuid4())
        return payload

    names = list(fields) if fields is not None else list(fresh_valid())
    assert names, "nothing to fuzz"

    @settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
        phases=[Phase.explicit, Phase.generate, *([Phase.shrink] if shrink else [])],
    )
    @given(st.data())
    def run(data):
        payload = fresh_valid()
        for name in data.draw(
            st.lists(st.sampled_from(names), min_size=1, max_size=len(names), unique=True), label="spoiled"
        ):
            values = strategies.get(name, fuzz_values())
            how = data.draw(st.sampled_from(["replace", "replace", "replace", "drop", "repeat"]), label=name)
            if how == "drop":
                payload.pop(name, None)
            elif how == "repeat":
                payload[name] = data.draw(st.lists(values, min_size=2, max_size=3), label=name)
            else:
                payload[name] = data.draw(values, label=name)
        http = client() if callable(client) and not isinstance(client, Client) else client
        before = snapshot(watched)
        response = http.post(url, payload)
        status = response.status_code
        if status in success:
            return
        assert status in refusals, f"unexpected status {status} for {payload!r}"
        assert snapshot(watched) == before, f"a refused submission changed the database: {payload!r}"
        page = response.content.decode()
        expected = refusals[status]
        if expected is not None:
            assert expected in page, f"the {status} page does not say {expected!r}"
            return
        messages = [m for form in bound_forms(response) for m in error_messages(form)]
        assert messages, f"refused without saying what is wrong: {payload!r}"
        for message in messages:
            assert escape(message) in page, f"error {message!r} is not shown on the page"

    run()
