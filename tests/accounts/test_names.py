"""One rule for people's names: Chinese order without a space (李芳), everywhere a person is named."""

from django.template import Context, Template
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from audit.trail import record_event


def test_a_name_is_family_name_first_without_a_space():
    user = User(username="lifang", last_name="李", first_name="芳", role=Role.OFFICER)
    assert str(user) == user.get_full_name() == user.get_short_name() == "李芳"


def test_an_unnamed_account_falls_back_to_its_username():
    assert User(username="sysadmin").get_full_name() == "sysadmin"


def test_records_name_the_person_and_the_role():
    user = User(username="lifang", last_name="李", first_name="芳", role=Role.OFFICER)
    assert Template("{{ user|who }}").render(Context({"user": user})) == "李芳（单位法制工作人员）"
    assert Template("{{ nobody|who }}").render(Context({"nobody": None})) == "—"


def test_the_header_names_the_user(client_for, officer_a):
    officer_a.last_name, officer_a.first_name = "李", "芳"
    officer_a.save()
    page = client_for(officer_a).get(reverse("portal:home")).content.decode()
    assert "李芳 · 单位法制工作人员" in page
    assert "芳 李" not in page


def test_the_admin_greets_by_the_whole_name(client_for, bureau):
    bureau.last_name, bureau.first_name = "王", "明"
    bureau.save()
    page = client_for(bureau).get(reverse("admin:index")).content.decode()
    assert "<strong>王明</strong>" in page


def test_the_audit_list_names_the_person_and_role(client_for, bureau):
    bureau.last_name, bureau.first_name = "王", "明"
    bureau.save()
    record_event(actor=bureau, event="export_pdf")
    page = client_for(bureau).get(reverse("admin:auditlog_logentry_changelist")).content.decode()
    assert "王明（" in page
