"""Report templates built from the indicators: every template, exact and published."""

from __future__ import annotations

import json

import pytest

from waypoint.reports.compose import build_report
from waypoint.reports.definitions import TEMPLATES, network_templates, program_templates
from waypoint.reports.indicators.base import COUNTS
from waypoint.reports.period import Scope

from .scenario import Q1

PROGRAM_KEYS = [t.key for t in program_templates()]
NETWORK_KEYS = [t.key for t in network_templates()]


def cells(result):
    for table in result.tables():
        for row in table.rows:
            for cell in row.cells:
                yield table, row, cell


def figure(result, label):
    """The first cell of the row labelled ``label``."""
    for _table, row, cell in cells(result):
        if row.label == label:
            return cell
    raise AssertionError(f"no row {label!r}")


def test_the_funder_templates_are_all_there():
    assert {"sharp", "california", "west_virginia", "utah", "maryland", "nasen", "oend"} <= set(
        PROGRAM_KEYS
    )
    assert "network" in NETWORK_KEYS and "network" not in PROGRAM_KEYS


@pytest.mark.parametrize("key", PROGRAM_KEYS)
def test_published_program_reports_show_no_small_count(in_program, key):
    result = build_report(
        TEMPLATES[key], Q1, Scope.of_program(in_program.program), suppressed=True, threshold=10
    )
    assert result.suppressed and result.sections
    for table, row, cell in cells(result):
        if cell.unit in COUNTS and isinstance(cell.value, int):
            assert not 1 <= cell.value <= 10, (table.title, row.label, cell.value)
    json.dumps(result.as_dict())


@pytest.mark.parametrize("key", NETWORK_KEYS)
def test_network_reports_build(scn, key):
    result = build_report(TEMPLATES[key], Q1, Scope.of_network(scn.network), suppressed=True)
    assert result.scope == "Network: Metro network"
    for _table, _row, cell in cells(result):
        if cell.unit in COUNTS and isinstance(cell.value, int):
            assert not 1 <= cell.value <= 10


def test_exact_california_report_matches_the_hand_count(in_program):
    result = build_report(
        TEMPLATES["california"], Q1, Scope.of_program(in_program.program), suppressed=False
    )
    assert not result.suppressed
    assert figure(result, "Unduplicated persons served").value == 2
    assert figure(result, "Total visits").value == 6
    assert figure(result, "Syringes dispensed").value == 80
    assert figure(result, "Syringes collected").value == 45
    assert figure(result, "Collection ratio").text == "0.56"
    by_site = next(t for t in result.tables() if t.title == "By distribution location")
    assert [r.label for r in by_site.rows] == ["Main Street", "Van", "Total"]
    assert [c.value for c in by_site.rows[0].cells] == [4, 2, 40, 45, 1.12]


def test_what_waypoint_does_not_record_says_so_and_invents_nothing(in_program):
    result = build_report(
        TEMPLATES["west_virginia"], Q1, Scope.of_program(in_program.program), suppressed=False
    )
    for label in (
        "Needle-stick injuries to non-participants",
        "Participants entering substance use disorder treatment",
        "Referrals, by type",
        "Syringes disposed of",
    ):
        cell = figure(result, label)
        assert cell.value is None and not cell.suppressed
        assert cell.note.startswith("Not recorded in Waypoint yet.")


def test_form_numbering_and_wording_are_kept(in_program):
    result = build_report(
        TEMPLATES["utah"], Q1, Scope.of_program(in_program.program), suppressed=False
    )
    numbers = [row.number for table in result.tables() for row in table.rows]
    assert numbers == ["1", "1a", "2", "2a", "3", "4", "5"]
    assert figure(result, "of which self-reported or approximate").value == 30
    assert "self-reported or approximate" in result.sections[1].wording


def test_percentages_need_both_counts_shown(in_program):
    for suppressed in (True, False):
        result = build_report(
            TEMPLATES["sharp"], Q1, Scope.of_program(in_program.program), suppressed=suppressed
        )
        regular = figure(result, "Participants with regular access")
        assert (regular.value, regular.suppressed) == (
            (None, True) if suppressed else (50.0, False)
        )
        assert regular.text == ("suppressed" if suppressed else "50.0%")


def test_a_site_report_says_what_is_only_counted_for_the_program(in_program):
    result = build_report(
        TEMPLATES["maryland"],
        Q1,
        Scope.of_program(in_program.program, in_program.s1),
        suppressed=False,
    )
    assert result.scope == "Riverside, site Main Street"
    assert figure(result, "Total visits").value == 4
    assert figure(result, "New registrants").note == "Not calculated for a single site."
