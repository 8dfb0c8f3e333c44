"""The reminder and expiry schedule lives in the database and bureau staff edit it in the admin."""

from django.urls import reverse
from django_celery_beat.models import PeriodicTask


def test_the_daily_sweep_and_the_expiry_are_scheduled_in_beijing_time(beat_schedules):
    tasks = {t.task: t for t in PeriodicTask.objects.select_related("crontab")}
    assert {"reviews.tasks.sweep_reminders", "advisers.tasks.expire_engagements"} <= set(tasks)
    assert str(tasks["reviews.tasks.sweep_reminders"].crontab.timezone) == "Asia/Shanghai"


def test_bureau_staff_can_change_the_schedule_in_the_admin(beat_schedules, client_for, bureau):
    task = PeriodicTask.objects.get(task="reviews.tasks.sweep_reminders")
    client = client_for(bureau)
    response = client.get(reverse("admin:django_celery_beat_periodictask_change", args=[task.pk]))
    assert response.status_code == 200
    assert 'name="_save"' in response.content.decode()


def test_auditors_read_the_schedule_but_cannot_change_it(beat_schedules, client_for, auditor):
    task = PeriodicTask.objects.get(task="reviews.tasks.sweep_reminders")
    client = client_for(auditor)
    url = reverse("admin:django_celery_beat_periodictask_change", args=[task.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"name": "改掉"}).status_code == 403
    task.refresh_from_db()
    assert task.name != "改掉"


def test_officers_and_finance_do_not_see_the_schedule(beat_schedules, client_for, officer_a, finance):
    task = PeriodicTask.objects.get(task="reviews.tasks.sweep_reminders")
    url = reverse("admin:django_celery_beat_periodictask_change", args=[task.pk])
    assert client_for(officer_a).get(url).status_code in (403, 404)
    assert client_for(finance).get(url).status_code == 302  # finance does not use the admin
