"""Every indicator against the hand-counted scenario (see ``scenario.py`` for the visits)."""

from __future__ import annotations

import datetime as dt

import pytest

from waypoint.core.scoping import program_scope
from waypoint.encounters.models import Encounter
from waypoint.reports.indicators import REGISTRY, Breakdown, Calculator
from waypoint.reports.indicators.base import AggregateIndicator
from waypoint.reports.indicators.naloxone import three_months_to
from waypoint.reports.models import NetworkReportSettings, ReportSettings
from waypoint.reports.period import Period, Scope

from .scenario import Q1, at

# Program A, first quarter of 2025. Breakdowns: ({category label: count}, total).
PROGRAM_A = {
    "visits": 6,  # v1..v6; v7 voided, the Dec 31 and Apr 1 visits outside
    "anonymous_visits": 1,  # v6
    "unique_people": 2,  # p1 (with p3 merged into it), p2
    "syringes_given": 80,  # 10 × (2 + 1 + 3 + 1 + 0 + 1)
    "syringes_collected": 45,  # 15 + 30
    "syringes_collected_estimated": 30,  # v2, by weight
    "visits_with_returns": 2,
    "secondary_visits": 1,  # v3
    "secondary_recipients": 2,
    "collection_ratio": 0.56,  # 45 / 80 = 0.5625
    "regular_people": 1,  # p1+p3: Jan 2, Feb 5, Mar 10 — one visit in each 30-day window
    "regular_access": 50.0,  # 1 of 2; p2 visited Jan 20 and Mar 31, nothing Jan 31–Mar 1
    "new_people": 1,  # p2 (Feb 10); p1's group starts with p3 in Dec 2024; p4 in 2024
    "naloxone_doses": 10,  # 2 + 2 + 4 + 2
    "naloxone_visits": 4,  # v1, v2, v4, v6
    "naloxone_people": 2,  # p1, p2
    "naloxone_anonymous_visits": 1,  # v6
    "naloxone_recipients": (
        {
            "Participants with a record (each counted once)": 2,
            "Anonymous visits (each counted as one person)": 1,
        },
        3,
    ),
    "naloxone_refills": 2,  # v2 (used in an overdose), v4 (still have it)
    "reversals": 2,  # Feb 5 friend, Mar 20 stranger; not: self, voided, at voided v7, April
    "naloxone_days_offered": 1,  # Mar 4–31: only Mar 15 (v6)
    "naloxone_stockout_days": 17,  # S1 Mar 20–31 (12) + S2 Jan 20–24 (5)
    "naloxone_program_ran_out": "Yes",  # Jan 1–Mar 31: S1 from Mar 20, S2 Jan 20–24
    "test_strips": 8,  # 5 + 3
    "education_materials": 2,
    "naloxone_kits": 5,  # 1 + 1 + 2 + 1
    "syringes_by_type": 80,
    "hiv_tests": 1,  # v1; v7's is voided
    "hcv_tests": 1,
    "sti_tests": 0,
    "wound_care": 0,
    "moud_info": 1,
    "naloxone_trainings": 0,
    "hours_per_week": 11.0,  # S1 6 + 3, S2 2; the closed office's 5 not counted
    "service_models": "Fixed site, Mobile unit / van",
    "active_sites": 2,
    "onsite_testing": "HIV testing, Hepatitis C testing",
    "peer_staff": 1,  # the other peer left; program B's peer is not A's
    "syringe_coverage": None,  # no population estimate set
    "syringe_coverage_band": None,
    "pwid_reached": None,  # no population estimate set
    "program_size": "Small (1–9,999 syringes a year)",
    "syringes_per_year": 324,  # 80 × 365 / 90 = 324.4
    "survey_responses": 3,  # the April response is outside
    "survey_age": ({"Under 25": 1, "25–34": 2, "No answer": 0}, 3),
    "survey_gender": ({"Woman": 1, "Man": 1, "No answer": 1}, 3),
    "survey_race": (
        {
            "Black or African American": 1,
            "Hispanic or Latino/a": 1,
            "White": 1,
            "Asian": 0,
            "No answer": 1,
        },
        3,
    ),
    "survey_overdose": ({"Yes": 1, "No": 1, "No answer": 1}, 3),
    "survey_reversals": ({"0": 1, "1": 0, "2–4": 1, "No answer": 1}, 3),
    "survey_injected": ({"Yes": 1, "No": 0, "No answer": 2}, 3),
    "survey_naloxone_ran_out": ({"Yes": 1, "No": 1, "No answer": 1}, 3),
}


def _check(value, expected):
    if isinstance(expected, tuple):
        counts, total = expected
        assert isinstance(value, Breakdown)
        found = {c.label: c.measure.value for c in value.categories}
        for label, count in counts.items():
            assert found[label] == count, label
        assert value.total.value == total
    else:
        assert value.value == expected


def test_every_indicator_has_a_hand_computed_expectation():
    assert set(REGISTRY) == set(PROGRAM_A)


def test_every_indicator_is_described():
    for indicator in REGISTRY.values():
        assert str(indicator.name) and len(str(indicator.description)) > 20, indicator.key
        assert indicator.source in {"raw", "rollup"}, indicator.key


@pytest.mark.parametrize("key", sorted(PROGRAM_A))
def test_program_indicator(in_program, key):
    calc = Calculator(Q1, Scope.of_program(in_program.program))
    _check(calc.value(key), PROGRAM_A[key])


NETWORK = {
    "visits": 8,
    "unique_people": 3,  # p1 = p3 = q1 (same code at B), p2, q5
    "new_people": 2,  # p2, q5; q1 is p1's group, known since Dec 2024
    "syringes_given": 110,  # A 80, B 10 + 20
    "collection_ratio": 0.45,  # 50 / 110
    "regular_access": 33.3,  # p1's group only, of 3
    "naloxone_stockout_days": 81,  # B's clinic at -1 from Jan 10 to Mar 31
    "naloxone_program_ran_out": "Yes",
    "hours_per_week": 15.0,
    "active_sites": 3,
    "peer_staff": 2,
    "syringe_coverage": None,  # the network has no estimate of its own (program A's is not it)
    "pwid_reached": None,
}


@pytest.mark.parametrize("key", sorted(NETWORK))
def test_network_indicator(scn, key):
    calc = Calculator(Q1, Scope.of_network(scn.network))
    _check(calc.value(key), NETWORK[key])


def test_a_person_at_two_programs_counts_once_at_network_level(scn):
    with program_scope(scn.program):
        a = Calculator(Q1, Scope.of_program(scn.program)).count("unique_people")
    with program_scope(scn.other_program):
        b = Calculator(Q1, Scope.of_program(scn.other_program)).count("unique_people")
    network = Calculator(Q1, Scope.of_network(scn.network))
    assert (a, b, network.count("unique_people")) == (2, 2, 3)
    by_program = network.breakdown("unique_people", "program")
    assert {c.label: c.measure.value for c in by_program.categories} == {
        "Lakeside": 2,
        "Riverside": 2,
    }
    assert by_program.total.value == 3 and by_program.kind == "distinct"


SITE_S1 = {
    "visits": 4,  # v1, v2, v5, v6
    "unique_people": 2,
    "syringes_given": 40,
    "naloxone_stockout_days": 12,
    "naloxone_program_ran_out": "Yes",  # S1 from Mar 20
    "hours_per_week": 9.0,
    "active_sites": 1,
    "new_people": None,  # registration is not tied to a site
    "survey_age": None,
}


@pytest.mark.parametrize("key", sorted(SITE_S1))
def test_site_indicator(in_program, key):
    calc = Calculator(Q1, Scope.of_program(in_program.program, in_program.s1))
    value = calc.value(key)
    if SITE_S1[key] is None:
        assert value.value is None and "single site" in value.note
    else:
        assert value.value == SITE_S1[key]


@pytest.mark.parametrize(
    "end,start",
    [
        (dt.date(2025, 3, 31), dt.date(2025, 1, 1)),
        (dt.date(2025, 3, 19), dt.date(2024, 12, 20)),
        (dt.date(2025, 5, 31), dt.date(2025, 3, 1)),  # no Feb 31: from the day after Feb 28
        (dt.date(2024, 2, 29), dt.date(2023, 11, 30)),
    ],
)
def test_the_past_3_months_end_on_the_last_day_of_the_period(end, start):
    assert three_months_to(end) == Period(start, end)


@pytest.mark.parametrize(
    "start,end,expected",
    [
        # Nothing ran out in the period, but S2 did on Jan 20–24, within Dec 20–Mar 19.
        (dt.date(2025, 1, 26), dt.date(2025, 3, 19), "Yes"),
        # Oct 16–Jan 15: S1 held 5 from Dec 15, then 4; S2 got 2 on Jan 10.
        (dt.date(2025, 1, 1), dt.date(2025, 1, 15), "No"),
        # Sep 1–Nov 30, 2024: no naloxone stock recorded yet.
        (dt.date(2024, 11, 1), dt.date(2024, 11, 30), None),
    ],
)
def test_the_program_ran_out_of_naloxone_in_the_3_months_to_the_period_end(
    in_program, start, end, expected
):
    calc = Calculator(Period(start, end), Scope.of_program(in_program.program))
    assert calc.count("naloxone_stockout_days") == 0
    found = calc.value("naloxone_program_ran_out")
    assert found.value == expected
    if expected is None:
        assert found.note == "No naloxone stock is recorded in Waypoint."


def test_breakdowns_by_site_modality_and_kit_outcome(in_program):
    calc = Calculator(Q1, Scope.of_program(in_program.program))

    def rows(key, by):
        found = calc.breakdown(key, by)
        return {c.label: c.measure.value for c in found.categories}, found.total.value

    assert rows("visits", "site") == ({"Main Street": 4, "Van": 2}, 6)
    assert rows("visits", "modality") == (
        {"Fixed site": 2, "Mobile unit": 2, "Walk-up window": 2},
        6,
    )
    assert rows("unique_people", "site") == ({"Main Street": 2, "Van": 2}, 2)
    outcomes, total = rows("naloxone_refills", "kit_outcome")
    assert (
        outcomes["Used in an overdose"],
        outcomes["Still have it"],
        outcomes["Lost or taken"],
    ) == (1, 1, 0)
    assert total == 2
    weeks, total = rows("visits", "week")
    assert len(weeks) == 14 and sum(weeks.values()) == total == 6  # Dec 30 .. Mar 31
    assert rows("syringes_by_type", "item") == ({"Syringe kit (10)": 80}, 80)
    assert rows("hours_per_week", "site") == ({"Main Street": 9.0, "Van": 2.0}, 11.0)


@pytest.mark.parametrize(
    "pwid,coverage,band", [(400, 0.8, "Low"), (2, 162.0, "Medium"), (1, 324.0, "High")]
)
def test_syringe_coverage_uses_the_population_estimate(in_program, pwid, coverage, band):
    ReportSettings.objects.create(program=in_program.program, pwid_population=pwid)
    calc = Calculator(Q1, Scope.of_program(in_program.program))
    assert calc.value("syringe_coverage").value == coverage  # 324 a year / pwid
    assert calc.value("syringe_coverage_band").value == band


def test_reach_uses_the_population_estimate(in_program):
    ReportSettings.objects.create(program=in_program.program, pwid_population=8)
    calc = Calculator(Q1, Scope.of_program(in_program.program))
    assert calc.value("pwid_reached").value == 25.0  # p1 (with p3) and p2, of 8


def test_network_coverage_and_reach_use_the_network_estimate(scn):
    with program_scope(scn.program):
        ReportSettings.objects.create(program=scn.program, pwid_population=1)
    NetworkReportSettings.objects.create(
        network=scn.network, pwid_population=4, coverage_high_above=100
    )
    calc = Calculator(Q1, Scope.of_network(scn.network))
    # 110 syringes in 90 days → 446 a year (110 × 365 / 90 = 446.1), over 4 people.
    assert calc.value("syringe_coverage").value == 111.5
    assert calc.value("syringe_coverage_band").value == "High"
    assert calc.value("pwid_reached").value == 75.0  # 3 people, each once, of 4


def test_coverage_bands_are_configurable(in_program):
    ReportSettings.objects.create(
        program=in_program.program,
        pwid_population=2,
        coverage_low_below=170,
        coverage_high_above=300,
    )
    assert (
        Calculator(Q1, Scope.of_program(in_program.program)).value("syringe_coverage_band").value
        == "Low"
    )


def test_a_whole_year_is_not_scaled(in_program):
    year = Period.calendar_year(2025)
    calc = Calculator(year, Scope.of_program(in_program.program))
    assert calc.value("syringes_per_year").value == calc.count("syringes_given") == 90  # + Apr 1


@pytest.mark.parametrize(
    "yearly,label",
    [
        (9_999, "Small"),
        (10_000, "Medium"),
        (55_000, "Medium"),
        (55_001, "Large"),
        (499_999, "Large"),
        (500_000, "Very large"),
    ],
)
def test_program_size_bands(in_program, yearly, label):
    Encounter.unscoped.filter(pk=in_program.visits["v1"].pk).update(syringes_given=yearly - 70)
    calc = Calculator(Period.calendar_year(2025), Scope.of_program(in_program.program))
    assert calc.count("syringes_given") == yearly - 70 + 10 + 30 + 10 + 10 + 10
    assert str(calc.value("program_size").value).startswith(label + " (")


def test_voided_visits_are_excluded_everywhere(in_program):
    Encounter.unscoped.filter(program=in_program.program).update(voided_at=at(4, 5))
    calc = Calculator(Q1, Scope.of_program(in_program.program))
    from_visits = [k for k, i in REGISTRY.items() if isinstance(i, AggregateIndicator)]
    for key in from_visits:
        expected = 1 if key == "reversals" else 0  # Mar 20's report was not told at a visit
        assert calc.count(key) == expected, key
    for key in ("regular_people", "naloxone_days_offered"):
        assert calc.count(key) == 0, key
    assert calc.value("naloxone_recipients").total.value == 0
    assert calc.value("regular_access").value is None


def test_a_merged_participant_counts_once(in_program):
    calc = Calculator(Q1, Scope.of_program(in_program.program))
    visited = Encounter.objects.filter(pk__in=[v.pk for v in in_program.visits.values()])
    people = set(
        visited.filter(voided_at__isnull=True, participant__isnull=False)
        .exclude(pk__in=[in_program.visits["before"].pk, in_program.visits["after"].pk])
        .values_list("participant", flat=True)
    )
    assert len(people) == 3  # three records: p1, p2 and p3 (merged into p1)
    assert calc.count("unique_people") == 2


def test_the_period_runs_whole_local_days(in_program):
    # v5 at 23:30 on Mar 31 (04:30 UTC on Apr 1) is in; 00:30 on Apr 1 is not.
    march = Calculator(
        Period(dt.date(2025, 3, 31), dt.date(2025, 3, 31)), Scope.of_program(in_program.program)
    )
    april = Calculator(
        Period(dt.date(2025, 4, 1), dt.date(2025, 4, 1)), Scope.of_program(in_program.program)
    )
    assert (march.count("visits"), april.count("visits")) == (1, 1)


def test_regular_access_in_a_period_shorter_than_30_days(in_program):
    calc = Calculator(
        Period(dt.date(2025, 1, 1), dt.date(2025, 1, 25)), Scope.of_program(in_program.program)
    )
    assert (calc.count("regular_people"), calc.count("unique_people")) == (2, 2)  # one window
    assert calc.value("regular_access").value == 100.0


def test_indicators_need_a_program_scope_for_a_program(scn):
    from waypoint.core.scoping import ScopeError

    with pytest.raises(ScopeError):
        Calculator(Q1, Scope.of_program(scn.program)).value("visits")
