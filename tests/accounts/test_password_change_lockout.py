"""Wrong current passwords on the password change page are failed sign-ins: they count toward the account's
lockout, after which even the right password changes nothing and the session ends."""

from axes.models import AccessAttempt
from django.urls import reverse

from tests.factories import PASSWORD

NEW = "Maple-Quartz-7-ink"


def change(client, old_password):
    return client.post(
        reverse("password_change"), {"old_password": old_password, "new_password1": NEW, "new_password2": NEW}
    )


def test_a_wrong_current_password_counts_as_a_failed_sign_in(client_for, officer_a):
    response = change(client_for(officer_a), "wrong-password")
    assert response.status_code == 200
    assert AccessAttempt.objects.get(username="officer_a").failures_since_start == 1


def test_nine_wrong_current_passwords_then_the_right_one_changes_nothing(client_for, officer_a):
    guesser, other_session = client_for(officer_a), client_for(officer_a)
    statuses = [change(guesser, f"wrong-password-{i}").status_code for i in range(9)]
    # The fifth locks the account and ends the guesser's session: later tries are sent to sign in.
    assert statuses == [200] * 4 + [429] + [302] * 4
    assert "_auth_user_id" not in guesser.session
    response = change(other_session, PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "账户已锁定" in page and "15分钟后重试" in page
    officer_a.refresh_from_db()
    assert officer_a.check_password(PASSWORD) and not officer_a.check_password(NEW)


def test_the_locked_account_cannot_sign_in_either(client_for, client, officer_a):
    owner = client_for(officer_a)
    for i in range(5):
        change(owner, f"wrong-password-{i}")
    response = client.post(reverse("login"), {"username": "officer_a", "password": PASSWORD})
    assert response.status_code == 429


def test_the_typed_passwords_are_not_kept_with_the_failed_attempt(client_for, officer_a):
    change(client_for(officer_a), "wrong-Secret-77")
    post_data = AccessAttempt.objects.get(username="officer_a").post_data
    assert "wrong-Secret-77" not in post_data and NEW not in post_data


def test_the_right_current_password_still_changes_it(client_for, officer_a):
    client = client_for(officer_a)
    change(client, "wrong-password")
    assert change(client, PASSWORD)["Location"] == reverse("password_change_done")
