from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reports, assessments and inspections")

    def ready(self):
        from accounts.models import Jurisdiction
        from accounts.navigation import register
        from figures.aggregates import watch

        from .todo import register_items

        register_items()  # the portal home's 待办 (accounts.todo)
        from accounts.policy import OVERSEE
        from advisers.history import register_assessment_lookup

        from . import models, policies  # noqa: F401
        from .selectors import assessment_summaries

        # Read by the cached overview and dashboard (figures.aggregates).
        watch(
            models.DutyReport,
            models.Assessment,
            models.UnitWorkReport,
            models.InspectionCampaign,
            models.UnitInspection,
        )

        register_assessment_lookup(assessment_summaries)

        register(
            label=_("Duty reports"),
            url_name="reviews:duty_reports",
            group="duty",
            model=models.DutyReport,
            description=_("Advisers' annual duty reports, due by 31 December."),
            order=400,
        )
        register(
            label=_("Assessments"),
            url_name="reviews:assessments",
            group="reviews",
            model=models.Assessment,
            description=_("Annual assessment of each adviser: scores, grade and decision."),
            order=410,
        )
        register(
            label=_("Work reports"),
            url_name="reviews:work_reports",
            group="reviews",
            model=models.UnitWorkReport,
            description=_(
                "Units' annual work reports up the line: county units to their county, counties to the city."
            ),
            order=420,
        )
        register(
            label=_("Contract inspection"),
            url_name="reviews:inspections",
            group="contracts",
            model=models.UnitInspection,
            description=_("The yearly contract inspection: scores, feedback letters and rectification."),
            order=430,
        )
        register(
            label=_("Reviews overview"),
            url_name="reviews:overview",
            group="statistics",
            model=Jurisdiction,
            action=OVERSEE,
            description=_("The year at a glance: reports, grades, county progress, inspection averages."),
            order=390,
        )
