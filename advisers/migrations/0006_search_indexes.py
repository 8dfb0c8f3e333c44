"""Trigram indexes (pg_trgm, a trusted extension since PostgreSQL 13) for the searches of the largest
tables (250,000 opinions, 42,000 lectures, 20,000 advisers, whose names every related search looks up
first): `LIKE '%term%'` of three or more characters is answered from the index instead of reading every
row (accounts.admin_base.IndexedSearchMixin). PostgreSQL only; no-ops on SQLite."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from operations.postgres import PostgresOnly


def trigram(model_name, field, name):
    return PostgresOnly(
        migrations.AddIndex(
            model_name=model_name, index=GinIndex(fields=[field], opclasses=["gin_trgm_ops"], name=name)
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("advisers", "0005_list_orderings"),
    ]

    operations = [
        TrigramExtension(),
        trigram("legalopinion", "subject", "opinion_subject_trgm"),
        trigram("lecture", "topic", "lecture_topic_trgm"),
        trigram("adviser", "name", "adviser_name_trgm"),
    ]
