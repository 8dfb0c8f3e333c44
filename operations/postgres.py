"""Migration operations that only PostgreSQL runs: the project also runs on SQLite (development, tests)."""

from django.db.migrations.operations.base import Operation


class PostgresOnly(Operation):
    """Runs the database part of `operation` on PostgreSQL only, e.g. an AddIndex of a trigram GIN index.

    The model state is left alone, so the index is not in the models' Meta and makemigrations never
    proposes it for SQLite; reversing drops it again on PostgreSQL.
    """

    reversible = True

    def __init__(self, operation):
        self.operation = operation

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"{self.operation.describe()} (PostgreSQL only)"
