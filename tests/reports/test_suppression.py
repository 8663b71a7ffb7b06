from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from waypoint.reports.suppression import extend, suppress, suppress_series


def _rank(rows):
    matrix = [list(map(Fraction, row)) for row in rows]
    rank, width = 0, (len(matrix[0]) if matrix else 0)
    for col in range(width):
        pivot = next((i for i in range(rank, len(matrix)) if matrix[i][col] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for i in range(len(matrix)):
            if i != rank and matrix[i][col] != 0:
                f = matrix[i][col] / matrix[rank][col]
                matrix[i] = [a - f * b for a, b in zip(matrix[i], matrix[rank], strict=True)]
        rank += 1
    return rank


def _determined(values, hidden_positions, column_totals=True):
    """Hidden positions whose value the visible table pins down (independent check)."""
    nrows, ncols = len(values), len(values[0])
    unknowns = sorted(hidden_positions)
    equations = []
    for r in range(nrows):
        equations.append([(1 if c < ncols - 1 else -1) if (rr == r) else 0 for (rr, c) in unknowns])
    for c in range(ncols if column_totals else 0):
        equations.append([(1 if r < nrows - 1 else -1) if (cc == c) else 0 for (r, cc) in unknowns])
    base = _rank(equations)
    exposed = set()
    for i, p in enumerate(unknowns):
        unit = [1 if j == i else 0 for j in range(len(unknowns))]
        if _rank(equations + [unit]) == base:
            exposed.add(p)
    return exposed


tables = st.integers(1, 4).flatmap(
    lambda ncols: st.lists(
        st.lists(
            st.one_of(st.integers(0, 12), st.integers(0, 200)), min_size=ncols, max_size=ncols
        ),
        min_size=1,
        max_size=4,
    )
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(cells=tables, threshold=st.integers(0, 12))
def test_no_small_value_is_visible_or_derivable(cells, threshold):
    result = suppress(cells, threshold)
    full = extend(cells)
    hidden = set()
    for r, row in enumerate(result.values):
        for c, value in enumerate(row):
            if value is None:
                hidden.add((r, c))
            else:
                assert value == full[r][c], "a visible value was changed"
                assert not (1 <= value <= threshold), "a small value is visible"
    assert not _determined(result.values, hidden), "a hidden value can be worked out"


@settings(max_examples=200, deadline=None, derandomize=True)
@given(cells=tables, threshold=st.integers(0, 12))
def test_tables_without_small_values_are_unchanged(cells, threshold):
    full = extend(cells)
    if any(1 <= v <= threshold for row in full for v in row):
        return
    assert suppress(cells, threshold).values == full


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    counts=st.lists(st.one_of(st.integers(0, 12), st.integers(0, 300)), min_size=1, max_size=8),
    threshold=st.integers(0, 12),
)
def test_series_never_reveal_a_small_value(counts, threshold):
    result = suppress_series(counts, threshold)
    hidden = {(0, c) for c, v in enumerate(result.values[0]) if v is None}
    for v in result.values[0]:
        assert v is None or not (1 <= v <= threshold)
    assert not _determined(result.values, hidden, column_totals=False)


def test_a_small_cell_and_its_cheapest_complement_are_hidden():
    result = suppress_series([5, 20, 30], threshold=10)
    assert result.cells == [[None, None, 30]]
    assert result.row_totals == [55]
    assert result.primary == {(0, 0)}
    assert result.complementary == {(0, 1)}


def test_zero_is_shown():
    result = suppress([[0, 25], [40, 60]], threshold=10)
    assert result.cells == [[0, 25], [40, 60]]


def test_small_total_is_hidden_with_what_reveals_it():
    # Row total 7 is small; its cells 3 and 4 are small too; the grand total must not
    # let the row total be recovered from the other row's total.
    result = suppress([[3, 4], [50, 60]], threshold=10)
    assert result.row_totals[0] is None
    assert result.cells[0] == [None, None]
    assert result.grand_total is None or result.row_totals[1] is None


def test_threshold_comes_from_the_caller():
    assert suppress_series([4, 30, 30], threshold=3).cells == [[4, 30, 30]]
    assert suppress_series([4, 30, 30], threshold=5).cells[0][0] is None


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        suppress([[1, 2], [3]])
    with pytest.raises(ValueError):
        suppress([[-1, 2]])


def test_empty_tables_are_fine():
    assert suppress_series([]).row_totals == [0]
    assert suppress([]).grand_total == 0
