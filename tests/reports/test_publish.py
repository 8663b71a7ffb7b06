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
from waypoint.reports.publish import (
    BREAKDOWN,
    LIST,
    DraftCell,
    DraftRow,
    DraftTable,
    Forced,
    publish,
)


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


def test_a_small_row_hides_the_whole_breakdown_so_the_total_gives_nothing_away():
    table = publish(breakdown([3, 50, 40, 0], 93), suppressed=True, threshold=10)
    # Hiding only 3 would leave 93 - 50 - 40 = 3; hiding 3 and 40 would still say the
    # hidden pair is 43 with one part over 10. Every row goes; the total stays.
    assert column(table) == [None, None, None, None, 93]


def test_a_small_total_is_hidden_with_every_row_even_zeros():
    table = publish(breakdown([4, 0], 4), suppressed=True, threshold=10)
    assert column(table) == [None, None, None]


def test_a_breakdown_hidden_in_a_quarter_is_hidden_for_the_year():
    draft = breakdown([30, 40], 70)
    for i, row in enumerate(draft.rows[:-1]):
        row.cells[0].address = ("visits", "site", i)
    draft.rows[-1].cells[0].address = ("visits", None, None)
    forced = Forced(columns={("visits", "site")})
    assert column(publish(draft, suppressed=True, forced=forced)) == [None, None, 70]
    forced = Forced(cells={("visits", None, None), ("visits", "site", 0)})
    # The total is hidden because a part is: the other rows have nothing to be taken from.
    assert column(publish(draft, suppressed=True, forced=forced)) == [None, 40, None]


def test_distinct_rows_follow_the_same_rule():
    # People by site: the total is at most the sum of the rows, so 41 - 40 says the
    # hidden site has at least 1 — and with a shown 40 it would say much more.
    table = publish(breakdown([3, 40], 41, kind=DISTINCT, unit=PEOPLE), suppressed=True)
    assert column(table) == [None, None, 41]


def test_shares_hide_the_answers_when_the_rest_is_small():
    # 25 of 30 chose it: shown, it would tell that 5 did not.
    table = publish(breakdown([25, 12, 14], 30, kind=SHARES, unit=PEOPLE), suppressed=True)
    assert column(table) == [None, None, None, 30]
    table = publish(breakdown([15, 12, 14], 30, kind=SHARES, unit=PEOPLE), suppressed=True)
    assert column(table) == [15, 12, 14, 30]


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


def test_a_ratio_is_hidden_when_a_total_it_comes_from_is_hidden_by_its_parts():
    measure = Measure(0.5, RATIO, parts=(40, 80), part_keys=("collected", "given"))
    rows = [DraftRow("ratio", [DraftCell(measure)])]
    forced = Forced(cells={("collected", None, None)})
    table = publish(DraftTable("t", ["n"], rows, LIST), suppressed=True, forced=forced)
    assert column(table) == [None]


def test_not_available_is_not_suppressed():
    rows = [DraftRow("x", [DraftCell(Measure(None, VISITS, note="Not recorded in Waypoint yet."))])]
    cell = publish(DraftTable("t", ["n"], rows), suppressed=True).rows[0].cells[0]
    assert (cell.suppressed, cell.value, cell.note) == (
        False,
        None,
        "Not recorded in Waypoint yet.",
    )
    assert cell.text == "not available"
