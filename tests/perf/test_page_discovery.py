import pytest
from django.contrib import admin

from accounts.models import Notice
from perf.bench.pages import admin_pages, model_for, portal_pages, url_patterns
from perf.bench.runner import percentile
from reports.models import ReportJob

pytestmark = pytest.mark.django_db


def _pattern(name):
    return next(p for p in url_patterns() if p.name == name)


def test_pk_urls_are_mapped_to_their_model_by_namespace_or_by_the_views_app():
    assert model_for(_pattern("reports:job")) is ReportJob
    assert model_for(_pattern("portal:notice_read")) is Notice


def test_the_bureau_gets_every_admin_changelist(bureau):
    names = {page.name for page in admin_pages(bureau)}
    for model, _model_admin in admin.site._registry.items():
        if model._meta.app_label in {"accounts", "advisers", "contracts", "budgets", "reviews", "reports"}:
            assert f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist" in names


def test_detail_pages_use_an_object_the_user_may_see(officer_a, officer_b, unit_b):
    own = Notice.objects.create(recipient=officer_a, kind="k", title="mine")
    Notice.objects.create(recipient=officer_b, kind="k", title="theirs")
    pages, _skipped = portal_pages(officer_a)
    urls = [page.url for page in pages if page.name == "portal:notice_read"]
    assert urls == [f"/notices/{own.pk}/read/"]


def test_patterns_with_other_arguments_are_reported_as_not_measured(bureau):
    _pages, skipped = portal_pages(bureau)
    assert any(line.startswith("reports:export: arguments key") for line in skipped)


def test_p95_is_the_nearest_rank():
    assert percentile(list(range(1, 21)), 0.95) == 19
    assert percentile([5.0], 0.95) == 5.0
