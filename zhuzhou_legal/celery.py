import os

from celery import Celery

# The same default as wsgi.py: a worker started without DJANGO_SETTINGS_MODULE runs the web's settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhuzhou_legal.settings.production")

app = Celery("zhuzhou_legal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
