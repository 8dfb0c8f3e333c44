from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Mod, StrIndex, Substr
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from .credit_code import ALPHABET, WEIGHTS, validate_credit_code
from .roles import ADMIN_ROLES, AUDIT_READERS, CITYWIDE_READERS, TWO_FACTOR_ROLES, Role


def _credit_code_is_valid() -> Q:
    """The GB 32100-2015 check character as a database condition (works on SQLite and PostgreSQL)."""
    alphabet = Value(ALPHABET)

    def index(position: int):
        return StrIndex(alphabet, Substr("credit_code", position, 1)) - 1

    weighted = sum(index(i + 1) * weight for i, weight in enumerate(WEIGHTS))
    return Q(credit_code__isnull=True) | (
        Q(credit_code__regex=r"^[0-9A-HJ-NP-RTUW-Y]{18}$") & Q(Exact(Mod(31 - Mod(weighted, 31), 31), index(18)))
    )


class Unit(models.Model):
    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Municipal department")
        SOE = "soe", _("State-owned enterprise")
        HOSPITAL = "hospital", _("Hospital")
        SCHOOL = "school", _("School")
        COUNTY_GOV = "county_gov", _("District/county government")
        OTHER = "other", _("Other")

    class Level(models.TextChoices):
        CITY = "city", _("City level")
        COUNTY = "county", _("County level")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.CITY)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The unit this one reports to: a county unit to its county, a secondary institution to its parent."),
    )
    is_budget_unit = models.BooleanField(_("municipal budget unit"), default=False)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_credit_code],
    )
    # Materialised path of primary keys ("1/5/23/"): a unit's subtree is one indexed prefix match.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(condition=_credit_code_is_valid(), name="unit_credit_code_valid"),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="unit_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.credit_code:
            self.credit_code = self.credit_code.strip().upper()
        if self.parent_id and self.pk:
            if self.parent_id == self.pk or self.parent.path.startswith(self.path or "\0"):
                raise ValidationError({"parent": _("A unit cannot report to itself or to one of its own sub-units.")})

    def save(self, *args, **kwargs):
        if self.credit_code == "":
            self.credit_code = None
        super().save(*args, **kwargs)
        new_path = f"{self.parent.path if self.parent_id else ''}{self.pk}/"
        if new_path != self.path:
            old_path, self.path = self.path, new_path
            Unit.objects.filter(pk=self.pk).update(path=new_path)
            if old_path:
                # A move: every descendant's path starts with the old prefix.
                for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    Unit.objects.filter(pk=child.pk).update(path=new_path + child.path[len(old_path) :])

    def subtree(self):
        return Unit.objects.filter(path__startswith=self.path)


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    adviser = models.ForeignKey(
        "advisers.Adviser",
        verbose_name=_("adviser"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
        help_text=_("For the adviser role: the adviser this account belongs to."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=Role.OFFICER) | Q(unit__isnull=False) | Q(is_superuser=True),
                name="user_officer_has_unit",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.ADVISER) | Q(adviser__isnull=False), name="user_adviser_has_adviser"
            ),
        ]

    def clean(self):
        super().clean()
        if self.role == Role.OFFICER and not self.unit_id and not self.is_superuser:
            raise ValidationError({"unit": _("A unit legal officer must belong to a unit.")})
        if self.role == Role.ADVISER and not self.adviser_id:
            raise ValidationError({"adviser": _("An adviser account must name its adviser.")})

    @property
    def is_bureau(self) -> bool:
        return self.role == Role.BUREAU or self.is_superuser

    @property
    def is_officer(self) -> bool:
        return self.role == Role.OFFICER and not self.is_superuser

    @property
    def is_finance(self) -> bool:
        return self.role == Role.FINANCE

    @property
    def is_auditor(self) -> bool:
        return self.role == Role.AUDITOR and not self.is_superuser

    @property
    def reads_citywide(self) -> bool:
        return self.is_superuser or self.role in CITYWIDE_READERS

    @property
    def uses_admin(self) -> bool:
        return self.is_active and (self.is_superuser or self.role in ADMIN_ROLES)

    @property
    def reads_audit_trail(self) -> bool:
        return self.is_active and (self.is_superuser or self.role in AUDIT_READERS)

    @property
    def requires_two_factor(self) -> bool:
        """Bureau staff, the three administrators and superusers pass a TOTP step after the password."""
        return self.is_superuser or self.role in TWO_FACTOR_ROLES


class Notice(models.Model):
    """An in-app notice; each may also be delivered by email once."""

    recipient = models.ForeignKey(User, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "-created_at"])]

    def __str__(self) -> str:
        return self.title


class PasswordHistory(models.Model):
    """Hashes of a user's recent passwords, so that a new password cannot repeat one of the last three."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("password history entry")
        verbose_name_plural = _("password history")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"])]
