from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvisersConfig(AppConfig):
    name = "advisers"
    verbose_name = _("Advisers and duty records")

    def ready(self):
        from accounts.navigation import register
        from figures.aggregates import watch

        from .todo import register_items

        register_items()  # the portal home's 待办 (accounts.todo)

        from . import models, policies, receivers  # noqa: F401

        # Read by the cached statistics and dashboards (figures.aggregates).
        watch(
            models.Adviser,
            models.AdviserSettings,
            models.Engagement,
            models.ReselectionCandidate,
            models.ExecutiveMeeting,
            models.MeetingAttendance,
            models.InspectionParticipation,
            models.LegalOpinion,
            models.Lecture,
        )

        register(
            label=_("Advisers"),
            url_name="advisers:list",
            group="advisers",
            model=models.Adviser,
            description=_("The legal advisers and law firms retained, with their engagements."),
            order=10,
        )
        register(
            label=_("Engagements"),
            url_name="advisers:engagements",
            group="advisers",
            model=models.Engagement,
            description=_("Terms, appointment letters, terms ending soon, advisers hired but not used."),
            order=11,
        )
        register(
            label=_("Duty records"),
            url_name="advisers:opinions",
            group="duty",
            model=models.LegalOpinion,
            description=_("Legal opinions and lectures; record your unit's adviser work."),
            order=12,
        )
        register(
            label=_("Proposed duty records"),
            url_name="advisers:proposals",
            group="duty",
            model=models.LegalOpinion,
            description=_("Lectures and opinions advisers entered themselves, to confirm (they count once confirmed)."),
            order=12,
        )
        register(
            label=_("Executive meetings"),
            url_name="advisers:meetings",
            group="duty",
            model=models.ExecutiveMeeting,
            description=_("Municipal executive meetings attended by the city government advisers."),
            order=13,
        )
        register(
            label=_("Re-selection rounds"),
            url_name="advisers:rounds",
            group="advisers",
            model=models.ReselectionRound,
            description=_("When terms run out: incumbents' records, candidates and the outcome."),
            order=14,
        )
        register(
            label=_("Dispute register"),
            url_name="advisers:disputes",
            group="advisers",
            model=models.Dispute,
            description=_("The unit's cases and who acts for the other side: what advisers are checked against."),
            order=16,
        )
        register(
            label=_("Conflict-of-interest review"),
            url_name="advisers:conflicts",
            group="advisers",
            model=models.ConflictFinding,
            description=_("Engagements held by a conflict finding, and the bureau's decisions with their reasons."),
            order=17,
        )
        register(
            label=_("Duty statistics"),
            url_name="advisers:statistics",
            group="statistics",
            model=models.Adviser,
            description=_("Attendances, opinions, adoption rate and lectures per adviser and per unit."),
            order=15,
        )
