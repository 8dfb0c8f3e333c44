from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class LegalAdminSite(admin.AdminSite):
    site_header = _("Zhuzhou Municipal Government Legal Adviser Management System")
    site_title = _("Zhuzhou Municipal Government Legal Adviser Management System")
    index_title = _("Administration")

    def has_permission(self, request):
        # Which models and rows each role reaches is decided by the policies (accounts.policy).
        user = request.user
        return user.is_authenticated and user.uses_admin


class LegalAdminConfig(AdminConfig):
    default_site = "zhuzhou_legal.admin.LegalAdminSite"
