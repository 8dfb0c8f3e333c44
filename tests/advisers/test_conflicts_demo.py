"""The demo shows the conflict review at work: registers of cases, and one engagement waiting for the bureau."""

from django.urls import reverse

from accounts.models import User
from accounts.todo import waiting_for
from advisers.models import ConflictFinding, Dispute, Engagement


def test_the_demo_units_keep_registers_and_one_finding_waits_for_the_bureau(demo, client_for):
    assert Dispute.objects.filter(status=Dispute.Status.OPEN).count() == 3
    assert Dispute.objects.filter(status=Dispute.Status.CLOSED).count() == 1
    finding = ConflictFinding.objects.get()
    assert finding.is_open and finding.kind == ConflictFinding.Kind.COUNTERPARTY
    assert (finding.engagement.adviser.name, finding.engagement.unit.name) == ("蒋春华", "市住房和城乡建设局")
    assert finding.engagement.status == Engagement.Status.PENDING_REVIEW

    bureau = User.objects.get(username="bureau")
    assert {w.item.key: w.count for w in waiting_for(bureau)}["advisers:conflicts"] == 1
    page = client_for(bureau).get(reverse("advisers:conflicts") + "?waiting=1").content.decode()
    assert "蒋春华" in page and "（2026）湘0211行初58号" in page


def test_the_demo_officer_sees_their_units_register_only(demo, client_for):
    page = client_for(User.objects.get(username="officer")).get(reverse("advisers:disputes")).content.decode()
    assert "株仲字〔2025〕第112号" in page and "（2026）湘0202民初1234号" not in page
