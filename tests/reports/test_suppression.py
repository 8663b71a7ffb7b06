"""The suppression rules (``reports/suppression.py``) on their own, and as a whole: a
property test publishes every table a viewer and an analyst can obtain over a random
history — each quarter and the year, by site and by modality, each program and the
network — and an attacker solves all of them together (``attack.py``)."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from waypoint.reports.indicators.base import PEOPLE, VISITS, Measure
from waypoint.reports.publish import (
    BREAKDOWN,
    LIST,
    DraftCell,
    DraftRow,
    DraftTable,
    Forced,
    hidden_addresses,
    programs_forced,
    publish,
)
from waypoint.reports.suppression import ADDITIVE, DISTINCT, SHARES, decide

from .attack import System


def test_a_small_count_hides_its_whole_breakdown_but_not_the_total():
    decision = decide([3, 50, 0, 40], 93, 10)
    assert decision.parts == {0, 1, 2, 3} and not decision.total


def test_nothing_is_hidden_without_a_small_count():
    assert not decide([0, 11, 40], 51, 10).hides_any()


def test_a_small_total_hides_everything():
    decision = decide([4, 0], 4, 10)
    assert decision.parts == {0, 1} and decision.total


def test_with_the_total_hidden_only_small_parts_are_hidden():
    # A network total hidden because one program was small: the other programs stay.
    decision = decide([3, 50, 40], 93, 10, total_forced=True)
    assert decision.parts == {0} and decision.total


def test_a_hidden_sum_looks_the_same_whether_or_not_it_is_small():
    # Zeros stay shown, as they would with a large total: nothing tells the sum is small.
    assert decide([3, 0, 4], 7, 10, total_forced=True).parts == {0, 2}


def test_a_forced_breakdown_is_hidden_whole():
    decision = decide([30, 50], 80, 10, whole=True)
    assert decision.parts == {0, 1} and not decision.total


def test_a_share_hides_its_breakdown_when_few_did_not_choose_it():
    # 95 of 100 chose the first answer: the 5 who did not are a small count.
    assert decide([95, 40], 100, 10, kind=SHARES).parts == {0, 1}
    assert not decide([50, 40], 100, 10, kind=SHARES).hides_any()


def test_distinct_breakdowns_follow_the_same_rule():
    assert decide([3, 60], 61, 10, kind=DISTINCT).parts == {0, 1}


# --- the whole system -------------------------------------------------------------

SITES = {"A": ("a1", "a2"), "B": ("b1",)}
MODALITIES = ("window", "mail")
QUARTERS = (1, 2, 3, 4)
YEAR = "year"
PERIODS = (*QUARTERS, YEAR)

visit = st.tuples(
    st.integers(0, 7),  # person
    st.sampled_from([(p, s) for p, sites in SITES.items() for s in sites]),
    st.sampled_from(MODALITIES),
    st.sampled_from(QUARTERS),
    st.integers(1, 6),  # visits
)


class History:
    def __init__(self, visits):
        self.visits = visits

    def rows(self, program=None, period=YEAR, site=None, modality=None):
        return [
            v
            for v in self.visits
            if (program is None or v[1][0] == program)
            and (period == YEAR or v[3] == period)
            and (site is None or v[1][1] == site)
            and (modality is None or v[2] == modality)
        ]

    def count(self, key, **where):
        rows = self.rows(**where)
        return sum(v[4] for v in rows) if key == "visits" else len({v[0] for v in rows})


def visit_terms(program=None, period=YEAR, site=None, modality=None) -> dict:
    """The attacker's unknowns: visits per site, modality and quarter."""
    return {
        (s, m, q): 1
        for p, sites in SITES.items()
        for s in sites
        for m in MODALITIES
        for q in QUARTERS
        if (program is None or p == program)
        and (site is None or s == site)
        and (modality is None or m == modality)
        and (period == YEAR or q == period)
    }


UNITS = {"visits": VISITS, "people": PEOPLE}


def cell(history, key, address, **where):
    return DraftCell(Measure(history.count(key, **where), UNITS[key]), address=address)


def program_drafts(history, program, period):
    where = {"program": program, "period": period}
    totals = [DraftRow(k, [cell(history, k, (k, None, None), **where)]) for k in UNITS]
    by_site = [
        DraftRow(
            s, [cell(history, k, (k, "site", s), site=s, **where) for k in ("visits", "people")]
        )
        for s in SITES[program]
    ]
    by_site.append(
        DraftRow(
            "Total", [cell(history, k, (k, None, None), **where) for k in UNITS], is_total=True
        )
    )
    by_modality = [
        DraftRow(m, [cell(history, "visits", ("visits", "modality", m), modality=m, **where)])
        for m in MODALITIES
    ]
    by_modality.append(
        DraftRow("Total", [cell(history, "visits", ("visits", None, None), **where)], is_total=True)
    )
    return [
        DraftTable("totals", ["n"], totals, LIST),
        DraftTable("sites", ["visits", "people"], by_site, BREAKDOWN, [ADDITIVE, DISTINCT]),
        DraftTable("modalities", ["visits"], by_modality, BREAKDOWN, [ADDITIVE]),
    ]


def network_drafts(history, period):
    totals = [DraftRow(k, [cell(history, k, (k, None, None), period=period)]) for k in UNITS]
    rows = [
        DraftRow(p, [cell(history, k, (k, "program", p), program=p, period=period) for k in UNITS])
        for p in SITES
    ]
    rows.append(
        DraftRow(
            "Total",
            [cell(history, k, (k, None, None), period=period) for k in UNITS],
            is_total=True,
        )
    )
    return [
        DraftTable("totals", ["n"], totals, LIST),
        DraftTable("programs", ["visits", "people"], rows, BREAKDOWN, [ADDITIVE, DISTINCT]),
    ]


def published(history, threshold):
    """Every figure a viewer of each program and an analyst of the network obtain:
    ((unit, period, key, dimension, category), shown value)."""
    out = []
    for unit in [*SITES, "network"]:
        for period in PERIODS:
            if unit == "network":
                drafts = network_drafts(history, period)
                quarters = QUARTERS if period == YEAR else (period,)
                forced = programs_forced(
                    [
                        {
                            k: {p: history.count(k, program=p, period=q) for p in SITES}
                            for k in UNITS
                        }
                        for q in quarters
                    ],
                    threshold,
                )
            else:
                drafts = program_drafts(history, unit, period)
                forced = Forced()
                if period == YEAR:
                    for q in QUARTERS:
                        for draft in program_drafts(history, unit, q):
                            forced |= hidden_addresses(draft, threshold)
            for draft in drafts:
                table = publish(draft, suppressed=True, threshold=threshold, forced=forced)
                for drow, row in zip(draft.rows, table.rows, strict=True):
                    for dcell, shown in zip(drow.cells, row.cells, strict=True):
                        key, dimension, category = dcell.address
                        if dimension == "program":
                            unit_of, dimension, category = category, None, None
                        else:
                            unit_of = unit
                        out.append(
                            (
                                (unit_of, period, key, dimension, category),
                                shown.value,
                                dcell.measure.value,
                            )
                        )
    return out


def attack(history, threshold) -> System:
    system = System()
    people = defaultdict(set)  # position -> shown values, to check consistency
    for position, shown, truth in published(history, threshold):
        unit, period, key, dimension, category = position
        people[position].add(shown)
        where = {"program": None if unit == "network" else unit, "period": period}
        if dimension is not None:
            where[dimension] = category
        terms = visit_terms(**where)
        # A program's total for one quarter is hidden only when it is small.
        leaf = unit != "network" and period != YEAR
        known = (1, threshold) if leaf and not dimension else None
        if key == "people":
            terms, visits = {("people", position): 1}, terms
            system.at_most(terms, visits)  # each person made a visit
        system.add(str(position), terms, shown, truth, known, sum_of_parts=not leaf)
    for position, values in people.items():
        assert len(values) == 1, f"{position} shown two ways: {values}"
    # People counted once: no more than the sum of the parts, no fewer than any part.
    positions = {p for p in people if p[2] == "people"}

    def var(*position):
        return {("people", position): 1}

    def parts_of(unit, period, dimension, category):
        if unit == "network" and dimension is None:
            yield [("people", (p, period, "people", None, None)) for p in SITES]
        if unit != "network" and dimension is None:
            yield [("people", (unit, period, "people", "site", s)) for s in SITES[unit]]
        if period == YEAR:
            yield [("people", (unit, q, "people", dimension, category)) for q in QUARTERS]

    for unit, period, _key, dimension, category in positions:
        whole = var(unit, period, "people", dimension, category)
        for parts in parts_of(unit, period, dimension, category):
            system.at_most(whole, {part: 1 for part in parts})
            for part in parts:
                system.at_most({part: 1}, whole)
    return system


@settings(max_examples=40, deadline=None)
@given(st.lists(visit, min_size=1, max_size=25), st.integers(2, 10))
def test_no_hidden_count_can_be_narrowed_by_combining_everything_published(visits, threshold):
    system = attack(History(visits), threshold)
    assert system.narrow(threshold, protection=threshold) == []
