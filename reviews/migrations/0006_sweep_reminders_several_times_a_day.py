"""The reminder sweep runs five times a day instead of once: each run catches up on what an earlier one
could not send (a lost queue, a missed beat, a dead broker), so a failure heals within three hours."""

from django.db import migrations
from django.utils import timezone

TASK = "reviews.tasks.sweep_reminders"
DESCRIPTION = (
    "每天 08:00、11:00、14:00、17:00、20:00（北京时间）运行，补发最近 7 天（REMINDER_CATCH_UP_DAYS）内应发未发的提醒："
    "12月1、15、24、31日提醒未交年度履职报告；1月2日向司法局报送逾期清单；聘期和合同到期前90天、30天预警。"
    "每条提醒对每位收件人每天只发一次。"
)
OLD_DESCRIPTION = (
    "每天 08:00（北京时间）运行：12月1、15、24、31日提醒未交年度履职报告；1月2日向司法局报送逾期清单；"
    "聘期和合同到期前90天、30天预警。"
)


def _set(apps, hour, description):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour=hour, day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
    )
    PeriodicTask.objects.filter(task=TASK).update(crontab=schedule, description=description)
    # django-celery-beat reloads its schedule when this row changes.
    apps.get_model("django_celery_beat", "PeriodicTasks").objects.update_or_create(
        ident=1, defaults={"last_update": timezone.now()}
    )


def forwards(apps, schema_editor):
    _set(apps, "8,11,14,17,20", DESCRIPTION)


def backwards(apps, schema_editor):
    _set(apps, "8", OLD_DESCRIPTION)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0005_reference_jurisdiction_required"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
