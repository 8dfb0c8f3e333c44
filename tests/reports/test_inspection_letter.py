"""The inspection letter PDF prints the letter as it was sent — staff may have edited the draft — and the
scores and rectification items as its attachment; before it is sent, the draft built from the figures."""

import re

import pytest

from reviews.services import feedback_letter_compose, inspection_send_letter
from tests.world import inspection_of

from .demo import export, pdf_text

pytestmark = pytest.mark.django_db


def _text(client, unit) -> str:
    response = export(client, "inspection-letter", year=2025, unit=unit.pk)
    assert response.status_code == 200, response.content[:300]
    return re.sub(r"\s+", "", pdf_text(response.content))


def test_a_sent_letter_prints_the_edited_text_and_the_figures_as_attachment(client_for, bureau, unit_a):
    inspection = inspection_of(unit_a)
    edited = feedback_letter_compose(inspection).replace(
        "株洲市司法局", "请于三月底前书面报送整改情况。\n\n株洲市司法局"
    )
    inspection_send_letter(inspection=inspection, letter=edited, actor=bureau)

    text = _text(client_for(bureau), unit_a)
    assert "请于三月底前书面报送整改情况。" in text
    assert text.count(f"{unit_a.name}：") == 1  # the addressee once, not again from the stored text
    assert "建立合同档案台账第1项" in text and "2026年3月31日" in text
    assert text.count("建立合同档案台账第1项") == 1  # each item once: the letter carries them, the attachment not
    assert "一、发现的问题" not in text  # the draft's sections are not printed beside the sent letter
    _in_gbt_9704_order(text, last_words="请于三月底前书面报送整改情况。")


def _in_gbt_9704_order(text, *, last_words):
    """Body, 附件说明, issuer and date, then the attachment from a new page ("— n —" closes the page before)."""
    positions = [
        text.index(last_words),
        text.index("附件：合同专项清查五项评分情况"),
        text.rindex("株洲市司法局"),
        text.index("日—", text.rindex("株洲市司法局")),
        text.rindex("附件五个维度得分"),
    ]
    assert positions == sorted(positions), positions
    assert re.search(r"日—\d+—附件五个维度得分", text)  # the attachment begins a page of its own


def test_an_unsent_letter_prints_the_draft_sections(client_for, bureau, unit_a):
    inspection_of(unit_a)
    text = _text(client_for(bureau), unit_a)
    assert "一、发现的问题" in text and "二、整改要求" in text and "特此函告。" in text
    assert text.count("建立合同档案台账第1项") == 1
    _in_gbt_9704_order(text, last_words="特此函告。")
