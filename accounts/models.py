from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, Value
from django.db.models.functions import Mod, StrIndex, Substr
from django.db.models.lookups import Exact
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ui.formatting import format_datetime

from . import policy
from .credit_code import ALPHABET, WEIGHTS, validate_credit_code
from .roles import (
    ADVISER_BOUND_ROLE,
    DEFAULT_ROLE,
    EMAIL_BOUND_ROLE,
    UNIT_BOUND_ROLE,
    Role,
    bound_to_adviser,
    bound_to_email,
    bound_to_unit,
)


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
        CITY_GOV = "city_gov", _("City government")
        PROVINCE_GOV = "province_gov", _("Provincial government")
        OTHER = "other", _("Other")

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province level")
        CITY = "city", _("City level")
        COUNTY = "county", _("County level")

    # A government unit heads a jurisdiction (辖区): its subtree is the jurisdiction's area.
    GOVERNMENT_KINDS = frozenset({Kind.COUNTY_GOV, Kind.CITY_GOV, Kind.PROVINCE_GOV})
    GOVERNMENT_LEVELS = {Kind.PROVINCE_GOV: Level.PROVINCE, Kind.CITY_GOV: Level.CITY, Kind.COUNTY_GOV: Level.COUNTY}
    LEVEL_RANK = {Level.PROVINCE: 0, Level.CITY: 1, Level.COUNTY: 2}

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
        help_text=_(
            "The unit this one reports to: a county unit to its county, a secondary institution to its parent."
        ),
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
    # The nearest jurisdiction (this unit's own when it is a government), kept by save().
    jurisdiction = models.ForeignKey(
        "accounts.Jurisdiction",
        verbose_name=_("jurisdiction"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="units",
    )

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

    def save(self, *args, **kwargs):
        if self.credit_code == "":
            self.credit_code = None
        with transaction.atomic():
            super().save(*args, **kwargs)
            new_path = f"{self.parent.path if self.parent_id else ''}{self.pk}/"
            old_path = self.path
            if new_path != self.path:
                self.path = new_path
                Unit.objects.filter(pk=self.pk).update(path=new_path)
                if old_path:
                    # A move: every descendant's path starts with the old prefix.
                    for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                        Unit.objects.filter(pk=child.pk).update(path=new_path + child.path[len(old_path) :])
            jurisdiction = Jurisdiction.for_government(self) if self.is_government else None
            if jurisdiction is None:
                jurisdiction_id = self.parent.jurisdiction_id if self.parent_id else None
            else:
                jurisdiction_id = jurisdiction.pk
            if jurisdiction_id != self.jurisdiction_id or (old_path and old_path != new_path):
                self.jurisdiction_id = jurisdiction_id
                Unit.objects.filter(pk=self.pk).update(jurisdiction_id=jurisdiction_id)
                assign_jurisdictions(self)

    def clean(self):
        if self.credit_code:
            self.credit_code = self.credit_code.strip().upper()
        if self.parent_id and self.pk and (self.parent_id == self.pk or self.parent.path.startswith(self.path or "\0")):
            raise ValidationError({"parent": _("A unit cannot report to itself or to one of its own sub-units.")})
        government_level = self.GOVERNMENT_LEVELS.get(self.kind)
        if government_level and self.level != government_level:
            raise ValidationError({"level": _("A government's level must match its kind.")})
        # A unit never sits above the unit it reports to: that would take it out of its own jurisdiction.
        if self.parent_id:
            rank, parent_rank = self.LEVEL_RANK.get(self.level, 0), self.LEVEL_RANK.get(self.parent.level, 0)
            if rank < parent_rank:
                raise ValidationError({"level": _("A unit cannot be at a higher level than the unit it reports to.")})
            # A government heads a jurisdiction of its own, one level below the one it reports to.
            if government_level and rank == parent_rank:
                raise ValidationError({"kind": _("A government reports to the government one level above it.")})

    @property
    def is_government(self) -> bool:
        """A root unit or a government heads a jurisdiction."""
        return self.parent_id is None or self.kind in self.GOVERNMENT_KINDS

    def subtree(self):
        return Unit.objects.filter(path__startswith=self.path)


class Jurisdiction(models.Model):
    """A level of government (省、市、县) that runs its own advisers: its area is its government's subtree.

    Bureau staff, finance approvers and auditors work for the jurisdiction their unit belongs to
    (accounts.policy). Created with its government unit (Unit.save); the letter abbreviation and the
    bureau's name are set per jurisdiction by its staff.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        COUNTY = "county", _("County")

    government = models.OneToOneField(
        Unit, verbose_name=_("government"), on_delete=models.PROTECT, related_name="governed_jurisdiction"
    )
    name = models.CharField(_("name"), max_length=50)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("jurisdiction above"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    bureau_name = models.CharField(
        _("justice bureau"), max_length=100, help_text=_("Printed as the issuer of letters.")
    )
    letter_abbreviation = models.CharField(
        _("letter abbreviation"),
        max_length=20,
        help_text=_("The issuer's abbreviation in letter numbers, e.g. 株司函."),
    )
    # The government unit's path, kept by Unit.save: the area is one prefix match without a join.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def for_government(cls, unit: Unit) -> Jurisdiction:
        """The jurisdiction the government unit heads, created on first sight; its place kept current."""
        parent = unit.parent.jurisdiction if unit.parent_id else None
        level = {Unit.Level.PROVINCE: cls.Level.PROVINCE, Unit.Level.COUNTY: cls.Level.COUNTY}.get(
            unit.level, cls.Level.CITY
        )
        jurisdiction = cls.objects.filter(government=unit).first()
        if jurisdiction is None:
            name = unit.name.removesuffix("人民政府") or unit.name
            return cls.objects.create(
                government=unit,
                name=name,
                level=level,
                parent=parent,
                bureau_name=_bureau_name(name, level),
                letter_abbreviation=f"{name[:1]}司函",
                path=unit.path,
            )
        if (jurisdiction.parent_id, jurisdiction.path, jurisdiction.level) != (
            getattr(parent, "pk", None),
            unit.path,
            level,
        ):
            jurisdiction.parent, jurisdiction.path, jurisdiction.level = parent, unit.path, level
            jurisdiction.save(update_fields=["parent", "path", "level"])
        return jurisdiction

    def area(self):
        return Unit.objects.filter(path__startswith=self.path)

    @cached_property
    def holds_every_unit(self) -> bool:
        """Whether the area is the whole installation: this is the only top-level jurisdiction (each root
        unit heads one, so no unit lies outside it). The policy then filters nothing (accounts.backends
        answers it with the signed-in user's own query)."""
        if self.parent_id is not None:
            return False
        return not Jurisdiction.objects.filter(parent__isnull=True).exclude(pk=self.pk).exists()


def _bureau_name(name: str, level: str) -> str:
    if level == Jurisdiction.Level.PROVINCE:
        return f"{name}司法厅"
    return f"{name}司法局"


def assign_jurisdictions(unit: Unit) -> None:
    """Each unit below `unit` belongs to its nearest government's jurisdiction (after a move or a new government)."""
    nearest = {unit.path: unit.jurisdiction_id}
    for child in Unit.objects.filter(path__startswith=unit.path).exclude(pk=unit.pk).order_by("path"):
        parent_path = child.path[: child.path.rstrip("/").rfind("/") + 1]
        if child.is_government:
            jurisdiction_id = Jurisdiction.for_government(child).pk
        else:
            jurisdiction_id = nearest.get(parent_path, unit.jurisdiction_id)
        nearest[child.path] = jurisdiction_id
        if child.jurisdiction_id != jurisdiction_id:
            Unit.objects.filter(pk=child.pk).update(jurisdiction_id=jurisdiction_id)


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=DEFAULT_ROLE)
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
                condition=~Q(role=UNIT_BOUND_ROLE) | Q(unit__isnull=False) | Q(is_superuser=True),
                name="user_officer_has_unit",
            ),
            models.CheckConstraint(
                condition=~Q(role=ADVISER_BOUND_ROLE) | Q(adviser__isnull=False), name="user_adviser_has_adviser"
            ),
            models.CheckConstraint(condition=~Q(role=EMAIL_BOUND_ROLE) | ~Q(email=""), name="user_applicant_has_email"),
        ]

    def clean(self):
        super().clean()
        if bound_to_unit(self.role) and not self.unit_id and not self.is_superuser:
            raise ValidationError({"unit": _("A unit legal officer must belong to a unit.")})
        if bound_to_adviser(self.role) and not self.adviser_id:
            raise ValidationError({"adviser": _("An adviser account must name its adviser.")})
        if bound_to_email(self.role) and not self.email:
            raise ValidationError({"email": _("An applicant's account must have an email address.")})

    def __str__(self) -> str:
        return self.get_full_name()

    def get_full_name(self) -> str:
        """The name in Chinese order, family name first, without a space (李芳); the username for an unnamed account."""
        return f"{self.last_name.strip()}{self.first_name.strip()}" or self.username

    def get_short_name(self) -> str:
        # A Chinese office greets and signs with the whole name: "欢迎，李芳", never the given name alone.
        return self.get_full_name()

    @property
    def name_with_role(self) -> str:
        """How records name who acted: 李芳（单位法制工作人员）."""
        return _("%(name)s (%(role)s)") % {"name": self.get_full_name(), "role": self.get_role_display()}

    @cached_property
    def jurisdiction(self) -> Jurisdiction | None:
        """The jurisdiction this account works for: that of the government its unit belongs to."""
        if not self.unit_id:
            return None
        return self.unit.jurisdiction  # loaded with the user (accounts.backends)

    # Asked of the policy module (accounts.policy), which alone decides what a role may do.
    @property
    def uses_admin(self) -> bool:
        return policy.uses_admin(self)

    @property
    def reads_audit_trail(self) -> bool:
        return policy.reads_audit_trail(self)

    @property
    def requires_two_factor(self) -> bool:
        return policy.requires_two_factor(self)


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

    def __str__(self):
        return f"{self.user} · {format_datetime(self.created_at)}"


class SubmissionToken(models.Model):
    """A create form's one-time token, claimed in the same transaction as the record it made (accounts.once):
    the primary key makes a second claim of the same token fail, so a resent form creates nothing."""

    token = models.UUIDField(_("token"), primary_key=True)
    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("record type"), on_delete=models.CASCADE, null=True
    )
    object_id = models.PositiveBigIntegerField(_("record"), null=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__isnull=True, object_id__isnull=True)
                | Q(content_type__isnull=False, object_id__isnull=False),
                name="submissiontoken_record_whole",
                violation_error_message=_("A form submission names both the record's type and its id, or neither."),
            )
        ]

    def __str__(self) -> str:
        return str(self.token)

    @property
    def record(self):
        return self.content_type.get_object_for_this_type(pk=self.object_id) if self.content_type_id else None
