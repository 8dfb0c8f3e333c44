import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportJob(models.Model):
    """A large PDF rendered in the background; the requester follows its progress and downloads it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Rendering")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="report_jobs"
    )
    kind = models.CharField(_("report"), max_length=50)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/", blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Set when queued, renewed while rendering: a job whose heartbeat stopped died with its worker.
    heartbeat_at = models.DateTimeField(_("last sign of life"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="reportjob_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.get_status_display()})"

    @property
    def is_stale(self) -> bool:
        """Queued or rendering, but silent for longer than the stated bound: its worker (or its queued message)
        is gone, since a living job renews its heartbeat every REPORT_JOB_HEARTBEAT_SECONDS."""
        bound = {
            self.Status.QUEUED: settings.REPORT_JOB_QUEUED_STALE_SECONDS,
            self.Status.RUNNING: settings.REPORT_JOB_RUNNING_STALE_SECONDS,
        }.get(self.status)
        return bound is not None and timezone.now() - self.heartbeat_at > dt.timedelta(seconds=bound)

    @property
    def has_failed(self) -> bool:
        return self.status == self.Status.FAILED or self.is_stale

    @property
    def status_label(self) -> str:
        return _("Rendering failed") if self.has_failed else self.get_status_display()
