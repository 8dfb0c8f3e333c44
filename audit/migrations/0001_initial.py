"""The audit chain's model, moved here from accounts (its 0007 made the table, the links and the triggers):
state only, the table keeps its name; its content type follows it, so its permissions and any reference stay."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, source="accounts", target="audit"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label=source, model="auditchainlink"
    ).update(app_label=target)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="audit", target="accounts")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0010_audit_chain_moves_to_audit"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditChainLink",
                    fields=[
                        (
                            "entry",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                primary_key=True,
                                related_name="chain_link",
                                serialize=False,
                                to=settings.AUDITLOG_LOGENTRY_MODEL,
                            ),
                        ),
                        ("seq", models.PositiveBigIntegerField(unique=True, verbose_name="position in the chain")),
                        ("prev_hash", models.CharField(max_length=64, verbose_name="hash of the previous row")),
                        ("hash", models.CharField(max_length=64, unique=True, verbose_name="hash")),
                    ],
                    options={
                        "verbose_name": "audit chain link",
                        "verbose_name_plural": "audit chain links",
                        "db_table": "accounts_auditchainlink",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("seq__gte", 1)),
                                name="audit_chain_seq_positive",
                                violation_error_message="The chain starts at 1.",
                            ),
                            models.UniqueConstraint(
                                fields=("prev_hash",),
                                name="audit_chain_one_successor",
                                violation_error_message="Another audit row already follows this one in the chain.",
                            ),
                        ],
                    },
                ),
            ]
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
