"""How much data `generate_dataset` makes at each scale.

`city` is one city like Zhuzhou today; `province` is Hunan (14 cities, 122 counties). `test` is the
smallest set on which every list page shows at least 30 rows, for the query-count tests.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Scale:
    name: str
    cities: int
    counties: int  # spread over the cities
    city_departments: int  # per city, besides its justice bureau
    city_soes: int
    city_hospitals: int
    city_schools: int
    county_units: int  # per county: its 司法局, 财政局 and 审计局 (always there), then departments, schools, hospitals
    secondary_share: float  # share of city departments with secondary institutions (二级机构) under them
    secondary_per_parent: int
    budget_share: float  # share of city departments that are budget units
    advisers: int
    engagements: int
    contracts: int
    meetings_per_year: int  # executive meetings per city per year
    attendees_per_meeting: int
    opinions: int
    lectures: int
    notices: int
    audit_entries: int
    users_per_role: int
    city_advisers: int = 12  # per city government (Zhuzhou has 12)
    inspection_team: int = 8  # advisers on each city's inspection team each year
    reselection_rounds: int = 0
    settlements: int = 0
    selection_notices: int = 0  # notices of the first rounds, with their panels
    applications: int = 0  # over the notices, with their documents' records and the panels' scores
    panel_size: int = 5
    long_terms: bool = False  # every term runs from the first year (small sets: records in every year)
    owed_share: float = 0.5  # current-year duty reports not started yet (what the reminders are for)
    draft_share: float = 0.08  # reports left in draft
    incomplete_contracts: float = 0.15  # share of contracts missing a required clause (the 2023 finding)
    years: int = 3

    @property
    def duty_records(self) -> int:
        meetings = self.cities * self.meetings_per_year * self.years
        return meetings * self.attendees_per_meeting + self.opinions + self.lectures


SCALES = {
    "test": Scale(
        name="test",
        cities=1,
        counties=2,
        city_departments=14,
        city_soes=3,
        city_hospitals=3,
        city_schools=3,
        county_units=4,
        secondary_share=0.3,
        secondary_per_parent=1,
        budget_share=0.6,
        advisers=40,
        engagements=45,
        contracts=40,
        meetings_per_year=12,
        attendees_per_meeting=3,
        opinions=60,
        lectures=40,
        notices=40,
        audit_entries=40,
        users_per_role=7,
        reselection_rounds=30,
        settlements=40,
        selection_notices=3,
        applications=40,
    ),
    "city": Scale(
        name="city",
        cities=1,
        counties=9,
        city_departments=45,
        city_soes=10,
        city_hospitals=6,
        city_schools=6,
        county_units=3,
        secondary_share=0.15,
        secondary_per_parent=1,
        budget_share=0.8,
        advisers=300,
        engagements=420,
        contracts=400,
        meetings_per_year=20,
        attendees_per_meeting=6,
        opinions=4_000,
        lectures=600,
        notices=600,
        audit_entries=3_000,
        users_per_role=3,
        reselection_rounds=40,
        settlements=300,
        selection_notices=10,
        applications=600,
    ),
    "province": Scale(
        name="province",
        cities=14,
        counties=122,
        city_departments=45,
        city_soes=16,
        city_hospitals=10,
        city_schools=10,
        county_units=16,
        secondary_share=0.4,
        secondary_per_parent=2,
        budget_share=0.8,
        advisers=20_000,
        engagements=30_000,
        contracts=30_000,
        meetings_per_year=24,
        attendees_per_meeting=8,
        opinions=250_000,
        lectures=42_000,
        notices=5_000,
        audit_entries=60_000,
        users_per_role=4,
        reselection_rounds=3_000,
        settlements=15_000,
        selection_notices=200,
        applications=10_000,
    ),
}


def small_scale(rows: int) -> Scale:
    """A set in which every list shows about `rows` rows: the query-count tests compare 3 against 30."""
    base = SCALES["test"]
    users_per_role = max(rows // 5 + 1, 1)
    return replace(
        base,
        name=f"rows{rows}",
        city_departments=max(rows - 8, 1),
        city_soes=1,
        city_hospitals=1,
        city_schools=1,
        counties=1,
        county_units=3,  # the three offices
        secondary_share=0.0,
        advisers=rows,
        engagements=rows,
        contracts=rows,
        meetings_per_year=max(rows // 3 + 1, 1),
        attendees_per_meeting=1,
        opinions=rows,
        lectures=rows,
        audit_entries=rows,
        users_per_role=users_per_role,
        city_advisers=max(rows // 3, 1),
        inspection_team=rows // 3 + 1,
        reselection_rounds=rows,
        settlements=rows,
        selection_notices=1,
        applications=rows,
        incomplete_contracts=1.0,
        owed_share=0.0,
        draft_share=0.0,
        long_terms=True,  # every contract has a finding, so the findings list has `rows` rows
        notices=rows * users_per_role * 5,  # `rows` notices for every user: the notices page lists one's own
    )
