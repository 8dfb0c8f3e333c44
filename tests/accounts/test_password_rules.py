"""Passwords: 12+ characters of three classes, not the username, not one of the last three (GB/T 22239 L3)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import PasswordHistory
from tests.factories import PASSWORD


def errors_for(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""


@pytest.mark.django_db
def test_a_short_password_is_refused():
    assert "密码太短：至少须有12个字符" in errors_for("Ab1!Ab1!Ab1")  # 11 characters


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["abcdefghijkLMN", "abcdefgh12345", "ABCDEFGH-+=()"])
def test_two_character_classes_are_not_enough(password):
    assert "密码须至少包含大写字母、小写字母、数字、其他字符中的3类" in errors_for(password)


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["Lantern2025river", "zhuzhou-2025-legal", "ZHUZHOU-legal-x"])
def test_three_classes_of_twelve_characters_pass(password):
    assert errors_for(password) == ""


GUESSABLE = "这个密码容易被猜中"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password",
    [
        "Qwertyuiop1!",  # a keyboard walk
        "Asdfghjkl123!",
        "1qaz2wsx3EDC!",  # a keyboard walk down the columns
        "Password123!",  # a common password with digits
        "P@ssw0rd2025!",  # the same, with substitutions
        "Zhangwei1990!",  # a name in pinyin with a year
        "Woaini1314!!",  # 我爱你一生一世
        "Wangfang19900512!",  # a name in pinyin with a birthday
        "Liuyang@19881212",
        "Zhuzhou2025legal",  # the city's name, the year and a word
    ],
)
def test_guessable_patterns_are_refused(password):
    assert GUESSABLE in errors_for(password)


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["correct-Horse-battery-9", "Xiangjiang-qiao-chaye-42", "Maple-Quartz-7-ink"])
def test_a_passphrase_of_unrelated_words_is_accepted(password):
    assert errors_for(password) == ""


def test_the_username_may_not_appear_in_the_password(officer_a):
    assert "密码不得包含用户名" in errors_for("Xofficer_A-2025", officer_a)
    assert "密码不得包含用户名" in errors_for("Xa_reciffo-2025", officer_a)  # backwards


def test_the_current_password_and_the_two_before_it_are_refused(client_for, officer_a):
    client = client_for(officer_a)
    current = PASSWORD
    for new in ["First-Secret-2025", "Second-Secret-2025", "Third-Secret-2025"]:
        response = client.post(
            reverse("password_change"), {"old_password": current, "new_password1": new, "new_password2": new}
        )
        assert response.status_code == 302, response.content.decode()
        current = new
    for reused in ["Third-Secret-2025", "Second-Secret-2025", "First-Secret-2025"]:
        response = client.post(
            reverse("password_change"), {"old_password": current, "new_password1": reused, "new_password2": reused}
        )
        assert response.status_code == 200
        assert "新密码不得与最近3次使用过的密码相同" in response.content.decode()
    # The one before those three may come back.
    response = client.post(
        reverse("password_change"), {"old_password": current, "new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert response.status_code == 302
    assert PasswordHistory.objects.filter(user=officer_a).count() == 3


def test_the_password_change_page_shows_the_rules_in_chinese_and_audits_the_change(client_for, officer_a):
    from auditlog.models import LogEntry

    client = client_for(officer_a)
    page = client.get(reverse("password_change")).content.decode()
    assert "修改密码" in page
    assert "密码须至少包含大写字母、小写字母、数字、其他字符中的3类" in page
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"}
    )
    assert "密码太短" in response.content.decode()
    new = "Brand-New-Secret-9"
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response["Location"] == reverse("password_change_done")
    assert LogEntry.objects.filter(additional_data__event="password_changed", actor=officer_a).exists()
    officer_a.refresh_from_db()
    assert officer_a.check_password(new)


def test_the_password_change_page_needs_a_signed_in_user(client, db):
    assert client.get(reverse("password_change"))["Location"].startswith(reverse("login"))


def test_password_hashes_in_the_history_are_not_copied_into_the_audit_trail(client_for, officer_a):
    from auditlog.models import LogEntry

    new = "Brand-New-Secret-9"
    client_for(officer_a).post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert not LogEntry.objects.filter(content_type__model="passwordhistory").exists()
    assert not LogEntry.objects.filter(changes_text__contains="md5$").exists()
