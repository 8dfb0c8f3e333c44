"""Excel (xlsx, Chinese headers) import and export in the admin; a file with any bad row saves nothing and
says, for each bad row, what is wrong."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Unit
from advisers.models import Adviser
from contracts.models import ServiceContract

ADVISER_HEADERS = ["系统编号", "姓名或名称", "类别", "执业证号", "工作单位", "专业特长", "联系电话", "电子邮箱"]


def xlsx(headers, rows) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(
        "导入.xlsx", buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def _import(client, url_name, upload):
    response = client.post(reverse(url_name), {"import_file": upload, "format": "0"})
    assert response.status_code == 200
    body = response.content.decode()
    if "confirm" in body and 'name="import_file_name"' in body:
        form = {name: value for name, value in _hidden_inputs(body)}
        response = client.post(reverse(url_name.replace("_import", "_process_import")), form)
    return response


def _hidden_inputs(body):
    import re

    for match in re.finditer(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body):
        yield match.group(1), match.group(2)


def test_a_good_adviser_file_is_imported(client_for, bureau):
    upload = xlsx(
        ADVISER_HEADERS,
        [
            ["", "赵律师", "执业律师", "14302201010000001", "湖南某律师事务所", "合同", "13900000001", ""],
            ["", "湖南新律师事务所", "律师事务所", "31430000000000001", "", "政府法律事务", "", "firm@example.cn"],
        ],
    )
    response = _import(client_for(bureau), "admin:advisers_adviser_import", upload)
    assert response.status_code in (200, 302)
    assert set(Adviser.objects.values_list("name", "category")) == {
        ("赵律师", "lawyer"),
        ("湖南新律师事务所", "law_firm"),
    }


def test_a_file_with_bad_rows_lists_each_reason_and_saves_nothing(client_for, bureau):
    upload = xlsx(
        ADVISER_HEADERS,
        [
            ["", "好的一行", "执业律师", "14302201010000002", "", "", "", ""],
            ["", "类别错误", "大律师", "", "", "", "", ""],
            ["", "", "法学专家", "", "", "", "", ""],
            ["", "邮箱错误", "法学专家", "", "", "", "", "不是邮箱"],
        ],
    )
    response = _import(client_for(bureau), "admin:advisers_adviser_import", upload)
    body = response.content.decode()
    assert "“大律师”不是有效选项" in body
    assert "此字段不能为空。" in body  # the row without a name
    assert "请填写有效的电子邮箱地址" in body
    assert not Adviser.objects.exists()


def test_a_duplicate_licence_number_is_a_bad_row(client_for, bureau):
    Adviser.objects.create(name="已有", category="lawyer", licence_no="14302201010000003")
    upload = xlsx(ADVISER_HEADERS, [["", "重复证号", "执业律师", "14302201010000003", "", "", "", ""]])
    body = _import(client_for(bureau), "admin:advisers_adviser_import", upload).content.decode()
    assert "已有其他法律顾问使用该执业证号。" in body
    assert Adviser.objects.count() == 1


def _invalid_rows(response) -> dict[int, list[str]]:
    rows = response.context["result"].invalid_rows
    return {row.number: [str(m) for messages in row.error_dict.values() for m in messages] for row in rows}


def test_a_licence_number_twice_in_the_file_is_a_bad_row_on_its_second_row(client_for, bureau):
    upload = xlsx(
        ADVISER_HEADERS,
        [
            ["", "甲律师", "执业律师", "14302201010000011", "", "", "", ""],
            ["", "乙律师", "执业律师", "14302201010000012", "", "", "", ""],
            ["", "丙律师", "执业律师", " 14302201010000011 ", "", "", "", ""],
        ],
    )
    response = _import(client_for(bureau), "admin:advisers_adviser_import", upload)
    assert _invalid_rows(response) == {3: ["已有其他法律顾问使用该执业证号。"]}
    assert "已有其他法律顾问使用该执业证号。" in response.content.decode()
    assert not Adviser.objects.exists()


def test_a_licence_number_given_up_by_an_earlier_row_may_be_taken_by_a_later_one(client_for, bureau):
    """The rows are checked in order, as they are saved: once a row moves an adviser to a new number, its old
    number is free for the rows after it, and not for those before."""
    holder = Adviser.objects.create(name="原持证人", category="lawyer", licence_no="14302201010000021")
    taken_before = xlsx(
        ADVISER_HEADERS,
        [
            ["", "新律师", "执业律师", "14302201010000021", "", "", "", ""],
            [holder.pk, "原持证人", "执业律师", "14302201010000022", "", "", "", ""],
        ],
    )
    assert _invalid_rows(_import(client_for(bureau), "admin:advisers_adviser_import", taken_before)) == {
        1: ["已有其他法律顾问使用该执业证号。"]
    }
    given_up_first = xlsx(
        ADVISER_HEADERS,
        [
            [holder.pk, "原持证人", "执业律师", "14302201010000022", "", "", "", ""],
            ["", "新律师", "执业律师", "14302201010000021", "", "", "", ""],
        ],
    )
    _import(client_for(bureau), "admin:advisers_adviser_import", given_up_first)
    assert dict(Adviser.objects.values_list("name", "licence_no")) == {
        "原持证人": "14302201010000022",
        "新律师": "14302201010000021",
    }


def test_an_adviser_keeping_their_own_licence_number_is_not_a_duplicate(client_for, bureau):
    adviser = Adviser.objects.create(name="赵律师", category="lawyer", licence_no="14302201010000031")
    upload = xlsx(ADVISER_HEADERS, [[adviser.pk, "赵律师", "执业律师", "14302201010000031", "新所", "", "", ""]])
    _import(client_for(bureau), "admin:advisers_adviser_import", upload)
    adviser.refresh_from_db()
    assert adviser.affiliation == "新所"


def test_imported_advisers_are_audited_as_the_importing_user(client_for, bureau):
    from auditlog.models import LogEntry

    existing = Adviser.objects.create(name="钱律师", category="lawyer", phone="13900000009")
    upload = xlsx(
        ADVISER_HEADERS,
        [
            ["", "赵律师", "执业律师", "14302201010000041", "湖南某律师事务所", "", "13900000001", ""],
            [existing.pk, "钱律师", "执业律师", "", "", "", "13900000010", ""],
        ],
    )
    client = client_for(bureau)
    page = client.post(reverse("admin:advisers_adviser_import"), {"import_file": upload, "format": "0"})
    assert not LogEntry.objects.filter(content_type__model="adviser", actor=bureau).exists()  # the check saves nothing
    assert (
        "赵律师" in page.content.decode() and "湖南某律师事务所" in page.content.decode()
    )  # the preview shows the rows
    confirmed = client.post(
        reverse("admin:advisers_adviser_process_import"), {k: v for k, v in _hidden_inputs(page.content.decode())}
    )
    assert confirmed.status_code == 302
    created = Adviser.objects.get(name="赵律师")
    row = LogEntry.objects.get_for_object(created).get()
    assert (row.action, row.actor) == (LogEntry.Action.CREATE, bureau)
    assert row.changes["licence_no"] == [None, "14302201010000041"]
    change = LogEntry.objects.get_for_object(existing).filter(action=LogEntry.Action.UPDATE).get()
    assert change.actor == bureau
    assert change.changes["phone"] == ["13900000009", "13900000010"]


def test_an_import_runs_the_same_queries_whatever_the_number_of_rows(client_for, bureau):
    """One query for the file's existing advisers, one for its licence numbers, the inserts in batches."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from import_export.formats.base_formats import XLSX

    from advisers.excel import AdviserResource

    def rows(n, first):
        return [["", f"顾问{i}", "执业律师", f"143022010100{i:05d}", "", "", "", ""] for i in range(first, first + n)]

    counts = []
    for n, first in ((2, 0), (20, 100)):
        upload = xlsx(ADVISER_HEADERS, rows(n, first))
        with CaptureQueriesContext(connection) as queries:
            result = AdviserResource().import_data(XLSX().create_dataset(upload.read()), dry_run=False, user=bureau)
        assert not result.has_errors() and not result.has_validation_errors()
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert Adviser.objects.count() == 22


def test_units_import_with_their_parent_and_credit_code_check(client_for, bureau, city):
    headers = ["单位名称", "单位类型", "层级", "上级单位", "市级预算单位", "统一社会信用代码"]
    bad = xlsx(
        headers,
        [
            ["市新设局", "市直部门", "市级", "株洲市人民政府", "是", ""],
            ["市错误局", "市直部门", "市级", "不存在的单位", "否", "123"],
        ],
    )
    body = _import(client_for(bureau), "admin:accounts_unit_import", bad).content.decode()
    assert "找不到名为“不存在的单位”的单位。" in body
    assert "统一社会信用代码应为18位，当前为3位。" in body
    assert not Unit.objects.filter(name="市新设局").exists()
    good = xlsx(headers, [["市新设局", "市直部门", "市级", "株洲市人民政府", "是", ""]])
    _import(client_for(bureau), "admin:accounts_unit_import", good)
    unit = Unit.objects.get(name="市新设局")
    assert (unit.parent, unit.is_budget_unit) == (city, True)


def test_contract_import_refuses_a_reversed_term_and_an_unknown_adviser(client_for, bureau, unit_a, adviser_a):
    from contracts.resources import CLAUSE_HEADERS

    headers = [
        "聘用单位",
        "合同编号",
        "法律顾问或律师事务所",
        "签订日期",
        "开始日期",
        "结束日期",
        "计费方式",
        "合同金额（元）",
        "采购方式",
        "采购项目编号",
        "服务范围",
        *CLAUSE_HEADERS.values(),
    ]
    clauses = ["是"] * 8
    upload = xlsx(
        headers,
        [
            [
                unit_a.name,
                "HT-1",
                adviser_a.name,
                "2025-01-01",
                "2025-01-01",
                "2025-12-31",
                "按年固定",
                "100000",
                "竞争性磋商",
                "",
                "",
                *clauses,
            ],
            [
                unit_a.name,
                "HT-2",
                "查无此人",
                "2025-01-01",
                "2025-01-01",
                "2025-12-31",
                "按年固定",
                "100000",
                "竞争性磋商",
                "",
                "",
                *clauses,
            ],
            [
                unit_a.name,
                "HT-3",
                adviser_a.name,
                "2025-01-01",
                "2025-12-31",
                "2025-01-01",
                "按年固定",
                "100000",
                "竞争性磋商",
                "",
                "",
                *clauses,
            ],
        ],
    )
    body = _import(client_for(bureau), "admin:contracts_servicecontract_import", upload).content.decode()
    assert "找不到名为“查无此人”的法律顾问。" in body
    assert "结束日期必须晚于开始日期。" in body
    assert not ServiceContract.objects.exists()


def test_export_has_chinese_headers_and_is_audited(client_for, bureau, adviser_a):
    from auditlog.models import LogEntry

    fields = ["id", "name", "category", "licence_no", "affiliation", "specialties", "phone", "email"]
    response = client_for(bureau).post(
        reverse("admin:advisers_adviser_export"),
        {"format": "0", **{f"adviserresource_{name}": "on" for name in fields}},
    )
    assert response.status_code == 200, response.content[:500]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:3] == ["系统编号", "姓名或名称", "类别"]
    assert sheet[2][2].value == "执业律师"
    assert LogEntry.objects.filter(additional_data__event="export_xlsx").exists()


@pytest.mark.parametrize("user_fixture", ["officer_a", "auditor"])
def test_officers_and_auditors_cannot_import(client_for, request, user_fixture):
    user = request.getfixturevalue(user_fixture)
    response = client_for(user).post(
        reverse("admin:advisers_adviser_import"),
        {"import_file": xlsx(ADVISER_HEADERS, [["", "x", "执业律师", "", "", "", "", ""]]), "format": "0"},
    )
    assert response.status_code == 403
    assert not Adviser.objects.filter(name="x").exists()


def test_officers_cannot_export(client_for, officer_a):
    assert client_for(officer_a).get(reverse("admin:advisers_adviser_export")).status_code == 403


def test_a_file_missing_columns_is_refused_by_name_without_a_python_traceback(client_for, bureau):
    upload = xlsx(["姓名或名称"], [["只有一列"]])
    response = client_for(bureau).post(reverse("admin:advisers_adviser_import"), {"import_file": upload, "format": "0"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Traceback" not in body and 'File "' not in body
    assert "类别" in body  # the missing column is named
    assert not Adviser.objects.filter(name="只有一列").exists()


def test_imported_advisers_appear_in_the_cached_statistics_at_once(client_for, bureau):
    # The import inserts in bulk (no post_save), so it must mark the cached figures out of date itself.
    client = client_for(bureau)
    assert "钱律师" not in client.get(reverse("advisers:statistics")).content.decode()
    upload = xlsx(ADVISER_HEADERS, [["", "钱律师", "执业律师", "14302201010000009", "", "", "", ""]])
    _import(client, "admin:advisers_adviser_import", upload)
    assert Adviser.objects.filter(name="钱律师").exists()
    assert "钱律师" in client.get(reverse("advisers:statistics")).content.decode()


def test_a_file_larger_than_one_lookup_is_read_in_parts(client_for, bureau, monkeypatch):
    """SQLite takes at most 32,766 parameters per statement, so a big file's ids and licence numbers are looked
    up in parts; with parts of one row, existing advisers and taken numbers are still found."""
    monkeypatch.setattr("advisers.excel.LOOKUP_CHUNK", 1)
    kept = Adviser.objects.create(name="孙律师", category="lawyer", licence_no="14302201010000051")
    Adviser.objects.create(name="周律师", category="lawyer", licence_no="14302201010000052")
    upload = xlsx(
        ADVISER_HEADERS,
        [
            [kept.pk, "孙律师", "执业律师", "14302201010000051", "新所", "", "", ""],
            ["", "吴律师", "执业律师", "14302201010000052", "", "", "", ""],
            ["", "郑律师", "执业律师", "14302201010000053", "", "", "", ""],
        ],
    )
    assert _invalid_rows(_import(client_for(bureau), "admin:advisers_adviser_import", upload)) == {
        2: ["已有其他法律顾问使用该执业证号。"]
    }
    fine = xlsx(
        ADVISER_HEADERS,
        [
            [kept.pk, "孙律师", "执业律师", "14302201010000051", "新所", "", "", ""],
            ["", "郑律师", "执业律师", "14302201010000053", "", "", "", ""],
        ],
    )
    _import(client_for(bureau), "admin:advisers_adviser_import", fine)
    kept.refresh_from_db()
    assert kept.affiliation == "新所" and Adviser.objects.filter(name="郑律师").exists()
    assert Adviser.objects.count() == 3
