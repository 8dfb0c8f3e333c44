"""Second factor and password pages."""

from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.trail import record_event

from .forms import TokenForm
from .security import lockout_response
from .two_factor import qr_svg, totp_confirm, totp_pending_device, totp_secret, totp_verify


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("portal:home")


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def two_factor_setup(request):
    """First sign-in of an account that needs TOTP: scan the QR code, confirm with the first code."""
    if request.user.is_verified() or TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(f"{reverse('two_factor_verify')}?{urlencode({'next': _next_url(request)})}")
    device = totp_pending_device(user=request.user)
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if totp_confirm(request=request, device=device, token=form.cleaned_data["token"]):
            messages.success(request, _("Two-factor authentication is set up."))
            return redirect(_next_url(request))
        form.add_error("token", _("The code is wrong or has expired. Check the time on your phone and try again."))
    return render(
        request,
        "accounts/two_factor_setup.html",
        {"form": form, "qr_svg": qr_svg(device.config_url), "secret": totp_secret(device), "next": _next_url(request)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def two_factor_verify(request):
    """The second step of every sign-in for accounts that need TOTP."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(f"{reverse('two_factor_setup')}?{urlencode({'next': _next_url(request)})}")
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        ok, reason = totp_verify(request=request, token=form.cleaned_data["token"])
        if ok:
            return redirect(_next_url(request))
        if reason == "throttled":
            form.add_error("token", _("Too many wrong codes. Wait a minute before trying again."))
        else:
            form.add_error("token", _("The code is wrong or has expired. Check the time on your phone and try again."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)})


class PasswordChangeView(auth_views.PasswordChangeView):
    """A wrong current password is a failed sign-in: it counts toward the account's lockout (django-axes), so
    a borrowed or stolen session cannot guess the password here. Once locked, the page refuses every
    password, the right one too, and ends the session, as the sign-in page does."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("password_change_done")

    def post(self, request, *args, **kwargs):
        if AxesProxyHandler.is_locked(request, self._credentials()):
            return self._locked_out()
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.has_error("old_password", "password_incorrect"):
            user_login_failed.send(sender=__name__, credentials=self._credentials(), request=self.request)
            if getattr(self.request, "axes_locked_out", False):
                return self._locked_out()
        return super().form_invalid(form)

    def _credentials(self) -> dict:
        return {"username": self.request.user.get_username()}

    def _locked_out(self):
        logout(self.request)
        return lockout_response(self.request)

    def form_valid(self, form):
        response = super().form_valid(form)
        # The password field is not tracked by django-auditlog; the change itself is an audited event.
        record_event(actor=self.request.user, event="password_changed")
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
