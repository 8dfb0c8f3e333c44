"""Annual assessments (年度考核): weighted criteria, self and unit scores, veto items, grade and decision."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from advisers.models import Engagement

from ..grades import Grade

SCORE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class Decision(models.TextChoices):
    RENEW = "renew", _("Renew")
    RECTIFY = "rectify", _("Rectify")
    DISMISS = "dismiss", _("Dismiss")


class AssessmentScheme(models.Model):
    """One year's assessment rules of a jurisdiction: the criteria (below) and the grade thresholds on the
    weighted total. A county without its own scheme for the year uses its city's."""

    jurisdiction = models.ForeignKey(
        "accounts.Jurisdiction",
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        related_name="assessment_schemes",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    excellent_min = models.DecimalField(_("excellent from"), max_digits=5, decimal_places=2, default=Decimal("90"))
    competent_min = models.DecimalField(_("competent from"), max_digits=5, decimal_places=2, default=Decimal("75"))
    basic_min = models.DecimalField(
        _("basically competent from"), max_digits=5, decimal_places=2, default=Decimal("60")
    )

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "year"],
                name="scheme_one_per_jurisdiction_and_year",
                violation_error_message=_("This jurisdiction already has a scheme for this year."),
            ),
            models.CheckConstraint(
                condition=Q(basic_min__gt=0)
                & Q(competent_min__gt=F("basic_min"))
                & Q(excellent_min__gt=F("competent_min"))
                & Q(excellent_min__lte=100),
                name="scheme_thresholds_ordered",
                violation_error_message=_("Thresholds must rise: basically competent < competent < excellent ≤ 100."),
            ),
        ]

    def __str__(self) -> str:
        return _("Assessment scheme %(year)s") % {"year": self.year}

    def grade_for_total(self, total: Decimal) -> str:
        if total >= self.excellent_min:
            return Grade.EXCELLENT
        if total >= self.competent_min:
            return Grade.COMPETENT
        if total >= self.basic_min:
            return Grade.BASIC
        return Grade.INCOMPETENT


# The default criteria and weights (percent of the total) for a new year's scheme.
DEFAULT_CRITERIA = [
    ("duty", _("Duty performance"), Decimal("40")),
    ("quality", _("Service quality"), Decimal("30")),
    ("conduct", _("Professional conduct"), Decimal("15")),
    ("discipline", _("Work discipline"), Decimal("10")),
    ("bonus", _("Bonus items"), Decimal("5")),
]


class AssessmentCriterion(models.Model):
    """A criterion scored 0–100; it counts in the total with its weight (the weights add up to 100)."""

    scheme = models.ForeignKey(
        AssessmentScheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="criteria"
    )
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    weight = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("assessment criterion")
        verbose_name_plural = _("assessment criteria")
        ordering = ["scheme", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="criterion_code_unique_per_scheme"),
            models.CheckConstraint(
                condition=Q(weight__gt=0, weight__lte=100),
                name="criterion_weight_in_range",
                violation_error_message=_("A weight is more than 0 and at most 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight}%)"


# The default veto items (also created by migration 0002): code, name.
DEFAULT_VETO_ITEMS = [
    ("conflict", "违反利益冲突回避规定"),
    ("secrets", "泄露国家秘密、工作秘密或者委托单位的商业秘密"),
    ("sanction", "受到司法行政机关行政处罚或者行业惩戒"),
    ("refusal", "无正当理由拒绝履职或者多次无故不参加会议"),
]


class VetoItem(models.Model):
    """A veto item (一票否决): any one of them forces the lowest grade, whatever the scores."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("veto item")
        verbose_name_plural = _("veto items")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        COMPLETED = "completed", _("Completed")

    engagement = models.ForeignKey(
        Engagement, verbose_name=_("engagement"), on_delete=models.PROTECT, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    scheme = models.ForeignKey(
        AssessmentScheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    self_total = models.DecimalField(_("self-assessment total"), max_digits=5, decimal_places=2, default=Decimal("0"))
    unit_total = models.DecimalField(_("unit assessment total"), max_digits=5, decimal_places=2, default=Decimal("0"))
    vetoes = models.ManyToManyField(
        VetoItem, verbose_name=_("veto items found"), blank=True, related_name="assessments"
    )
    vetoed = models.BooleanField(_("vetoed"), default=False, editable=False)
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices, blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    comments = models.TextField(_("comments"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("annual assessment")
        verbose_name_plural = _("annual assessments")
        ordering = ["-year", "engagement_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "year"],
                name="assessment_one_per_engagement_year",
                violation_error_message=_("This engagement has already been assessed for that year."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (~Q(grade="") & ~Q(decision="") & Q(completed_at__isnull=False)),
                name="assessment_completed_has_grade_and_decision",
                violation_error_message=_("A completed assessment has a grade and a decision."),
            ),
            models.CheckConstraint(
                condition=Q(vetoed=False) | Q(grade="") | Q(grade=Grade.INCOMPETENT),
                name="assessment_veto_forces_lowest_grade",
                violation_error_message=_("A veto item forces the grade Incompetent."),
            ),
            models.CheckConstraint(
                condition=~Q(grade=Grade.INCOMPETENT) | ~Q(decision=Decision.RENEW),
                name="assessment_incompetent_not_renewed",
                violation_error_message=_("An adviser graded Incompetent cannot be renewed."),
            ),
        ]
        indexes = [
            models.Index(fields=["year", "grade"]),
            # The admin list's order: without it PostgreSQL sorts every row (and its joins) for each page.
            models.Index(fields=["-year", "engagement"], name="assessment_newest_year"),
        ]

    def __str__(self) -> str:
        return _("%(engagement)s — assessment %(year)s") % {"engagement": self.engagement, "year": self.year}

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED


class AssessmentScore(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        AssessmentCriterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    self_score = models.DecimalField(_("self-score"), max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS)
    unit_score = models.DecimalField(_("unit score"), max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS)

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        ordering = ["criterion__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="score_once_per_criterion"),
            models.CheckConstraint(
                condition=Q(self_score__gte=0, self_score__lte=100, unit_score__gte=0, unit_score__lte=100),
                name="score_between_0_and_100",
                violation_error_message=_("Scores are between 0 and 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.unit_score}"
