"""Cached figures (figures.aggregates): one entry per page, scope and filters, out of date as soon as a
record they are computed from is saved or deleted, and never another scope's."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from accounts.models import Jurisdiction, Unit
from accounts.policy import scope_key
from accounts.roles import Role
from advisers.models import LegalOpinion
from figures import aggregates
from tests.factories import AdviserFactory, OpinionFactory, make_user


class Counter:
    """compute() that counts its calls and returns the opinions there are."""

    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return LegalOpinion.objects.count()


def _opinions(user, compute, **kwargs):
    return aggregates.cached("test.opinions", user=user, sources=(LegalOpinion, Unit), compute=compute, **kwargs)


def test_a_figure_is_computed_once_then_read_from_the_cache(bureau):
    compute = Counter()
    assert _opinions(bureau, compute) == _opinions(bureau, compute) == 0
    assert compute.calls == 1


def test_saving_or_deleting_a_source_record_computes_afresh(bureau, unit_a):
    compute = Counter()
    _opinions(bureau, compute)
    opinion = OpinionFactory(unit=unit_a)
    assert _opinions(bureau, compute) == 1
    opinion.delete()
    assert _opinions(bureau, compute) == 0
    assert compute.calls == 3


def test_a_record_of_another_model_leaves_the_figure_alone(bureau):
    compute = Counter()
    _opinions(bureau, compute)
    AdviserFactory()
    _opinions(bureau, compute)
    assert compute.calls == 1


def test_the_version_is_bumped_again_when_the_transaction_commits(bureau, unit_a, django_capture_on_commit_callbacks):
    """A view that computed between the save and the commit may have cached the old figure under the new version."""
    compute = Counter()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        OpinionFactory(unit=unit_a)
        _opinions(bureau, compute)  # as another request would, before the commit
    for callback in callbacks:
        callback()
    _opinions(bureau, compute)
    assert compute.calls == 2


def test_users_of_different_scopes_never_share_an_entry(bureau, officer_a, officer_b, auditor):
    compute = Counter()
    for user in (bureau, officer_a, officer_b, auditor, None):
        _opinions(user, compute)
    assert compute.calls == 5


def test_an_officer_whose_unit_moves_gets_a_new_entry(officer_a, unit_a, unit_b):
    """The unit's path is the officer's scope: part of the key even for figures that do not read units."""
    compute = Counter()

    def figures():
        return aggregates.cached("test.scope", user=officer_a, sources=(LegalOpinion,), compute=compute)

    figures()
    Unit.objects.filter(pk=unit_a.pk).update(path=unit_b.path + f"{unit_a.pk}/")
    officer_a.unit.refresh_from_db()
    figures()
    assert compute.calls == 2


def test_the_staff_of_one_jurisdiction_share_an_entry_and_a_county_bureau_has_its_own(bureau, unit_a, city):
    """Bureau staff see their jurisdiction's area whatever their own unit: the key is the jurisdiction."""
    colleague = make_user("bureau_colleague", Role.BUREAU, unit_a)
    county = Unit.objects.create(name="醴陵市人民政府", parent=city, kind=Unit.Kind.COUNTY_GOV, level=Unit.Level.COUNTY)
    county_bureau = make_user("liling", Role.BUREAU, county)
    assert scope_key(colleague) == scope_key(bureau) != scope_key(county_bureau)
    compute = Counter()
    for user in (bureau, colleague, county_bureau):
        _opinions(user, compute)
    assert compute.calls == 2


def test_a_jurisdiction_whose_path_changes_gets_a_new_key(bureau, city):
    before = scope_key(bureau)
    Jurisdiction.objects.filter(pk=bureau.jurisdiction.pk).update(path="/9/")
    assert scope_key(make_user("bureau_again", Role.BUREAU, city)) != before


def test_an_adviser_is_keyed_on_their_adviser(db):
    first = make_user("adviser_one", Role.ADVISER, adviser=AdviserFactory())
    second = make_user("adviser_two", Role.ADVISER, adviser=AdviserFactory())
    assert scope_key(first) != scope_key(second)


def test_other_filters_are_other_entries(bureau):
    compute = Counter()
    _opinions(bureau, compute, params=2024)
    _opinions(bureau, compute, params=2025)
    _opinions(bureau, compute, params=2024)
    assert compute.calls == 2


def test_bump_all_is_for_writes_that_send_no_signal(bureau, unit_a):
    compute = Counter()
    _opinions(bureau, compute)
    LegalOpinion.objects.bulk_create([OpinionFactory.build(unit=unit_a, adviser=AdviserFactory())])
    assert _opinions(bureau, compute) == 0  # bulk_create sends no post_save
    aggregates.bump_all()
    assert _opinions(bureau, compute) == 1


def test_figures_of_an_unwatched_model_are_refused(bureau):
    from accounts.models import Notice

    with pytest.raises(ImproperlyConfigured, match="accounts.Notice"):
        aggregates.cached("test.notices", user=bureau, sources=(Notice,), compute=lambda: 0)


class BrokenCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Redis is down")

        return fail


def test_without_a_working_cache_figures_are_computed_and_saves_still_succeed(bureau, unit_a, monkeypatch):
    monkeypatch.setattr(aggregates, "cache", BrokenCache())
    compute = Counter()
    OpinionFactory(unit=unit_a)  # the bump fails, the save does not
    assert _opinions(bureau, compute) == _opinions(bureau, compute) == 1
    assert compute.calls == 2


# -- Long lists, kept in chunks ----------------------------------------------------------------------


def _rows(user, compute):
    return aggregates.cached_rows("test.rows", user=user, sources=(LegalOpinion,), compute=compute)


def test_long_lists_are_read_back_a_chunk_at_a_time(bureau, monkeypatch):
    monkeypatch.setattr(aggregates, "CHUNK", 4)
    calls = []

    def compute():
        calls.append(1)
        return list(range(10))

    assert _rows(bureau, compute) == list(range(10))
    rows = _rows(bureau, compute)
    assert len(rows) == 10 and len(calls) == 1
    assert rows[3:6] == [3, 4, 5]  # across two chunks
    assert rows[8:30] == [8, 9] and rows[-1] == 9 and rows[10:] == []
    assert list(rows) == list(range(10))
    with pytest.raises(IndexError):
        rows[10]


def test_a_lost_chunk_computes_the_list_again(bureau, monkeypatch):
    monkeypatch.setattr(aggregates, "CHUNK", 4)
    calls = []

    def compute():
        calls.append(1)
        return list(range(10))

    _rows(bureau, compute)
    rows = _rows(bureau, compute)
    cache.delete(f"{rows.key}:1")
    assert rows[4:6] == [4, 5] and len(calls) == 2


def test_an_empty_list_is_cached_too(bureau):
    calls = []

    def compute():
        calls.append(1)
        return []

    _rows(bureau, compute)
    rows = _rows(bureau, compute)
    assert len(rows) == 0 and list(rows) == [] and len(calls) == 1


def test_each_language_has_its_own_entry(bureau):
    from django.utils import translation

    compute = Counter()
    with translation.override("en"):
        _opinions(bureau, compute)
    with translation.override("zh-hans"):
        _opinions(bureau, compute)
    assert compute.calls == 2
