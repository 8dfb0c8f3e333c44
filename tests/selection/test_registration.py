"""An applicant registers with an email address and a password under the project's password policy; the account
opens only through the link emailed to that address; registrations are limited per address and per client."""

import re

import pytest
from django.core import mail
from django.http import HttpRequest
from django.urls import reverse

from accounts.models import User
from selection import throttle

PASSWORD = "Lantern-Orchid-42-Quay"


@pytest.fixture
def register(client, db, django_capture_on_commit_callbacks):
    """Post the registration form as a browser would; the email leaves after the request's commit."""

    def post(email="lawyer@example.cn", password=PASSWORD, ip="10.0.0.1", **extra):
        data = {"email": email, "last_name": "周", "first_name": "明轩", "password1": password, "password2": password}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("selection:register"), {**data, **extra}, REMOTE_ADDR=ip)

    return post


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_registering_makes_an_inactive_applicant_and_emails_a_link(register):
    response = register()
    assert response.status_code == 200 and "请查收邮件" in response.content.decode()
    user = User.objects.get(username="lawyer@example.cn")
    assert (user.role, user.is_active, user.email, user.get_full_name()) == (
        "applicant",
        False,
        "lawyer@example.cn",
        "周明轩",
    )
    assert [m.to for m in mail.outbox] == [["lawyer@example.cn"]]
    assert "/selection/confirm/" in _link(mail.outbox[0])


def test_an_unconfirmed_applicant_cannot_sign_in(client, register):
    register()
    response = client.post(reverse("login"), {"username": "lawyer@example.cn", "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_the_link_asks_for_a_click_then_opens_the_account_once(client, register):
    register()
    path = _link(mail.outbox[0]).split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    assert User.objects.get().is_active is False  # a mail scanner opening the link confirms nothing
    assert client.post(path).status_code == 200
    assert User.objects.get().is_active is True
    assert client.post(path).status_code == 400  # used
    assert client.login(request=HttpRequest(), username="lawyer@example.cn", password=PASSWORD)


def test_a_forged_link_opens_nothing(client, register):
    register()
    path = _link(mail.outbox[0]).split("testserver", 1)[1]
    forged = path.rstrip("/").rsplit("/", 1)[0] + "/abc-0123456789abcdef/"
    assert client.post(forged).status_code == 400
    assert client.post(reverse("selection:confirm", args=["bm90YW51bWJlcg", "x-y"])).status_code == 400
    assert User.objects.get().is_active is False


def test_a_weak_password_is_refused_next_to_the_field_and_nothing_is_made(register):
    response = register(password="password123")
    assert response.status_code == 400 and 'id="id_password1_error"' in response.content.decode()
    assert not User.objects.exists() and not mail.outbox


def test_different_passwords_are_refused(register):
    response = register(password2="Another-Orchid-42-Quay")
    assert response.status_code == 400 and "两次输入的密码不一致" in response.content.decode()
    assert not User.objects.exists()


def test_a_known_address_gets_the_same_page_and_no_second_account(register, applicant):
    response = register(email=applicant.email)
    assert response.status_code == 200 and "请查收邮件" in response.content.decode()
    assert User.objects.filter(email=applicant.email).count() == 1
    assert not mail.outbox  # a confirmed account is not sent a link


def test_an_unconfirmed_address_gets_the_link_again(register):
    register()
    register()
    assert User.objects.count() == 1 and len(mail.outbox) == 2


def test_registrations_for_one_address_are_limited(register):
    for n in range(throttle.PER_EMAIL):
        assert register(ip=f"10.0.1.{n}").status_code == 200
    response = register(ip="10.0.2.1")
    assert response.status_code == 429 and "一小时后再试" in response.content.decode()


def test_registrations_from_one_client_are_limited(register):
    for n in range(throttle.PER_IP):
        assert register(email=f"l{n}@example.cn").status_code == 200
    assert register(email="another@example.cn").status_code == 429
    assert not User.objects.filter(email="another@example.cn").exists()


@pytest.mark.parametrize("role", ["bureau", "applicant"])
def test_a_signed_in_user_is_sent_back_to_the_notices(role, request, client_for):
    client = client_for(request.getfixturevalue(role))
    response = client.get(reverse("selection:register"))
    assert response.status_code == 302 and response["Location"] == reverse("selection:public_list")


def test_a_known_address_with_a_weak_password_is_refused_as_an_unknown_one_is(register, applicant):
    known, unknown = register(email=applicant.email, password="password123"), register(password="password123")
    assert known.status_code == unknown.status_code == 400
    assert 'id="id_password1_error"' in known.content.decode()


def test_an_address_that_cannot_be_a_username_is_refused_next_to_the_email(register):
    response = register(email="a!b#c@example.cn")
    assert response.status_code == 400 and 'id="id_email_error"' in response.content.decode()
    assert not User.objects.exists()
