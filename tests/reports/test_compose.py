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
    assert figure(result, "Persons served").value == 2
    assert figure(result, "Total visits").value == 6
    assert figure(result, "Syringes and needles dispensed").value == 80
    assert figure(result, "Syringes and needles collected").value == 45
    assert figure(result, "Collection ratio").text == "0.56"
    by_site = next(
        t for t in result.tables() if t.title == "By distribution location (supporting figures)"
    )
    assert [r.label for r in by_site.rows] == ["Main Street", "Van", "Total"]
    assert [c.value for c in by_site.rows[0].cells] == [4, 2, 40, 45, 1.12]


def test_what_waypoint_does_not_record_says_so_and_invents_nothing(in_program):
    result = build_report(
        TEMPLATES["west_virginia"], Q1, Scope.of_program(in_program.program), suppressed=False
    )
    for label in (
        "Syringe stick injuries to non-participants",
        "Statistics regarding the number of individuals entering substance use disorder treatment",
        "Referrals, total",
        "Referrals to substance use disorder treatment",
        "Referrals to other harm reduction services, by type",
        "Syringes disposed of",
        "Types of syringes collected",
        "Types of syringes disposed of",
    ):
        cell = figure(result, label)
        assert cell.value is None and not cell.suppressed
        assert cell.note.startswith("Not recorded in Waypoint yet. ")  # and why


@pytest.mark.parametrize("key", PROGRAM_KEYS)
def test_every_line_waypoint_cannot_fill_says_why(in_program, key):
    template = TEMPLATES[key]
    for section in template.sections:
        for part in section.parts:
            for line in getattr(part, "lines", ()):
                if line.indicator is None:
                    assert str(line.note), (key, line.number, str(line.label))


def test_form_numbering_and_wording_are_kept(in_program):
    result = build_report(
        TEMPLATES["utah"], Q1, Scope.of_program(in_program.program), suppressed=False
    )
    numbers = [row.number for table in result.tables() for row in table.rows]
    assert numbers == ["a", "", "b", "c", "", "d", "e"]  # R386-900-5(1)(a)–(e); "": supporting
    supporting = [t for t in result.tables() if not t.numbered]
    assert all("not on the state's list" in t.title for t in supporting)
    assert figure(result, "Used syringes in (b) that were self-reported or approximate").value == 30
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
    registered = "Number of new participants registered by the Program during the reporting period"
    assert figure(result, registered).note == "Not calculated for a single site."


def test_sharp_uses_its_own_indicator_numbers_and_keeps_unaids_apart(in_program):
    result = build_report(
        TEMPLATES["sharp"], Q1, Scope.of_program(in_program.program), suppressed=False
    )
    numbers = [n for t in result.tables() for n in [t.number, *(r.number for r in t.rows)] if n]
    assert numbers == [f"{n:02d}" for n in range(4, 19)]
    assert figure(result, "Total participant visits").value == 6
    assert figure(result, "Program activities").note.startswith("Not recorded in Waypoint yet.")
    international = next(s for s in result.sections if "UNAIDS/WHO" in s.title)
    labels = [r.label for t in international.tables for r in t.rows]
    assert labels == [
        "Syringes distributed per person who injects drugs per year",
        "Syringe coverage level",
        "Participants with regular access",
        "People who inject drugs reached",
    ]
    supporting = result.sections[-1]
    assert supporting.title == "Supporting figures (not SHaRP indicators)"
    assert figure(result, "Unduplicated participants").value == 2


def test_oend_asks_whether_the_program_ran_out_not_the_participants(in_program):
    result = build_report(
        TEMPLATES["oend"], Q1, Scope.of_program(in_program.program), suppressed=False
    )
    ran_out = figure(
        result, "Program ran out of or rationed naloxone in the past 3 months (yes/no)"
    )
    assert ran_out.value == "Yes"  # S1 from Mar 20
    assert "does not record rationing" in ran_out.note
    survey = next(t for t in result.tables() if "(point-in-time survey)" in t.title)
    assert "did you run out of naloxone or have to ration it?" in survey.title
    assert not survey.numbered and not survey.number
    given = figure(result, "Days naloxone was given in the past 28 days")
    assert given.value == 1 and "lower bound" in given.note
    for label in (
        "Naloxone refills provided as often as participants requested them (yes/no)",
        "OEND data entered directly into an electronic data system (yes/no)",
        "Persons who received naloxone per opioid overdose death",
    ):
        assert figure(result, label).value is None


def test_maryland_counts_no_on_site_test_as_a_linkage(in_program):
    result = build_report(
        TEMPLATES["maryland"], Q1, Scope.of_program(in_program.program), suppressed=False
    )
    linkages = figure(result, "Number of linkages provided to participants under §24-903(a)(6)")
    assert linkages.value is None and "once Waypoint records referrals" in linkages.note
    linkage_section = next(s for s in result.sections if s.number == "6")
    on_site = linkage_section.tables[1]
    assert "not on the state's list" in on_site.title and not on_site.numbered
    assert [r.label for r in on_site.rows] == ["HIV tests", "Hepatitis C tests", "Wound care"]
    assert [r.number for t in result.tables() for r in t.rows if r.number][:2] == ["1", "2"]


def test_new_participants_by_program_are_each_programs_own(scn):
    """Broken down by program in one query, as the network's suppression needs them:
    the same as each program's own figure (a person new to the network counts at most
    once in its total, but at each program that first saw them)."""
    from waypoint.core.scoping import program_scope
    from waypoint.reports.indicators import Calculator

    network = Calculator(Q1, Scope.of_network(scn.network))
    found = {c.key: c.measure.value for c in network.breakdown("new_people", "program").categories}
    for program in (scn.program, scn.other_program):
        with program_scope(program):
            own = Calculator(Q1, Scope.of_program(program)).count("new_people")
        assert found[program.pk] == own
    assert sum(found.values()) >= network.count("new_people") > 0
