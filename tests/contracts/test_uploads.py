"""Signed contract uploads: size-limited, real PDF content whatever the name says, generated names,
downloaded only by users who may see the contract, as an attachment that is never sniffed."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter

from contracts.models import ServiceContract
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
