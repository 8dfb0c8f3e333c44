"""The default veto items (一票否决) and the daily reminder sweep in Celery beat's database schedule.

The schedule is editable in the admin (Periodic tasks); it runs at 08:00 Beijing time every day and the
sweep itself decides what is due on that day.
"""

from django.db import migrations

VETO_ITEMS = [
    ("conflict", "违反利益冲突回避规定"),
    ("secrets", "泄露国家秘密、工作秘密或者委托单位的商业秘密"),
    ("sanction", "受到司法行政机关行政处罚或者行业惩戒"),
    ("refusal", "无正当理由拒绝履职或者多次无故不参加会议"),
]
TASK_NAME = "每日提醒扫描（年度履职报告、聘期和合同到期）"


def forwards(apps, schema_editor):
    VetoItem = apps.get_model("reviews", "VetoItem")
    for code, name in VETO_ITEMS:
        VetoItem.objects.get_or_create(code=code, defaults={"name": name})
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="8", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "reviews.tasks.sweep_reminders",
            "crontab": schedule,
            "description": "每天 08:00（北京时间）运行：12月1、15、24、31日提醒未交年度履职报告；1月2日向司法局报送逾期清单；聘期和合同到期前90天、30天预警。",
        },
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
