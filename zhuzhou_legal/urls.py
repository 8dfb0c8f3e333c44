from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views_security
from accounts.forms import LoginForm
from operations.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/two-factor/", views_security.two_factor_verify, name="two_factor_verify"),
    path("account/two-factor/setup/", views_security.two_factor_setup, name="two_factor_setup"),
    path("account/password/", views_security.PasswordChangeView.as_view(), name="password_change"),
    path("account/password/done/", views_security.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("advisers/", include("advisers.urls")),
    path("contracts/", include("contracts.urls")),
    path("budgets/", include("budgets.urls")),
    path("reviews/", include("reviews.urls")),
    path("reports/", include("reports.urls")),
    path("selection/", include("selection.urls")),
    path("", include("accounts.urls")),
]

handler500 = "accounts.views.server_error"
