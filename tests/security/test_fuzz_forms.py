"""The forms that exist today, fuzzed (tests/security/fuzz.py): login, the unit form in the admin, password change,
the TOTP step. Forms of the other apps are added to this suite as they arrive."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from hypothesis import strategies as st

from accounts.demo import demo_credit_code
from accounts.models import Unit
from tests.factories import PASSWORD
from tests.security.fuzz import fuzz_form_post


def test_login_survives_any_input(officer_a, settings):
    settings.AXES_FAILURE_LIMIT = 10_000  # the lockout has its own tests; here every answer must be the form
    fuzz_form_post(Client, reverse("login"), valid={"username": "officer_a", "password": PASSWORD})


def test_login_lockout_page_also_says_what_is_wrong(officer_a):
    fuzz_form_post(
        Client,
        reverse("login"),
        valid={"username": "officer_a", "password": PASSWORD},
        fields=["password"],
        refusals={200: None, 429: "账户已锁定"},
        max_examples=15,
    )
    assert AccessAttempt.objects.filter(username="officer_a").exists()


def test_the_unit_form_in_the_admin_survives_any_input(client_for, bureau, city, unit_a):
    serials = iter(range(50_000, 60_000))
    fuzz_form_post(
        client_for(bureau),
        reverse("admin:accounts_unit_add"),
        valid=lambda: {
            "name": f"模糊测试单位{next(serials)}",
            "kind": "department",
            "level": "city",
            "parent": city.pk,
            "is_budget_unit": "on",
            "credit_code": demo_credit_code(next(serials)),
        },
        strategies={
            "parent": st.one_of(
                st.sampled_from([str(unit_a.pk), "0", "-5", "99999999999999999999"]), st.text(max_size=20)
            )
        },
    )


def test_changing_a_unit_in_the_admin_survives_any_input(client_for, bureau, city, unit_a):
    fuzz_form_post(
        client_for(bureau),
        reverse("admin:accounts_unit_change", args=[unit_a.pk]),
        valid={"name": unit_a.name, "kind": "department", "level": "city", "parent": city.pk, "credit_code": ""},
        strategies={"parent": st.sampled_from([str(unit_a.pk), str(city.pk), "abc", "-1"])},
    )
    unit_a.refresh_from_db()
    assert unit_a.parent_id != unit_a.pk  # never its own parent, whatever was sent


def test_password_change_survives_any_input(client_for, officer_a):
    def fresh_client():
        # Wrong current passwords count toward the lockout (test_password_change_lockout): each example
        # starts with none counted, as a new session of the account.
        AccessAttempt.objects.all().delete()
        return client_for(officer_a)

    fuzz_form_post(
        fresh_client,
        reverse("password_change"),
        valid={"old_password": PASSWORD, "new_password1": "Fuzzed-Secret-2025", "new_password2": "Fuzzed-Secret-2025"},
        fields=["old_password", "new_password1", "new_password2"],
    )


def test_the_totp_step_survives_any_input(client, bureau):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=bureau, name="phone", confirmed=True)
    client.post(reverse("login"), {"username": "bureau", "password": PASSWORD})
    fuzz_form_post(client, reverse("two_factor_verify"), valid={"token": "000000"}, success=())


@pytest.mark.django_db
def test_the_helper_catches_a_form_that_saves_before_refusing(client_for, bureau, city, monkeypatch):
    """The helper itself must fail when a refusal leaves a row behind."""
    from accounts import admin as accounts_admin

    original = accounts_admin.UnitForm.clean

    leaked = iter(range(1000))

    def leaky_clean(form):
        Unit.objects.create(name=f"泄漏的单位{next(leaked)}", parent=city)
        return original(form)

    monkeypatch.setattr(accounts_admin.UnitForm, "clean", leaky_clean)
    with pytest.raises(AssertionError, match="changed the database"):
        fuzz_form_post(
            client_for(bureau),
            reverse("admin:accounts_unit_add"),
            valid={"name": "", "kind": "department", "level": "city"},
            fields=["kind"],
            max_examples=5,
            shrink=False,
        )
