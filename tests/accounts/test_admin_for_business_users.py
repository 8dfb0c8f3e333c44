"""The admin as business users meet it: groups in the order of the daily work, the technical tables in 系统设置
at the end and only for the roles their policies let see them, Chinese throughout, import errors per row."""

import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from accounts.roles import Role
from audit.trail import record_event
from tests.conftest import make_user


def _groups(client) -> list[str]:
    return re.findall(r'class="app-([a-z_]+) module', client.get(reverse("admin:index")).content.decode())


def _english(html: str) -> set[str]:
    body = re.sub(r"<script.*?</script>|<style.*?</style>|<svg.*?</svg>|<[^>]+>", " ", html, flags=re.S)
    return set(re.findall(r"\b[A-Z][a-z]{3,}(?: [a-z]{3,})*\b", body.replace("&rsaquo;", " ")))


def test_groups_follow_the_daily_work_and_the_system_tables_come_last(client_for, bureau):
    groups = _groups(client_for(bureau))
    assert groups[: groups.index("accounts")] == ["advisers", "reviews", "contracts", "budgets"]
    assert groups[-1] == "system" and "django_celery_beat" not in groups
    page = client_for(bureau).get(reverse("admin:index")).content.decode()
    assert "系统设置" in page and "/admin/django_celery_beat/periodictask/" in page


def test_the_system_group_holds_only_what_the_policies_let_the_role_see(client_for, bureau, auditor, city):
    security_admin = make_user("secadmin", Role.SECURITY_ADMIN, city)
    page = client_for(security_admin).get(reverse("admin:index")).content.decode()
    system = page[page.index('class="app-system module') :]
    assert "/admin/axes/accessattempt/" in system and "/admin/otp_totp/totpdevice/" in system
    assert "/admin/django_celery_beat/" not in page  # the reminder schedule is the bureau's
    bureau_page = client_for(bureau).get(reverse("admin:index")).content.decode()
    assert "/admin/axes/accessattempt/" not in bureau_page and "/admin/otp_totp/" not in bureau_page


def test_the_audit_list_speaks_chinese(client_for, bureau, unit_b):
    record_event(actor=bureau, event="export_pdf")
    page = client_for(bureau).get(reverse("admin:auditlog_logentry_changelist")).content.decode()
    assert "关联编号" in page and "改动" in page and "登录锁定" in page
    assert _english(page) == set(), _english(page)


def test_the_import_and_export_pages_speak_chinese(client_for, bureau):
    client = client_for(bureau)
    export = client.get(reverse("admin:advisers_adviser_export")).content.decode()
    assert "全选" in export and "执业证号" in export and "Licence No" not in export
    assert _english(export) == set(), _english(export)


def test_import_errors_are_written_beside_each_row(client_for, bureau):
    book = Workbook()
    book.active.append(["系统编号", "姓名或名称", "类别", "执业证号", "工作单位", "专业特长", "联系电话", "电子邮箱"])
    book.active.append(["", "张律师", "执业律师", "123", "", "", "12345", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("导入.xlsx", buffer.getvalue())
    page = client_for(bureau).post(reverse("admin:advisers_adviser_import"), {"import_file": upload, "format": "0"})
    text = page.content.decode()
    assert "部分行未通过校验" in text and "某些行验数据证失败" not in text
    row = text[text.index('<td class="errors">') :]
    assert row.index("律师执业证号应为17位数字") < row.index("</td>")  # in the row, not behind a hover
    assert "validation-error-count" not in text
