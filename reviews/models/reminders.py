"""The reminder log: one row per reminder sent, claimed by its unique key before the notice is written."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    REPORT_DUE = "report_due", _("Duty report due")
    REPORTS_OVERDUE = "reports_overdue", _("Overdue duty reports")
    ENGAGEMENT_90 = "engagement_ends_90", _("Engagement ends in 90 days")
    ENGAGEMENT_30 = "engagement_ends_30", _("Engagement ends in 30 days")
    CONTRACT_90 = "contract_ends_90", _("Contract ends in 90 days")
    CONTRACT_30 = "contract_ends_30", _("Contract ends in 30 days")


class ReminderLog(models.Model):
    """Exactly once per (recipient, kind, day): the row is inserted in the same transaction as the notice,
    so a duplicate insert fails on the unique constraint and a rolled-back one leaves nothing behind."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="reminder_logs"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ReminderKind.choices)
    day = models.DateField(_("day"))
    notice = models.OneToOneField(
        "accounts.Notice", verbose_name=_("notice"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    items = models.PositiveIntegerField(_("items listed"), default=0)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-day", "recipient_id", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "day"],
                name="reminder_once_per_recipient_kind_day",
                violation_error_message=_("This reminder has already been sent to this person today."),
            )
        ]
        indexes = [models.Index(fields=["day", "kind"])]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()} → {self.recipient}"
