"""The PDF engine: real Chinese text, official format, escaping, and a fetcher that reads nothing foreign."""

import datetime as dt
import io

import pytest
from django.template import Context, Template
from pypdf import PdfReader

from reports.pdf import BASE_URL, RefusedResource, StaticOnlyFetcher, html_to_pdf, render_pdf


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_text_is_real_chinese_including_extension_b_characters():
    pdf = render_pdf(
        "reports/document.html",
        {
            "title": "法律顾问年度履职情况",
            "paragraphs": ["顾问𡃁某提交年度履职报告。"],
            "issued_on": dt.date(2025, 12, 31),
            "issuer": "株洲市司法局",
        },
    )
    text = pdf_text(pdf.content)
    assert "法律顾问年度履职情况" in text
    assert "𡃁" in text
    assert "2025年12月31日" in text
    assert "株洲市司法局" in text


def test_fonts_are_embedded_and_subset():
    pdf = render_pdf("reports/document.html", {"title": "标题", "paragraphs": ["正文"]})
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf.content)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts, "no fonts embedded"
    # Subset fonts carry a six-letter tag: ABCDEF+Noto-Serif-CJK-SC.
    assert all("+" in name and "CJK" in name for name in fonts), fonts


def test_page_is_a4_with_official_page_numbers():
    pdf = render_pdf("reports/document.html", {"title": "函", "paragraphs": ["正文"], "counted_pages": False})
    page = PdfReader(io.BytesIO(pdf.content)).pages[0]
    width_mm, height_mm = (float(v) * 25.4 / 72 for v in page.mediabox.upper_right)
    assert (round(width_mm), round(height_mm)) == (210, 297)
    assert "— 1 —" in page.extract_text()


def test_counted_page_numbers_and_repeated_table_headers():
    template = Template(
        '{% extends "reports/document.html" %}{% block content %}<table>'
        "<thead><tr><th>单位名称</th><th>金额</th></tr></thead>"
        "<tbody>{% for i in rows %}<tr><td>单位{{ i }}</td><td>{{ i }}</td></tr>{% endfor %}</tbody>"
        "</table>{% endblock %}"
    )
    pdf = html_to_pdf(template.render(Context({"title": "汇总表", "rows": range(120), "counted_pages": True})))
    pages = PdfReader(io.BytesIO(pdf.content)).pages
    assert pdf.pages == len(pages) > 2
    for number, page in enumerate(pages, start=1):
        text = page.extract_text()
        if "单位1" in text or "单位9" in text:
            assert "单位名称" in text  # the header row is repeated on every page the table reaches
        assert f"第 {number} 页 共 {len(pages)} 页" in text


def test_user_text_prints_literally_and_nothing_is_fetched(monkeypatch):
    fetched = []
    original = StaticOnlyFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", spy)
    evil = '<img src="file:///etc/passwd">'
    pdf = render_pdf("reports/document.html", {"title": "顾问名单", "paragraphs": [evil]})
    assert evil in pdf_text(pdf.content)
    assert fetched == []


def test_the_fetcher_refuses_files_and_the_network_but_serves_static_files(tmp_path):
    fetcher = StaticOnlyFetcher()
    for url in [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/",
        BASE_URL + "static/../../etc/passwd",
        BASE_URL + "media/x.pdf",
    ]:
        with pytest.raises(RefusedResource):
            fetcher.fetch(url)
    response = fetcher.fetch(BASE_URL + "static/css/portal.css")
    assert response.status == 200


def test_raw_markup_cannot_pull_in_a_local_stylesheet(tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text('h1::after { content: "SECRET-CONTENT"; }')
    html = f'<html><head><link rel="stylesheet" href="file://{secret}"></head><body><h1>标题</h1></body></html>'
    assert "SECRET-CONTENT" not in pdf_text(html_to_pdf(html).content)
