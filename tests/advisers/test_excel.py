"""Excel (xlsx, Chinese headers) import and export in the admin; a file with any bad row saves nothing and
says, for each bad row, what is wrong; a good row is saved as the admin's form saves one (its service)."""

import datetime as dt
import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Notice, Unit
from accounts.roles import Role
from advisers import services as adviser_services
from advisers.models import Adviser
from contracts.models import ContractFinding, Rule, ServiceContract
from contracts.resources import CLAUSE_HEADERS
from tests.factories import ContractFactory, make_user

ADVISER_HEADERS = ["系统编号", "姓名或名称", "类别", "执业证号", "工作单位", "专业特长", "联系电话", "电子邮箱"]
UNIT_HEADERS = ["单位名称", "单位类型", "层级", "上级单位", "市级预算单位", "统一社会信用代码"]
CONTRACT_HEADERS = [
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
    Adviser.objects.create(
        jurisdiction=bureau.jurisdiction, name="已有", category="lawyer", licence_no="14302201010000003"
    )
    upload = xlsx(ADVISER_HEADERS, [["", "重复证号", "执业律师", "14302201010000003", "", "", "", ""]])
    body = _import(client_for(bureau), "admin:advisers_adviser_import", upload).content.decode()
    assert "已有其他法律顾问使用该执业证号。" in body
    assert Adviser.objects.count() == 1


def _invalid_rows(response) -> dict[int, list[str]]:
    rows = response.context["result"].invalid_rows
    return {row.number: [str(m) for messages in row.error_dict.values() for m in messages] for row in rows}


def _check(client, url_name, upload):
    """The import's first step (the dry run), for a file with no bad row: its page offers the confirmation."""
    page = client.post(reverse(url_name), {"import_file": upload, "format": "0"})
    assert 'name="import_file_name"' in page.content.decode(), _invalid_rows(page)
    return page


def _confirm(client, url_name, checked):
    form = dict(_hidden_inputs(checked.content.decode()))
    return client.post(reverse(url_name.replace("_import", "_process_import")), form)


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
    holder = Adviser.objects.create(
        jurisdiction=bureau.jurisdiction, name="原持证人", category="lawyer", licence_no="14302201010000021"
    )
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
    adviser = Adviser.objects.create(
        jurisdiction=bureau.jurisdiction, name="赵律师", category="lawyer", licence_no="14302201010000031"
    )
    upload = xlsx(ADVISER_HEADERS, [[adviser.pk, "赵律师", "执业律师", "14302201010000031", "新所", "", "", ""]])
    _import(client_for(bureau), "admin:advisers_adviser_import", upload)
    adviser.refresh_from_db()
    assert adviser.affiliation == "新所"


def test_imported_advisers_are_audited_as_the_importing_user(client_for, bureau):
    existing = Adviser.objects.create(
        jurisdiction=bureau.jurisdiction, name="钱律师", category="lawyer", phone="13900000009"
    )
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
    # The first import also reads the user's jurisdiction (kept on the user): measured from the second on.
    for n, first in ((1, 500), (2, 0), (20, 100)):
        upload = xlsx(ADVISER_HEADERS, rows(n, first))
        with CaptureQueriesContext(connection) as queries:
            result = AdviserResource().import_data(XLSX().create_dataset(upload.read()), dry_run=False, user=bureau)
        assert not result.has_errors() and not result.has_validation_errors()
        counts.append(len(queries))
    assert counts[1] == counts[2], counts
    assert Adviser.objects.count() == 23


def test_units_import_with_their_parent_and_credit_code_check(client_for, bureau, city):
    bad = xlsx(
        UNIT_HEADERS,
        [
            ["市新设局", "市直部门", "市级", "株洲市人民政府", "是", ""],
            ["市错误局", "市直部门", "市级", "不存在的单位", "否", "123"],
        ],
    )
    body = _import(client_for(bureau), "admin:accounts_unit_import", bad).content.decode()
    assert "找不到名为“不存在的单位”的单位。" in body
    assert "统一社会信用代码应为18位，当前为3位。" in body
    assert not Unit.objects.filter(name="市新设局").exists()
    good = xlsx(UNIT_HEADERS, [["市新设局", "市直部门", "市级", "株洲市人民政府", "是", ""]])
    _import(client_for(bureau), "admin:accounts_unit_import", good)
    unit = Unit.objects.get(name="市新设局")
    assert (unit.parent, unit.is_budget_unit) == (city, True)


def test_contract_import_refuses_a_reversed_term_and_an_unknown_adviser(client_for, bureau, unit_a, adviser_a):
    clauses = ["是"] * 8
    upload = xlsx(
        CONTRACT_HEADERS,
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
    # New advisers are inserted in bulk (no post_save): advisers_register marks the cached figures out of date.
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
    kept = Adviser.objects.create(
        jurisdiction=bureau.jurisdiction, name="孙律师", category="lawyer", licence_no="14302201010000051"
    )
    Adviser.objects.create(
        jurisdiction=bureau.jurisdiction, name="周律师", category="lawyer", licence_no="14302201010000052"
    )
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


def test_a_row_gone_bad_between_the_check_and_the_confirmation_saves_nothing(client_for, bureau):
    """The confirmed import runs the checks again: a licence number registered meanwhile makes its row bad, and
    the rest of the file is not saved without it."""
    client = client_for(bureau)
    upload = xlsx(
        ADVISER_HEADERS,
        [
            ["", "甲律师", "执业律师", "14302201010000061", "", "", "", ""],
            ["", "乙律师", "执业律师", "14302201010000062", "", "", "", ""],
        ],
    )
    checked = _check(client, "admin:advisers_adviser_import", upload)
    Adviser.objects.create(
        jurisdiction=bureau.jurisdiction, name="抢先登记", category="lawyer", licence_no="14302201010000062"
    )
    confirmed = _confirm(client, "admin:advisers_adviser_import", checked)
    assert confirmed.status_code == 200
    assert _invalid_rows(confirmed) == {2: ["已有其他法律顾问使用该执业证号。"]}
    assert "已有其他法律顾问使用该执业证号。" in confirmed.content.decode()
    assert 'name="import_file"' in confirmed.content.decode()  # to send the corrected file
    assert list(Adviser.objects.values_list("name", flat=True)) == ["抢先登记"]


def test_an_imported_unit_is_saved_and_audited_as_the_admin_form_saves_one(client_for, bureau, city):
    client = client_for(bureau)
    typed = {"name": "市甲局", "kind": "department", "level": "city", "parent": city.pk, "is_budget_unit": "on"}
    assert client.post(reverse("admin:accounts_unit_add"), typed).status_code == 302
    upload = xlsx(UNIT_HEADERS, [["市乙局", "市直部门", "市级", "株洲市人民政府", "是", ""]])
    checked = _check(client, "admin:accounts_unit_import", upload)
    assert not Unit.objects.filter(name="市乙局").exists()
    assert _confirm(client, "admin:accounts_unit_import", checked).status_code == 302
    by_form, imported = (LogEntry.objects.get_for_object(Unit.objects.get(name=n)).get() for n in ("市甲局", "市乙局"))
    assert (imported.action, imported.actor) == (by_form.action, by_form.actor) == (LogEntry.Action.CREATE, bureau)
    assert imported.changes.keys() == by_form.changes.keys()
    assert imported.changes["parent"] == by_form.changes["parent"]


def test_an_imported_adviser_is_registered_and_audited_as_the_admin_form_registers_one(client_for, bureau):
    client = client_for(bureau)
    typed = {"name": "甲律师", "category": "lawyer", "licence_no": "14302201010000071", "phone": "13900000071"}
    typed.update({"engagements-TOTAL_FORMS": 0, "engagements-INITIAL_FORMS": 0})
    assert client.post(reverse("admin:advisers_adviser_add"), typed).status_code == 302
    upload = xlsx(ADVISER_HEADERS, [["", "乙律师", "执业律师", "14302201010000072", "", "", "13900000072", ""]])
    checked = _check(client, "admin:advisers_adviser_import", upload)
    assert not LogEntry.objects.filter(content_type__model="adviser", object_repr="乙律师").exists()
    assert _confirm(client, "admin:advisers_adviser_import", checked).status_code == 302
    by_form, imported = Adviser.objects.get(name="甲律师"), Adviser.objects.get(name="乙律师")
    assert imported.jurisdiction == by_form.jurisdiction == bureau.jurisdiction  # kept by the bureau's registry
    typed_row, imported_row = (LogEntry.objects.get_for_object(adviser).get() for adviser in (by_form, imported))
    assert (typed_row.action, typed_row.actor) == (LogEntry.Action.CREATE, bureau)
    assert (imported_row.action, imported_row.actor) == (typed_row.action, typed_row.actor)
    assert imported_row.changes.keys() == typed_row.changes.keys()


def test_an_imported_contract_is_checked_against_the_rules_as_the_admin_form_checks_one(
    client_for, bureau, unit_a, adviser_a, officer_a
):
    """The rules run on the imported contract and, as for a contract typed in the admin, on the unit's other
    contracts with the adviser: the new contract covers the work recorded after the old one ended."""

    def open_rules(contract):
        return set(contract.findings.filter(status=ContractFinding.Status.OPEN).values_list("rule", flat=True))

    old = ContractFactory(unit=unit_a, adviser=adviser_a, number="HT-2024", end_date=dt.date(2024, 12, 31))
    adviser_services.opinion_save(
        actor=bureau, adviser=adviser_a, unit=unit_a, date=dt.date(2025, 2, 1), matter_type="contract", subject="续签前"
    )
    assert open_rules(old) == {Rule.WORK_AFTER_EXPIRY}
    row = [unit_a.name, "HT-2025", adviser_a.name, "2024-12-20", "2025-01-01", "2025-12-31", "固定年费", "100000"]
    row += ["竞争性磋商", "", "", *["是"] * 7, "否"]  # no termination clause
    client = client_for(bureau)
    checked = _check(client, "admin:contracts_servicecontract_import", xlsx(CONTRACT_HEADERS, [row]))
    # The check saved nothing.
    assert ServiceContract.objects.count() == 1 and open_rules(old) == {Rule.WORK_AFTER_EXPIRY}
    assert _confirm(client, "admin:contracts_servicecontract_import", checked).status_code == 302
    imported = ServiceContract.objects.get(number="HT-2025")
    assert imported.engagement == adviser_a.engagements.get()
    assert open_rules(imported) == {Rule.MISSING_CLAUSES}
    assert open_rules(old) == set()  # the work after its end is covered now
    audit = LogEntry.objects.get_for_object(imported).get()
    assert (audit.action, audit.actor) == (LogEntry.Action.CREATE, bureau)
    told = Notice.objects.filter(recipient=officer_a, kind="contract_finding:opened", title__contains="HT-2025")
    assert told.exists()


@pytest.fixture
def county_bureau(county_unit):
    return make_user("county_bureau", Role.BUREAU, county_unit)


def test_a_county_bureau_cannot_change_or_name_the_citys_units_by_import(client_for, county_bureau, unit_a, county):
    client = client_for(county_bureau)
    # The city's department, named in a file by a county's bureau: not found in its area, so not changed; its
    # parent (the city) is not a unit the county's bureau may name.
    city_row = xlsx(UNIT_HEADERS, [["市住房和城乡建设局", "医院", "市级", "株洲市人民政府", "是", ""]])
    body = _import(client, "admin:accounts_unit_import", city_row).content.decode()
    assert "找不到名为“株洲市人民政府”的单位。" in body
    unit_a.refresh_from_db()
    assert unit_a.kind != Unit.Kind.HOSPITAL
    # A unit without a parent would sit outside the county's area, as the admin's form does not allow either.
    top_level = xlsx(UNIT_HEADERS, [["县外新设单位", "市直部门", "县级", "", "否", ""]])
    body = _import(client, "admin:accounts_unit_import", top_level).content.decode()
    assert "该行的记录不在您管理的范围内" in body
    assert not Unit.objects.filter(name="县外新设单位").exists()
    # Its own area's units it imports as the city's bureau does.
    own = xlsx(UNIT_HEADERS, [["醴陵市新设局", "市直部门", "县级", "醴陵市人民政府", "是", ""]])
    _import(client, "admin:accounts_unit_import", own)
    assert Unit.objects.get(name="醴陵市新设局").parent == county


def test_a_county_bureau_cannot_import_a_contract_of_the_citys_unit(client_for, county_bureau, unit_a, adviser_a):
    row = ["市住房和城乡建设局", "HT-县-1", adviser_a.name, "2026-01-05", "2026-01-05", "2026-12-31", "按年固定"]
    row += ["60000", "竞争性磋商", "", "常年法律顾问服务", *["是"] * len(CLAUSE_HEADERS)]
    body = _import(client_for(county_bureau), "admin:contracts_servicecontract_import", xlsx(CONTRACT_HEADERS, [row]))
    text = body.content.decode()
    assert "找不到名为“市住房和城乡建设局”的单位。" in text
    assert not ServiceContract.objects.filter(number="HT-县-1").exists()
