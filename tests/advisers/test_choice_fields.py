"""Forms over the whole registry: a <select> while the user's choices are few, a search beyond that.

The search (the admin's autocomplete view) answers through the adviser admin, so through the adviser
policy; whatever the widget, the form refuses an adviser outside the user's scope.
"""

import datetime as dt

import pytest
from django.urls import reverse

from accounts import autocomplete
from accounts.roles import Role
from advisers import services
from advisers.models import LegalOpinion
from tests.conftest import MISSING_TOKEN, once, post_twice
from tests.factories import AdviserFactory, EngagementFactory, make_user, open_round

AUTOCOMPLETE = reverse("admin:autocomplete")


@pytest.fixture
def few(monkeypatch):
    """Two rows already make a choice set "large", so small test sets take the autocomplete path."""
    monkeypatch.setattr(autocomplete, "LARGE", 1)


def _search(client, field="adviser", model="legalopinion", term=""):
    return client.get(AUTOCOMPLETE, {"app_label": "advisers", "model_name": model, "field_name": field, "term": term})


def _names(response):
    return {row["text"] for row in response.json()["results"]}


def test_the_bureau_searches_advisers_instead_of_scrolling_them(client_for, bureau, adviser_a, adviser_b, few):
    page = client_for(bureau).get(reverse("advisers:opinion_create")).content.decode()
    assert 'class="admin-autocomplete"' in page and f'data-ajax--url="{AUTOCOMPLETE}"' in page
    assert "李律师" not in page  # no option for every adviser
    assert "admin/js/vendor/select2/select2.full.min.js" in page and "admin/js/autocomplete.js" in page
    assert "admin/css/autocomplete.css" in page


def test_an_officer_with_few_advisers_keeps_the_plain_select(client_for, officer_a, adviser_a, adviser_b):
    page = client_for(officer_a).get(reverse("advisers:opinion_create")).content.decode()
    assert "admin-autocomplete" not in page and "select2" not in page
    assert "张律师</option>" in page and "李律师" not in page


def test_the_form_pages_carry_no_inline_script(client_for, bureau, adviser_a, adviser_b, few):
    response = client_for(bureau).get(reverse("advisers:lecture_create"))
    page = response.content.decode()
    assert page.count("<script") == page.count('<script src="/static/')
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_the_edit_page_shows_the_chosen_adviser(client_for, bureau, adviser_a, adviser_b, unit_a, few):
    opinion = services.opinion_save(
        actor=bureau, adviser=adviser_b, unit=unit_a, date=dt.date(2025, 6, 3), matter_type="contract", subject="s"
    )
    page = client_for(bureau).get(reverse("advisers:opinion_edit", args=[opinion.pk])).content.decode()
    assert "selected>李律师</option>" in page and "张律师" not in page


def test_an_adviser_outside_the_officers_scope_is_refused(client_for, officer_a, adviser_a, adviser_b, unit_a, few):
    for n in range(3):  # enough of unit A's own advisers for the search widget
        EngagementFactory(adviser=AdviserFactory(name=f"甲单位顾问{n}"), unit=unit_a)
    response = client_for(officer_a).post(
        reverse("advisers:opinion_create"),
        once(
            {
                "adviser": adviser_b.pk,
                "unit": unit_a.pk,
                "date": "2025-06-03",
                "matter_type": LegalOpinion.MatterType.CONTRACT,
                "source": LegalOpinion.Source.WRITTEN,
                "subject": "越权",
                "adoption": LegalOpinion.Adoption.ADOPTED,
            }
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "选择一个有效的选项" in page and "李律师" not in page
    assert not LegalOpinion.objects.exists()


def test_the_search_answers_each_officer_with_their_own_advisers(
    client_for, officer_a, officer_b, adviser_a, adviser_b
):
    assert _names(_search(client_for(officer_a))) == {"张律师"}
    assert _names(_search(client_for(officer_b))) == {"李律师"}
    assert _names(_search(client_for(officer_b), term="张")) == set()
    assert _names(_search(client_for(officer_b), field="unit")) == {"市交通运输局"}


def test_users_outside_the_admin_cannot_search(client, client_for, adviser_a):
    adviser_user = make_user("adviser_user", Role.ADVISER, adviser=adviser_a)
    finance = make_user("finance_user", Role.FINANCE)
    for user in (adviser_user, finance):
        response = _search(client_for(user))
        assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    assert _search(client).status_code == 302


def test_the_round_form_searches_units_for_the_bureau(client_for, bureau, unit_a, unit_b, few):
    page = client_for(bureau).get(reverse("advisers:round_create")).content.decode()
    assert 'data-model-name="reselectionround"' in page and 'data-field-name="unit"' in page


# -- Re-selection candidates: the city's whole pool, by name -----------------------------------------


@pytest.fixture
def round_(officer_a, unit_a, adviser_a):
    return open_round(officer_a, unit_a)


def test_the_candidate_search_offers_the_whole_pool_by_name(client_for, officer_a, round_, adviser_b, few):
    url = reverse("advisers:round_candidate_choices", args=[round_.pk])
    page = client_for(officer_a).get(reverse("advisers:round", args=[round_.pk])).content.decode()
    assert f'data-ajax--url="{url}"' in page
    response = client_for(officer_a).get(url, {"term": "李"})
    assert response.json() == {"results": [{"id": str(adviser_b.pk), "text": "李律师"}], "pagination": {"more": False}}


def test_the_candidate_search_pages_through_the_pool(client_for, officer_a, round_):
    AdviserFactory.create_batch(autocomplete.PER_PAGE + 5)
    url = reverse("advisers:round_candidate_choices", args=[round_.pk])
    first = client_for(officer_a).get(url).json()
    second = client_for(officer_a).get(url, {"page": 2}).json()
    assert len(first["results"]) == autocomplete.PER_PAGE and first["pagination"]["more"]
    assert len(second["results"]) == 6 and not second["pagination"]["more"]
    assert client_for(officer_a).get(url, {"page": "x" * 30}).status_code == 200
    assert client_for(officer_a).get(url, {"page": "9" * 30}).json()["results"] == []


def test_only_those_who_may_change_the_round_search_its_candidates(client_for, officer_b, auditor, round_):
    url = reverse("advisers:round_candidate_choices", args=[round_.pk])
    assert client_for(officer_b).get(url).status_code == 404
    assert client_for(auditor).get(url).status_code == 403
    assert client_for(auditor).post(url).status_code == 405


def test_a_candidate_is_added_through_the_search_widget(client_for, officer_a, round_, adviser_b, few):
    response = client_for(officer_a).post(
        reverse("advisers:round_add_candidate", args=[round_.pk]), once({"adviser": adviser_b.pk})
    )
    assert response.status_code == 302
    assert round_.candidates.filter(adviser=adviser_b).exists()


def test_the_same_add_candidate_form_sent_twice_adds_one_candidate(client_for, officer_a, round_, adviser_b, few):
    client = client_for(officer_a)
    first, second = post_twice(
        client,
        page=reverse("advisers:round", args=[round_.pk]),
        url=reverse("advisers:round_add_candidate", args=[round_.pk]),
        data={"adviser": adviser_b.pk},
    )
    assert first.status_code == 302
    assert round_.candidates.filter(adviser=adviser_b).count() == 1
    assert "已提交过" in second.content.decode()


def test_an_add_candidate_post_without_its_token_adds_nothing(client_for, officer_a, round_, adviser_b, few):
    response = client_for(officer_a).post(
        reverse("advisers:round_add_candidate", args=[round_.pk]), {"adviser": adviser_b.pk}
    )
    assert response.status_code == 400 and MISSING_TOKEN in response.content.decode()
    assert not round_.candidates.filter(adviser=adviser_b).exists()
