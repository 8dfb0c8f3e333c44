from django.db import models
from django.utils.translation import gettext_lazy as _


class Grade(models.TextChoices):
    """Annual assessment grades (考核等次); the budgets app maps each to a settlement coefficient."""

    EXCELLENT = "excellent", _("Excellent")
    COMPETENT = "competent", _("Competent")
    BASIC = "basic", _("Basically competent")
    INCOMPETENT = "incompetent", _("Incompetent")
