"""Idempotent creates: the same create form sent twice makes one record; the second POST is shown it."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import SubmissionToken
from advisers.models import Lecture, LegalOpinion, ReselectionRound
from tests.conftest import token_of

OPINION = {
    "date": "2025-06-03",
    "matter_type": "contract",
    "source": "written",
    "subject": "采购合同审查",
    "adoption": "adopted",
}
LECTURE = {"date": "2025-06-03", "topic": "民法典合同编", "audience": 30, "audience_count": 30, "hours": "2"}
ROUND = {
    "title": "2026年换届",
    "role": "unit_adviser",
    "selection_method": "public_selection",
    "opened_on": "2025-11-01",
    "new_term_start": "2026-01-01",
    "new_term_end": "2028-12-31",
}


def forms_for(adviser, unit):
    """(create url, its data, the model it creates, where a repeated POST is sent)."""
    return [
        ("advisers:opinion_create", {**OPINION, "adviser": adviser.pk, "unit": unit.pk}, LegalOpinion),
        ("advisers:lecture_create", {**LECTURE, "speaker": adviser.pk, "unit": unit.pk}, Lecture),
        ("advisers:round_create", {**ROUND, "unit": unit.pk}, ReselectionRound),
    ]


@pytest.mark.parametrize("index", [0, 1, 2], ids=["opinion", "lecture", "round"])
def test_the_same_create_form_sent_twice_creates_one_record(client_for, officer_a, adviser_a, unit_a, index):
    url_name, data, model = forms_for(adviser_a, unit_a)[index]
    client = client_for(officer_a)
    token = token_of(client.get(reverse(url_name)).content.decode())
    first = client.post(reverse(url_name), {**data, "once_token": token})
    assert first.status_code == 302, first.content.decode()[:2000]
    second = client.post(reverse(url_name), {**data, "once_token": token}, follow=True)
    assert model.objects.count() == 1
    record = model.objects.get()
    assert SubmissionToken.objects.get(token=token).record == record
    # The second POST lands where the first did, and says nothing new was saved.
    assert second.redirect_chain[0][0] == first["Location"]
    assert "已提交过" in second.content.decode()


@pytest.mark.parametrize("index", [0, 1], ids=["opinion", "lecture"])
def test_a_new_blank_form_carries_a_new_token_and_creates_again(client_for, officer_a, adviser_a, unit_a, index):
    url_name, data, model = forms_for(adviser_a, unit_a)[index]
    client = client_for(officer_a)
    tokens = [token_of(client.get(reverse(url_name)).content.decode()) for _ in range(2)]
    assert tokens[0] != tokens[1]
    for token in tokens:
        assert client.post(reverse(url_name), {**data, "once_token": token}).status_code == 302
    assert model.objects.count() == 2


def test_a_form_shown_again_with_errors_keeps_its_token_and_the_corrected_post_creates(
    client_for, officer_a, adviser_a, unit_a
):
    client = client_for(officer_a)
    token = token_of(client.get(reverse("advisers:opinion_create")).content.decode())
    data = {**OPINION, "adviser": adviser_a.pk, "unit": unit_a.pk, "once_token": token}
    page = client.post(reverse("advisers:opinion_create"), {**data, "adoption": "not_adopted"}).content.decode()
    assert token_of(page) == token and not LegalOpinion.objects.exists()
    assert not SubmissionToken.objects.exists()
    assert client.post(reverse("advisers:opinion_create"), data).status_code == 302
    assert LegalOpinion.objects.count() == 1


def test_another_users_token_creates_nothing_of_theirs_and_is_refused(client_for, officer_a, bureau, adviser_a, unit_a):
    data = {**OPINION, "adviser": adviser_a.pk, "unit": unit_a.pk}
    client = client_for(officer_a)
    token = token_of(client.get(reverse("advisers:opinion_create")).content.decode())
    assert client.post(reverse("advisers:opinion_create"), {**data, "once_token": token}).status_code == 302
    # The bureau replays the officer's token: it does not learn of the officer's record, and nothing is created.
    response = client_for(bureau).post(reverse("advisers:opinion_create"), {**data, "once_token": token})
    assert response.status_code in (200, 302, 400, 403, 409)
    assert LegalOpinion.objects.count() == 1
    assert "已提交过" not in response.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_posts_of_one_form_create_one_record(officer_a, adviser_a, unit_a):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (two connections to one database): runs in the PostgreSQL CI run")
    data = {**OPINION, "adviser": adviser_a.pk, "unit": unit_a.pk}
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(officer_a)
    token = token_of(clients[0].get(reverse("advisers:opinion_create")).content.decode())
    start, statuses = threading.Barrier(2), []

    def post(client):
        try:
            start.wait()
            statuses.append(client.post(reverse("advisers:opinion_create"), {**data, "once_token": token}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert statuses == [302, 302]
    assert LegalOpinion.objects.count() == 1
