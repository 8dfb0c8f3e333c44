from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BUREAU = "bureau", _("Justice bureau staff")
    OFFICER = "officer", _("Unit legal officer")
    FINANCE = "finance", _("Finance approver")
    AUDITOR = "auditor", _("Auditor")
    ADVISER = "adviser", _("Legal adviser")
    # The public side of a re-selection (selection app): someone applying, an outside expert on a panel.
    APPLICANT = "applicant", _("Applicant")
    EVALUATOR = "evaluator", _("Evaluator")
    # Separation of duties (三员分立): three administrator roles that touch no business data.
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")


ADMINISTRATOR_ROLES = {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}
# Roles that work in the Django admin; the others use the portal only.
ADMIN_ROLES = {Role.BUREAU, Role.AUDITOR, Role.OFFICER} | ADMINISTRATOR_ROLES
# Roles that read the audit trail.
AUDIT_READERS = {Role.BUREAU, Role.AUDITOR, Role.AUDIT_ADMIN}
# Accounts that must pass a TOTP second factor after the password: staff with write access to the
# registry and every administrator (superusers too, see User.requires_two_factor).
TWO_FACTOR_ROLES = {Role.BUREAU} | ADMINISTRATOR_ROLES

# The shape of an account (data rules, not access rules): a new account is an officer's, an officer
# belongs to a unit, an adviser account names its adviser. accounts.models.User keeps them as constraints.
DEFAULT_ROLE = Role.OFFICER
UNIT_BOUND_ROLE = Role.OFFICER
ADVISER_BOUND_ROLE = Role.ADVISER
# An applicant's account is confirmed through its email address, so it has one.
EMAIL_BOUND_ROLE = Role.APPLICANT


def bound_to_unit(role: str) -> bool:
    return role == UNIT_BOUND_ROLE


def bound_to_adviser(role: str) -> bool:
    return role == ADVISER_BOUND_ROLE


def bound_to_email(role: str) -> bool:
    return role == EMAIL_BOUND_ROLE
