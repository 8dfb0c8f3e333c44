import pytest
from django.urls import reverse

from accounts.roles import Role
from tests.factories import PASSWORD, make_user


def test_login_page_is_in_chinese(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "株洲市政府法律顾问管理系统" in response.content.decode()


def test_admin_login_is_titled_in_chinese(client, db):
    response = client.get(reverse("admin:login"))
    assert "株洲市政府法律顾问管理系统" in response.content.decode()


def test_english_when_the_browser_asks_for_it(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Zhuzhou Municipal Government Legal Adviser Management System" in response.content.decode()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.FINANCE, Role.AUDITOR])
def test_every_role_without_a_second_factor_logs_in_and_lands_on_a_working_home_page(client, unit_a, role):
    make_user(f"user_{role}", role, unit_a)
    response = client.post(reverse("login"), {"username": f"user_{role}", "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("portal:home")
    assert "欢迎" in response.content.decode()


def test_home_refuses_post(client_for, officer_a):
    assert client_for(officer_a).post(reverse("portal:home")).status_code == 405


def test_wrong_password_shows_a_chinese_error(client, officer_a):
    response = client.post(reverse("login"), {"username": "officer_a", "password": "nope"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()
