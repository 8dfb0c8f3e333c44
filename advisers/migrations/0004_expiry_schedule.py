"""Schedule the daily expiry of engagements whose term has ended (Celery beat's database schedule)."""

from django.db import migrations

TASK_NAME = "每日聘期到期处理（期满的聘任标记为期满）"


def forwards(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="0", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "advisers.tasks.expire_engagements",
            "crontab": schedule,
            "description": "每天 00:30（北京时间）运行：聘期已届满的在聘、续聘聘任标记为“期满”。",
        },
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("advisers", "0003_default_settings"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
