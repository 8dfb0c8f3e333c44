from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _

# The business groups in the order of the daily work: advisers and their duty, reports and assessments,
# contracts, fees, then units and accounts and the audit trail.
WORK_ORDER = ["advisers", "reviews", "contracts", "budgets", "reports", "accounts", "auditlog"]
SYSTEM_APPS = {"django_celery_beat", "axes", "otp_totp"}


class LegalAdminSite(admin.AdminSite):
    site_header = _("Zhuzhou Municipal Government Legal Adviser Management System")
    site_title = _("Zhuzhou Municipal Government Legal Adviser Management System")
    index_title = _("Administration")

    def has_permission(self, request):
        # Which models and rows each role reaches is decided by the policies (accounts.policy).
        user = request.user
        return user.is_authenticated and user.uses_admin

    def get_app_list(self, request, app_label=None):
        """The groups in the order of the daily work, and the technical tables (the reminder schedule's Celery
        beat tables, sign-in lockouts, second-factor devices) together in 系统设置 at the end. Each model is
        listed only for a role its policy lets see it (the model admins ask accounts.policy)."""
        apps = sorted(self._build_app_dict(request, app_label).values(), key=lambda app: str(app["name"]).lower())
        for app in apps:
            # Django sorts by the lazy translations themselves, which translates both names at each comparison
            # (41,000 translations for one role's 300 admin pages): each name is made text once.
            for model in app["models"]:
                model["name"] = str(model["name"])
            app["models"].sort(key=lambda model: model["name"])
        if app_label is not None:
            return apps
        system = [model for app in apps if app["app_label"] in SYSTEM_APPS for model in app["models"]]
        business = [app for app in apps if app["app_label"] not in SYSTEM_APPS]
        business.sort(key=lambda app: WORK_ORDER.index(app["app_label"]) if app["app_label"] in WORK_ORDER else 99)
        if system:
            business.append(
                {
                    "name": _("System settings"),
                    "app_label": "system",
                    "app_url": system[0]["admin_url"],
                    "has_module_perms": True,
                    "models": system,
                }
            )
        return business


class LegalAdminConfig(AdminConfig):
    default_site = "zhuzhou_legal.admin.LegalAdminSite"
