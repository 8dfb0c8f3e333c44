import pytest
from django import forms

from accounts.models import Unit
from reports import registry
from reports.registry import ReportSpec


class NoteForm(forms.Form):
    text = forms.CharField(required=False)
    rows = forms.IntegerField(required=False, min_value=0, max_value=5000)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


def _build(*, user, params, progress):
    progress(30)
    return {
        "title": "测试报告",
        "paragraphs": [params.get("text") or "正文"] + [f"第{i}行" for i in range(params.get("rows") or 0)],
    }


@pytest.fixture
def note_report():
    """A minimal report on the real engine: the document template with user text in it."""
    spec = registry.register(
        ReportSpec(
            key="test-note",
            title="测试报告",
            description="",
            template="reports/document.html",
            form_class=NoteForm,
            build=_build,
            row_count=lambda *, user, params: params.get("rows") or 0,
            model=Unit,  # exported by bureau staff and auditors
            filename=lambda params: "note.pdf",
        )
    )
    yield spec
    registry._REPORTS.pop(spec.key, None)
