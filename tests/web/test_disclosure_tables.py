"""Secondary suppression (DOMAIN.md §7): for random tables with totals, no hidden cell can be
worked out from what is published, and nothing published is a count from 1 to 5.

The check of "can be worked out" here is independent of the one ``protect`` uses: exact
rational arithmetic (Gaussian elimination on fractions) asks whether the cell's unit vector lies
in the row space of the totals' equations over the hidden cells, which is precisely when
subtracting and adding published figures yields it.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from safeguard.aggregates.disclosure import CONFIDENTIAL, Total, is_small, protect, shown_count, shown_value


def _rank(rows: list[list[Fraction]]) -> int:
    """The rank of a matrix of fractions, by Gaussian elimination."""
    matrix = [row[:] for row in rows]
    rank = 0
    columns = len(matrix[0]) if matrix else 0
    for column in range(columns):
        pivot = next((index for index in range(rank, len(matrix)) if matrix[index][column] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for index in range(len(matrix)):
            if index != rank and matrix[index][column] != 0:
                factor = matrix[index][column] / matrix[rank][column]
                matrix[index] = [a - factor * b for a, b in zip(matrix[index], matrix[rank])]
        rank += 1
    return rank


def worked_out(hidden: set, totals: list[Total]) -> set:
    """The hidden cells that published figures and totals determine (exact arithmetic)."""
    unknowns = sorted(hidden, key=repr)
    rows = []
    for total in totals:
        row = [Fraction(0)] * len(unknowns)
        for index, key in enumerate(unknowns):
            if key in total.parts:
                row[index] += 1
            if key == total.total:
                row[index] -= 1
        rows.append(row)
    base = _rank(rows)
    determined = set()
    for index, key in enumerate(unknowns):
        unit = [Fraction(int(position == index)) for position in range(len(unknowns))]
        if _rank([*rows, unit]) == base:
            determined.add(key)
    return determined


def table_with_totals(cells: list[list[int]]) -> tuple[dict, list[Total]]:
    """A table's cells plus its row totals, column totals and grand total, and the relations."""
    counts: dict = {}
    totals: list[Total] = []
    rows, columns = len(cells), len(cells[0])
    for r in range(rows):
        for c in range(columns):
            counts[(r, c)] = cells[r][c]
        counts[(r, "total")] = sum(cells[r])
        totals.append(Total((r, "total"), tuple((r, c) for c in range(columns))))
    for c in range(columns):
        counts[("total", c)] = sum(cells[r][c] for r in range(rows))
        totals.append(Total(("total", c), tuple((r, c) for r in range(rows))))
    counts[("total", "total")] = sum(map(sum, cells))
    totals.append(Total(("total", "total"), tuple(("total", c) for c in range(columns))))
    totals.append(Total(("total", "total"), tuple((r, "total") for r in range(rows))))
    return counts, totals


small_heavy_counts = st.one_of(st.integers(0, 8), st.integers(0, 400))
tables = st.integers(1, 6).flatmap(
    lambda columns: st.lists(st.lists(small_heavy_counts, min_size=columns, max_size=columns), min_size=1, max_size=6)
)


@settings(max_examples=150, deadline=None)
@given(tables)
def test_no_hidden_cell_of_a_table_can_be_worked_out_and_nothing_shown_is_1_to_5(cells):
    counts, totals = table_with_totals(cells)
    hidden = protect(counts, totals)
    assert all(not is_small(count) for key, count in counts.items() if key not in hidden)
    assert worked_out(set(hidden), totals) == set()
    primary = {key for key, count in counts.items() if is_small(count)}
    assert primary <= hidden


@settings(max_examples=150, deadline=None)
@given(st.lists(small_heavy_counts, min_size=1, max_size=15))
def test_team_breakdowns_summing_to_the_council_total(team_counts):
    counts = {f"team {index}": count for index, count in enumerate(team_counts)}
    counts["council"] = sum(team_counts)
    totals = [Total("council", tuple(key for key in counts if key != "council"))]
    hidden = protect(counts, totals)
    assert worked_out(set(hidden), totals) == set()
    assert all(not is_small(count) for key, count in counts.items() if key not in hidden)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(small_heavy_counts, min_size=12, max_size=12), min_size=1, max_size=3), st.integers(2, 12))
def test_months_inside_years_and_a_baseline_across_years(years, baseline_months):
    """Months add up to their financial year, and a baseline's mean is a total over its months
    that cuts across the years: overlapping totals."""
    counts = {}
    totals = []
    for year, months in enumerate(years):
        for month, count in enumerate(months):
            counts[(year, month)] = count
        counts[(year, "year")] = sum(months)
        totals.append(Total((year, "year"), tuple((year, month) for month in range(12))))
    series = [(year, month) for year in range(len(years)) for month in range(12)]
    counts["baseline"] = sum(counts[key] for key in series[:baseline_months])
    totals.append(Total("baseline", tuple(series[:baseline_months])))
    hidden = protect(counts, totals)
    assert worked_out(set(hidden), totals) == set()
    assert all(not is_small(count) for key, count in counts.items() if key not in hidden)


def test_one_small_team_hides_the_next_smallest_not_the_total():
    counts = {"A": 3, "B": 40, "C": 12, "D": 0, "council": 55}
    hidden = protect(counts, [Total("council", ("A", "B", "C", "D"))])
    assert hidden == {"A", "C"}


def test_a_small_total_is_hidden_with_its_parts():
    counts = {"A": 2, "B": 1, "council": 3}
    hidden = protect(counts, [Total("council", ("A", "B"))])
    assert hidden == {"A", "B", "council"}


def test_a_zero_is_given_up_only_after_every_non_zero_part():
    counts = {"A": 4, "B": 0, "C": 70, "council": 74}
    assert protect(counts, [Total("council", ("A", "B", "C"))]) == {"A", "C"}
    counts = {"A": 4, "B": 0, "C": 0, "council": 4}
    # The total is small too, so it hides with A; the zeros can stay, since A = council - 0 - 0
    # leaves both unknown.
    assert protect(counts, [Total("council", ("A", "B", "C"))]) == {"A", "council"}


def test_the_classic_two_by_two_rectangle():
    cells = [[3, 10, 20], [11, 30, 40]]
    counts, totals = table_with_totals(cells)
    hidden = protect(counts, totals)
    # The 3 needs a partner in its row (the 10) and in its column (the 11), and those partners
    # need each other's corner (the 30): a rectangle, the least that protects a single cell.
    assert hidden == {(0, 0), (0, 1), (1, 0), (1, 1)}


def test_a_total_stated_elsewhere_is_never_given_up():
    """Two lines of grades over the same round of 12 cases: hiding the round's total would protect
    both small counts at once, but a page that states the total elsewhere publishes it, so the
    lines' own cells are given up instead (case audits, ``safeguard.governance.audits.results``)."""
    counts = {"round": 12, "x1": 3, "y1": 9, "z1": 0, "x2": 2, "y2": 10, "z2": 0}
    totals = [Total("round", ("x1", "y1", "z1")), Total("round", ("x2", "y2", "z2"))]
    assert "round" in protect(counts, totals)
    hidden = protect(counts, totals, published=["round"])
    assert "round" not in hidden and {"x1", "x2"} <= hidden
    assert worked_out(set(hidden), totals) == set()


def test_derived_figures_are_withheld_when_their_count_is():
    assert shown_count(4, hidden=True) == CONFIDENTIAL
    assert shown_count(0, hidden=False) == 0
    assert shown_count(None, hidden=False) == "[x]"
    assert shown_value(12.5, hidden=True) == CONFIDENTIAL
    assert shown_value(None, hidden=False) == "[x]"
    assert shown_value(12.5, hidden=False) == 12.5
