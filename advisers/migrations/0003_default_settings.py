from django.db import migrations


def create_defaults(apps, schema_editor):
    apps.get_model("advisers", "AdviserSettings").objects.get_or_create(pk=1, defaults={"idle_months": 6, "ending_days": 90})


class Migration(migrations.Migration):
    dependencies = [("advisers", "0002_reselection_duty_settings")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
