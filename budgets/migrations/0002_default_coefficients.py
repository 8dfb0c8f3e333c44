from decimal import Decimal

from django.db import migrations

DEFAULTS = {"excellent": "1.00", "competent": "0.90", "basic": "0.70", "incompetent": "0.00"}


def add_defaults(apps, schema_editor):
    GradeCoefficient = apps.get_model("budgets", "GradeCoefficient")
    for grade, coefficient in DEFAULTS.items():
        GradeCoefficient.objects.get_or_create(grade=grade, defaults={"coefficient": Decimal(coefficient)})


class Migration(migrations.Migration):
    dependencies = [("budgets", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
