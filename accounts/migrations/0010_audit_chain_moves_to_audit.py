"""The audit chain's model moves to the audit app (audit/migrations/0001): taken out of accounts' state only;
its table, data, triggers and grants stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0009_applicant_evaluator_roles")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="AuditChainLink")]),
    ]
