"""On PostgreSQL (and Redis): the trigram indexes serve the SQL the searches produce, and cached figures
are shared by every process through Redis, version bumps included."""

import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from advisers.models import Adviser, Lecture, LegalOpinion
from figures import aggregates
from ui.search import search_condition

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only: runs in the PostgreSQL CI run"
)


def _plan(queryset) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test tables are tiny: ask whether the index *can* serve
        return queryset.explain()


@needs_postgres
@pytest.mark.postgres
@pytest.mark.parametrize(
    "model,field,index",
    [
        (LegalOpinion, "subject", "opinion_subject_trgm"),
        (Lecture, "topic", "lecture_topic_trgm"),
        (Adviser, "name", "adviser_name_trgm"),
    ],
)
def test_the_search_of_a_chinese_term_is_served_by_the_trigram_index(db, model, field, index):
    assert index in _plan(model.objects.filter(search_condition(model, [field], "审查意见")).order_by())


@needs_postgres
@pytest.mark.postgres
def test_an_opinion_search_with_related_names_is_one_bitmap_of_indexes(unit_a):
    # unit A (市住房和城乡建设局) matches: its id joins the subject's trigram index in one bitmap.
    plan = _plan(
        LegalOpinion.objects.filter(
            search_condition(LegalOpinion, ["subject", "adviser__name", "unit__name"], "住房和")
        ).order_by()  # as the count of the list's rows is
    )
    assert "opinion_subject_trgm" in plan and "Seq Scan" not in plan


@pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL: runs in the PostgreSQL CI run")
@pytest.mark.postgres
def test_redis_shares_figures_and_bumps_between_processes(bureau):
    """Two cache clients stand for two gunicorn workers: what one caches or bumps, the other sees."""
    from django.core.cache import caches

    prefix = f"test-{uuid.uuid4().hex}"
    redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    calls = []

    def figures():
        return aggregates.cached(
            "test.shared", user=bureau, sources=(LegalOpinion,), compute=lambda: calls.append(1) or len(calls)
        )

    with override_settings(CACHES=redis):
        try:
            assert figures() == 1
            other_worker = caches.create_connection("default")
            assert other_worker.get(aggregates._version_key("advisers.LegalOpinion")) is not None
            assert figures() == 1
            other_worker.set(aggregates._version_key("advisers.LegalOpinion"), "bumped elsewhere", timeout=None)
            assert figures() == 2
        finally:  # this test's keys only: the database also holds Celery's queues
            client = caches["default"]._cache.get_client(write=True)
            client.delete(*client.keys(f"{prefix}:*"))
