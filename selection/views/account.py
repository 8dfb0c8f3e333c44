"""An applicant's account: registration with an emailed confirmation link, throttled per address and email."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.forms import apply_errors
from accounts.security import client_ip

from ..forms import ConfirmAccountForm, RegistrationForm
from ..services import applicant_confirm, applicant_register
from ..throttle import registration_allowed


@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("selection:public_list")
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not registration_allowed(ip=client_ip(request), email=email):
            form.add_error(None, _("Too many registrations from here or for this address. Try again in an hour."))
            return render(request, "selection/register.html", {"form": form}, status=429)
        try:
            applicant_register(
                email=email,
                last_name=form.cleaned_data["last_name"],
                first_name=form.cleaned_data["first_name"],
                password=form.cleaned_data["password1"],
                site_url=request.build_absolute_uri("/"),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            # The same page whether the address was new or not: it tells nobody who has an account.
            return render(request, "selection/register_sent.html", {"email": email})
    return render(request, "selection/register.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def confirm(request, uidb64: str, token: str):
    if request.method == "POST":
        ConfirmAccountForm(request.POST).is_valid()
        user = applicant_confirm(uidb64=uidb64, token=token)
        return render(request, "selection/confirmed.html", {"confirmed": user is not None}, status=200 if user else 400)
    return render(request, "selection/confirm.html", {"form": ConfirmAccountForm()})
