from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BUREAU = "bureau", _("Justice bureau staff")
    OFFICER = "officer", _("Unit legal officer")
    FINANCE = "finance", _("Finance approver")
    AUDITOR = "auditor", _("Auditor")
    ADVISER = "adviser", _("Legal adviser")


# Roles that work in the Django admin; the others use the portal only.
ADMIN_ROLES = {Role.BUREAU, Role.AUDITOR, Role.OFFICER}
# Roles that may read every unit's records.
CITYWIDE_READERS = {Role.BUREAU, Role.AUDITOR}
