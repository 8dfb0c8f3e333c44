"""Schedule the yearly conflict-of-interest review of the engagements in force (Celery beat's database schedule)."""

from django.db import migrations

TASK_NAME = "每年利益冲突审查（在聘聘任重新核查）"


def forwards(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="2", day_of_week="*", day_of_month="2", month_of_year="1", timezone="Asia/Shanghai"
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "advisers.tasks.review_conflicts_yearly",
            "crontab": schedule,
            "description": "每年 1 月 2 日 02:00（北京时间）运行：在聘的聘任对照涉诉案件登记、兼任单位数重新核查，"
            "已提出过的问题不重复提出。",
        },
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("advisers", "0014_conflict_of_interest"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
