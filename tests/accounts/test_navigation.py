"""The portal menu asks the policies the question each page asks: it offers exactly the pages that open."""

import pytest

from accounts.navigation import _SECTIONS, sections_for
from accounts.roles import Role
from tests.factories import AdviserFactory, make_user


@pytest.fixture
def adviser_account(db):
    return make_user("adviser_account", Role.ADVISER, adviser=AdviserFactory())


@pytest.mark.parametrize("who", ["bureau", "officer_a", "finance", "auditor", "adviser_account", "sysadmin"])
def test_every_section_is_listed_exactly_when_its_page_opens(request, client_for, city, who):
    user = make_user("sysadmin", Role.SYSTEM_ADMIN, city) if who == "sysadmin" else request.getfixturevalue(who)
    client = client_for(user)
    listed = {s.url_name for s in sections_for(user)}
    disagreements = []
    for section in _SECTIONS:
        opens = client.get(section.url).status_code == 200
        if opens != (section.url_name in listed):
            disagreements.append(f"{section.url_name}: page {'opens' if opens else 'refuses'}")
    assert not disagreements, disagreements


def test_finance_finds_the_executive_meetings_and_an_adviser_their_statistics(finance, adviser_account):
    assert "advisers:meetings" in {s.url_name for s in sections_for(finance)}
    assert "advisers:statistics" in {s.url_name for s in sections_for(adviser_account)}


def test_only_overseers_find_the_dashboard_and_the_overview(bureau, auditor, officer_a, finance):
    for user, expected in ((bureau, True), (auditor, True), (officer_a, False), (finance, False)):
        names = {s.url_name for s in sections_for(user)}
        assert ("reports:dashboard" in names, "reviews:overview" in names) == (expected, expected), user.username
