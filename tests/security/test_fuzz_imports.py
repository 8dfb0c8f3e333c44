"""The admin's xlsx imports fuzzed: random workbooks (any headers, any cell values, unreadable files) never give a
500; the check run (dry run) never saves; a refused file lists every reason on the page and saves nothing; a file
with no bad row is imported when confirmed."""

import io
import os
import re
from html import unescape

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from advisers.excel import AdviserResource, UnitResource
from contracts.resources import ServiceContractResource
from tests.factories import EngagementFactory
from tests.security.fuzz import HOSTILE, bound_forms, error_messages, project_models, snapshot

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

IMPORTS = [
    ("admin:advisers_adviser_import", AdviserResource, ["执业律师", "律师事务所", "法学专家", "14302201010000001"]),
    (
        "admin:accounts_unit_import",
        UnitResource,
        ["市住房和城乡建设局", "株洲市人民政府", "市直部门", "市级", "是", "否"],
    ),
    (
        "admin:contracts_servicecontract_import",
        ServiceContractResource,
        ["市住房和城乡建设局", "唐立新", "2025-01-01", "2025-12-31", "50000.00", "是", "否", "公开选聘"],
    ),
]


def cells(known: list[str]) -> st.SearchStrategy:
    """A cell: a plausible value, a hostile string, any text, a number, a date, a formula, or empty."""
    return st.one_of(
        st.sampled_from(known),
        st.sampled_from(HOSTILE[:20]),
        st.none(),
        st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), max_size=60),
        st.integers(min_value=-(10**15), max_value=10**15),
        st.floats(allow_nan=False, allow_infinity=False),
        st.dates(),
        st.just("=1+1"),
    )


def workbooks(headers: list[str], known: list[str]) -> st.SearchStrategy[bytes]:
    header_rows = st.one_of(
        st.just(headers),
        st.permutations(headers),
        st.lists(st.sampled_from(headers + ["多余的列", ""]), min_size=1, max_size=len(headers) + 1),
    )

    @st.composite
    def book(draw):
        columns = draw(header_rows)
        rows = draw(st.lists(st.lists(cells(known), min_size=len(columns), max_size=len(columns)), max_size=4))
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(columns)
        for row in rows:
            # An xlsx cannot hold control characters (openpyxl refuses them), so no real file carries them.
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell for cell in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    return st.one_of(book(), st.binary(max_size=2048))  # also files that are not workbooks at all


def shown_errors(response) -> list[str]:
    """Every reason the import gave: unreadable file (form errors), bad rows (validation), failing rows."""
    messages = [m for form in bound_forms(response) for m in error_messages(form)]
    result = response.context.get("result") if response.context else None
    if result is None:
        return messages
    if result.has_errors():  # the page then lists these (the file's problem) instead of the rows' field errors
        messages += [str(error.error) for error in result.base_errors]
        messages += [str(error.error) for _line, errors in result.row_errors() for error in errors]
    elif result.has_validation_errors():
        messages += [str(m) for row in result.invalid_rows for errors in row.error_dict.values() for m in errors]
    return messages


def _confirm(client, url_name, body):
    form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body))
    return client.post(
        reverse(url_name.replace("_import", "_process_import")), {k: unescape(v) for k, v in form.items()}
    )


@pytest.mark.parametrize(("url_name", "resource", "known"), IMPORTS, ids=[i[0].split(":")[1] for i in IMPORTS])
def test_an_import_survives_any_workbook(client_for, bureau, city, unit_a, url_name, resource, known):
    EngagementFactory(unit=unit_a, adviser__name="唐立新")
    client = client_for(bureau)
    headers = [f.column_name for f in resource().get_import_fields()]
    watched = project_models()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(workbooks(headers, known))
    def run(content):
        before = snapshot(watched)
        response = client.post(
            reverse(url_name),
            {
                "import_file": SimpleUploadedFile("导入.xlsx", content, content_type=XLSX),
                "format": "0",
            },
        )
        assert response.status_code == 200
        assert snapshot(watched) == before, "the check run (dry run) saved something"
        page = response.content.decode()
        reasons = shown_errors(response)
        if reasons:
            for reason in reasons:
                assert escape(reason) in page or reason in page, f"reason {reason!r} is not shown on the page"
            return
        if 'name="import_file_name"' in page:  # nothing wrong: confirming imports the rows
            confirmed = _confirm(client, url_name, page)
            assert confirmed.status_code in (200, 302)

    run()
