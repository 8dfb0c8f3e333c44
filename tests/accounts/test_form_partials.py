"""The shared field partial, breadcrumb partial and error summary: every id that aria-describedby names is rendered."""

import re

from django import forms
from django.template import Context, RequestContext, Template
from django.test import RequestFactory


class OpinionForm(forms.Form):
    subject = forms.CharField(label="Subject", help_text="What the opinion is about.")
    reason = forms.CharField(label="Reason", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


def render(source: str, **context) -> str:
    return Template("{% load i18n portal_forms %}" + source).render(Context(context))


def described_ids(html: str) -> set[str]:
    return {i for ids in re.findall(r'aria-describedby="([^"]+)"', html) for i in ids.split()}


def rendered_ids(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


def test_a_refused_fields_help_and_error_carry_the_ids_its_input_points_at():
    form = OpinionForm(data={"reason": "x"})
    html = render('{% include "portal/_form_fields.html" %}', form=form)
    assert described_ids(html) == {"id_subject_helptext", "id_subject_error"}
    assert described_ids(html) <= rendered_ids(html)
    assert 'aria-invalid="true"' in html


def test_a_required_field_is_marked_and_an_optional_one_is_not():
    html = render('{% include "portal/_form_fields.html" %}', form=OpinionForm())
    subject, reason = re.findall(r"<label[^>]*>.*?</label>", html, flags=re.S)
    assert 'class="required"' in subject
    assert 'class="required"' not in reason
    assert re.search(r'<input[^>]*name="subject"[^>]*required', html)


def test_the_error_summary_links_each_refused_field_and_names_hidden_errors_without_a_link():
    form = OpinionForm(data={"reason": "x"})
    request = RequestFactory().get("/")
    html = Template("{% load portal_forms %}{% error_summary %}").render(RequestContext(request, {"form": form}))
    assert 'role="alert"' in html
    assert 'id="error-summary"' in html
    assert '<a href="#id_subject">Subject:' in html
    assert "#id_version" not in html
    assert html.count("<li>") == 2  # subject and the hidden version, each required


def test_no_error_summary_for_a_form_not_yet_sent():
    request = RequestFactory().get("/")
    html = Template("{% load portal_forms %}{% error_summary %}").render(
        RequestContext(request, {"form": OpinionForm()})
    )
    assert html.strip() == ""


def test_the_breadcrumb_marks_the_current_page_and_links_its_parents():
    html = render(
        '{% include "portal/_breadcrumbs.html" with parent_url="/advisers/" parent_label="Advisers" here="Zhou" %}'
    )
    assert '<a href="/advisers/">Advisers</a>' in html
    assert '<span aria-current="page">Zhou</span>' in html
    assert 'aria-label="' in html
