"""Signed contract uploads: size-limited, real PDF content whatever the name says, generated names,
downloaded only by users who may see the contract, as an attachment that is never sniffed."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from contracts.models import ServiceContract
from contracts.uploads import validate_pdf_upload
from tests.factories import ContractFactory


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def contract(unit_a, adviser_a):
    return ContractFactory(unit=unit_a, adviser=adviser_a, number="ZJ-2025-01")


def _upload(client, contract, name, content, content_type="application/pdf"):
    return client.post(
        reverse("contracts:upload", args=[contract.pk]),
        {"signed_file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def test_a_real_pdf_is_stored_under_a_generated_name(client_for, bureau, contract, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = _upload(client_for(bureau), contract, "../../etc/合同.pdf", pdf_bytes())
    assert response.status_code == 302
    contract.refresh_from_db()
    assert re.fullmatch(r"contracts/\d{4}/[0-9a-f]{32}\.pdf", contract.signed_file.name)


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("contract.pdf", b"MZ\x90\x00 this is an executable", "文件不是PDF文档。"),
        ("contract.pdf", b"<html><script>alert(1)</script></html>", "文件不是PDF文档。"),
        ("contract.pdf", b"%PDF-1.7\n garbage that is no pdf", "PDF文件已损坏，无法打开。"),
        ("contract.pdf", b"", "所提交的是空文件。"),
    ],
)
def test_content_that_is_not_a_readable_pdf_is_refused(
    client_for, bureau, contract, name, content, message, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = _upload(client_for(bureau), contract, name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    contract.refresh_from_db()
    assert not contract.signed_file


def test_a_pdf_with_another_name_and_type_is_still_checked_by_content(client_for, bureau, contract, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert _upload(client_for(bureau), contract, "scan.jpg", pdf_bytes(), "image/jpeg").status_code == 302


def test_a_file_over_the_size_limit_is_refused(client_for, bureau, contract, settings, tmp_path):
    settings.MEDIA_ROOT, settings.MAX_UPLOAD_SIZE = tmp_path, 1024
    response = _upload(client_for(bureau), contract, "big.pdf", pdf_bytes() + b"\n%" + b"x" * 2048)
    assert response.status_code == 400
    assert "文件过大" in response.content.decode()


@pytest.fixture
def stored(client_for, bureau, contract, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _upload(client_for(bureau), contract, "x.pdf", pdf_bytes())
    contract.refresh_from_db()
    return contract


def test_download_is_an_attachment_that_is_never_sniffed(client_for, officer_a, stored):
    response = client_for(officer_a).get(reverse("contracts:file", args=[stored.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_another_units_officer_gets_404_for_the_file(client_for, officer_b, stored):
    assert client_for(officer_b).get(reverse("contracts:file", args=[stored.pk])).status_code == 404


@pytest.mark.django_db
def test_anonymous_download_goes_to_login(client, stored):
    assert client.get(reverse("contracts:file", args=[stored.pk])).status_code == 302


def test_officer_and_auditor_cannot_upload(client_for, officer_a, auditor, contract):
    for user in (officer_a, auditor):
        assert _upload(client_for(user), contract, "x.pdf", pdf_bytes()).status_code == 403
    assert not ServiceContract.objects.get(pk=contract.pk).signed_file


def test_upload_refuses_get(client_for, bureau, contract):
    assert client_for(bureau).get(reverse("contracts:upload", args=[contract.pk])).status_code == 405


def pdf_with(**root_entries) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    for key, value in root_entries.items():
        writer._root_object[NameObject(f"/{key}")] = value
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _embedded_file_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_attachment("readme.exe", b"MZ\x90\x00")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


JS_ACTION = DictionaryObject(
    {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
)
LAUNCH_ACTION = DictionaryObject({NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc")})
XFA_FORM = DictionaryObject({NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): TextStringObject("<xdp/>")})
# An HTML page a browser would render, with "%PDF-" inside its first KiB for a lenient check to find.
POLYGLOT = b"<html><body><script>alert(document.cookie)</script><!-- " + pdf_bytes() + b" --></body></html>"


@pytest.mark.parametrize(
    "content,message",
    [
        (POLYGLOT, "文件不是PDF文档。"),
        (pdf_with(OpenAction=JS_ACTION), "该PDF含有JavaScript脚本，不予接收。"),
        (
            pdf_with(Names=DictionaryObject({NameObject("/JavaScript"): DictionaryObject()})),
            "该PDF含有JavaScript脚本",
        ),
        (pdf_with(OpenAction=LAUNCH_ACTION), "该PDF含有启动程序或导入数据的动作"),
        (_embedded_file_pdf(), "该PDF含有嵌入的文件"),
        (pdf_with(AcroForm=XFA_FORM), "该PDF含有XFA表单或多媒体内容"),
    ],
    ids=["html-polyglot", "openaction-js", "document-js", "launch", "embedded-file", "xfa"],
)
def test_polyglots_and_active_pdfs_are_refused_on_the_field(
    client_for, bureau, contract, content, message, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = _upload(client_for(bureau), contract, "contract.pdf", content)
    assert response.status_code == 400
    assert message in response.content.decode()
    contract.refresh_from_db()
    assert not contract.signed_file


def test_a_plain_pdf_passes_the_active_content_check():
    # The same writer as the refused cases, without the active entry: the refusals are about the entries.
    validate_pdf_upload(SimpleUploadedFile("a.pdf", pdf_with(), content_type="application/pdf"))


def test_the_download_is_named_from_the_contract_number(client_for, officer_a, stored):
    response = client_for(officer_a).get(reverse("contracts:file", args=[stored.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="ZJ-2025-01.pdf"'
