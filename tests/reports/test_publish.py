"""Publishing: which cells viewers, analysts and the public see (STANDARDS §3)."""

from __future__ import annotations

from waypoint.reports.indicators.base import (
    ADDITIVE,
    DISTINCT,
    HOURS,
    PEOPLE,
    RATIO,
    SHARES,
    VISITS,
    Measure,
)
from waypoint.reports.publish import BREAKDOWN, LIST, DraftCell, DraftRow, DraftTable, publish


def column(table, index=0):
    return [row.cells[index].value for row in table.rows]


def breakdown(values, total, kind=ADDITIVE, unit=VISITS):
    rows = [DraftRow(f"row {i}", [DraftCell(Measure(v, unit))]) for i, v in enumerate(values)]
    rows.append(DraftRow("Total", [DraftCell(Measure(total, unit))], is_total=True))
    return DraftTable("t", ["count"], rows, BREAKDOWN, [kind])


def test_small_counts_are_hidden_and_zero_is_shown():
    rows = [DraftRow(str(v), [DraftCell(Measure(v, PEOPLE))]) for v in (0, 1, 10, 11, 250)]
    table = publish(DraftTable("t", ["n"], rows, LIST), suppressed=True, threshold=10)
    assert column(table) == [0, None, None, 11, 250]
    assert [row.cells[0].suppressed for row in table.rows] == [False, True, True, False, False]
    assert [row.cells[0].text for row in table.rows][1] == "suppressed"


def test_exact_tables_hide_nothing():
    table = publish(breakdown([3, 50], 53), suppressed=False, threshold=10)
    assert column(table) == [3, 50, 53] and not table.any_suppressed


def test_additive_rows_get_a_complementary_cell_so_the_total_gives_nothing_away():
    table = publish(breakdown([3, 50, 40], 93), suppressed=True, threshold=10)
    # 3 is hidden; hiding only it would leave 93 - 50 - 40 = 3: the smallest other goes too.
    assert column(table) == [None, 50, None, 93]


def test_a_small_total_is_hidden():
    table = publish(breakdown([4, 0], 4), suppressed=True, threshold=10)
    assert column(table) == [None, 0, None]


def test_distinct_rows_are_judged_one_by_one():
    # People by site: one person may visit both sites, so rows do not add up to the total.
    table = publish(breakdown([3, 40], 41, kind=DISTINCT, unit=PEOPLE), suppressed=True)
    assert column(table) == [None, 40, 41]


def test_shares_hide_an_answer_when_the_rest_is_small():
    # 25 of 30 chose it: shown, it would tell that 5 did not.
    table = publish(breakdown([25, 12, 3], 30, kind=SHARES, unit=PEOPLE), suppressed=True)
    assert column(table) == [None, 12, None, 30]


def test_a_ratio_needs_both_parts_shown():
    rows = [
        DraftRow("ok", [DraftCell(Measure(0.5, RATIO, parts=(40, 80)))]),
        DraftRow("small part", [DraftCell(Measure(0.1, RATIO, parts=(8, 80)))]),
        DraftRow("hours", [DraftCell(Measure(3.0, HOURS))]),
        DraftRow("text", [DraftCell(Measure("Fixed site", "text"))]),
    ]
    table = publish(DraftTable("t", ["n"], rows, LIST), suppressed=True)
    assert column(table) == [0.5, None, 3.0, "Fixed site"]


def test_a_ratio_column_follows_the_cells_it_comes_from():
    rows = [
        DraftRow(
            "site",
            [
                DraftCell(Measure(5, VISITS)),
                DraftCell(Measure(60, VISITS)),
                DraftCell(Measure(12.0, RATIO, parts=(60, 5)), refs=((0, 0), (0, 1))),
            ],
        ),
        DraftRow(
            "Total",
            [
                DraftCell(Measure(5, VISITS)),
                DraftCell(Measure(60, VISITS)),
                DraftCell(Measure(12.0, RATIO, parts=(60, 5)), refs=((1, 0), (1, 1))),
            ],
            is_total=True,
        ),
    ]
    draft = DraftTable("t", ["a", "b", "ratio"], rows, BREAKDOWN, [ADDITIVE, ADDITIVE, DISTINCT])
    table = publish(draft, suppressed=True)
    assert column(table, 2) == [None, None]
    assert column(table, 1) == [60, 60]


def test_not_available_is_not_suppressed():
    rows = [DraftRow("x", [DraftCell(Measure(None, VISITS, note="Not recorded in Waypoint yet."))])]
    cell = publish(DraftTable("t", ["n"], rows), suppressed=True).rows[0].cells[0]
    assert (cell.suppressed, cell.value, cell.note) == (
        False,
        None,
        "Not recorded in Waypoint yet.",
    )
    assert cell.text == "not available"
