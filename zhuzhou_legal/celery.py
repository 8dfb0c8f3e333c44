import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhuzhou_legal.settings.base")

app = Celery("zhuzhou_legal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
