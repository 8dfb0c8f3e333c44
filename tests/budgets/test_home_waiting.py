"""Each role's home lists what waits for it, counted in a fixed number of queries, each count linking to a
list that shows those rows; the header counts unread notices, which can be marked read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Notice
from accounts.todo import waiting_for
from tests import factories


def counts(user):
    return {w.item.key: w.count for w in waiting_for(user)}


def test_the_officer_sees_their_drafts_and_the_bureau_its_queue(standards, officer_a, officer_b, bureau, finance):
    factories.draft(officer_a, title="草稿甲")
    factories.submitted(officer_a, title="待审乙")
    assert counts(officer_a)["budgets:draft"] == 1
    assert counts(officer_b)["budgets:draft"] == 0
    assert counts(bureau)["budgets:review"] == 1 and "budgets:draft" not in counts(bureau)
    assert counts(finance)["budgets:approve"] == 0 and "budgets:review" not in counts(finance)


def test_a_count_links_to_a_list_showing_those_rows(standards, client_for, officer_a, bureau):
    factories.submitted(officer_a, title="待审乙")
    item = next(w for w in waiting_for(bureau) if w.item.key == "budgets:review")
    page = client_for(bureau).get(item.url).content.decode()
    assert item.count == 1 and "待审乙" in page


@pytest.mark.parametrize("who", ["officer_a", "bureau", "finance", "auditor"])
def test_the_home_counts_in_the_same_number_of_queries_however_many_rows(request, standards, client_for, who):
    user = request.getfixturevalue(who)
    client = client_for(user)
    officer = request.getfixturevalue("officer_a")
    client.get(reverse("portal:home"))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("portal:home")).status_code == 200
    for n in range(3):
        factories.submitted(officer, title=f"申请{n}")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("portal:home"))
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)


def test_the_header_counts_unread_notices_and_they_can_be_marked_read(client_for, officer_a):
    for n in range(2):
        Notice.objects.create(recipient=officer_a, kind="test", title=f"通知{n}", link="/")
    client = client_for(officer_a)
    assert '<span class="count"' in client.get(reverse("portal:home")).content.decode()
    first = Notice.objects.filter(recipient=officer_a).first()
    assert client.post(reverse("portal:notice_read", args=[first.pk])).status_code == 302
    assert Notice.objects.filter(recipient=officer_a, read_at__isnull=True).count() == 1
    client.post(reverse("portal:notices_read_all"))
    assert not Notice.objects.filter(recipient=officer_a, read_at__isnull=True).exists()
    assert '<span class="count"' not in client.get(reverse("portal:home")).content.decode()
