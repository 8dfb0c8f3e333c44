from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "selection"
    verbose_name = _("Adviser selection")

    def ready(self):
        from accounts.navigation import register
        from accounts.policy import policy_for

        from . import models, policies
        from .panel import policies as panel_policies

        register(
            label=_("Selection notices"),
            url_name="selection:manage",
            group="advisers",
            model=models.SelectionNotice,
            description=_("Public notices of a re-selection round, and the applications received."),
            order=16,
        )
        register(
            label=_("My applications"),
            url_name="selection:mine",
            group="advisers",
            allowed=lambda user: policy_for(models.Application).can(user, policies.APPLY),
            description=_("Your applications to selection notices, their documents and their state."),
            order=17,
        )
        register(
            label=_("My evaluation panels"),
            url_name="selection:my_panels",
            group="advisers",
            allowed=panel_policies.may_sit_on_panels,
            description=_("The applicants you score: declare conflicts of interest, then score and submit."),
            order=18,
        )
