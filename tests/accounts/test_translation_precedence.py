"""Django merges every app's catalogue into one: the same English word in two apps gets one Chinese text.

Where an app's word lost to another app's (or to Django's, django-celery-beat's...), users saw the wrong
Chinese: "任务名" above the advisers' names, "进行中" for a rectification item that is still open. Ambiguous
words carry a context (pgettext); this test finds any new collision.
"""

import gettext as stdlib_gettext
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext

ROOT = Path(__file__).resolve().parent.parent.parent
CATALOGUES = sorted(ROOT.glob("*/locale/zh_Hans/LC_MESSAGES/django.mo"))  # compiled by `make test`

# Collisions where the winning text means the same thing (a synonym), so users read the right meaning.
SYNONYMS = {
    "title",
    "Title",
    "Email",
    "Description",
    "report",
    "submitted at",
    "submitted by",
    "Submitted at",
    "Enter a year between 2000 and 2100.",
    "findings",
    "Findings",
    "Returned",
    "legal opinions",
    "legal lectures",
    "service contracts",
    "Legal opinions",
    "Legal lectures",
    "Service contracts",
    "Adviser or unit",
    "Employing unit",
    "Edit",
}


@pytest.fixture
def chinese():
    with translation.override("zh-hans"):
        yield


def test_every_app_message_is_shown_with_its_own_chinese_or_a_synonym(chinese):
    assert len(CATALOGUES) >= 6
    lost = []
    for path in CATALOGUES:
        with path.open("rb") as mo:
            catalogue = stdlib_gettext.GNUTranslations(mo)._catalog
        for key, wanted in catalogue.items():
            if not isinstance(key, str) or not key or key in SYNONYMS:
                continue  # plural forms are keyed by (msgid, n); "" is the header
            context, _sep, msgid = key.rpartition("\x04")
            if msgid in SYNONYMS:
                continue
            shown = pgettext(context, msgid) if context else gettext(msgid)
            if shown != wanted:
                lost.append(f"{path.parts[-5]}: {msgid!r} shows {shown!r}, not {wanted!r}")
    assert not lost, "\n".join(lost)


def test_ambiguous_words_read_right_in_each_place(chinese):
    assert pgettext("link", "Open") == "查看"
    assert pgettext("rectification", "Open") == "待整改"
    assert pgettext("adviser", "Name") == "姓名或名称"
    assert pgettext("clause", "Assessment") == "考核评价"
    assert gettext("Filter") == "筛选"
