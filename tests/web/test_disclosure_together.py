"""Secondary suppression across everything shown together (issue 12 point 3; DOMAIN.md §7): a
count two tables share, a year's total and a percentage's remainder must not combine to give a
hidden count of 1 to 5 away.

The check of "can be worked out" is independent of the one ``Disclosure`` uses: exact rational
arithmetic asks whether the weighted sum lies in the row space of the totals' equations over
the counts nobody is shown.
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st
from test_disclosure_tables import _rank

from safeguard.aggregates.disclosure import Total, is_small, protect
from safeguard.aggregates.figures import ComputedIndicator
from safeguard.aggregates.hidden_cells import hidden_cells_of_all
from safeguard.aggregates.shown_together import Disclosure, Remainder
from safeguard.indicators.engine import IndicatorValue


def can_be_worked_out(weights: dict, unknown: set, totals: list[Total]) -> bool:
    """Whether adding and subtracting the known counts and the totals gives ``weights`` exactly."""
    unknowns = sorted(unknown, key=repr)
    if not any(key in unknown for key in weights):
        return True
    rows = []
    for total in totals:
        row = [Fraction(0)] * len(unknowns)
        for index, key in enumerate(unknowns):
            row[index] += sum(1 for part in total.parts if part == key)
            if key == total.total:
                row[index] -= 1
        rows.append(row)
    target = [Fraction(weights.get(key, 0)) for key in unknowns]
    return _rank([*rows, target]) == _rank(rows) if rows else False


def referrals_and_re_referrals(referrals: list[int], re_referrals: list[int]) -> tuple[Disclosure, dict, list[Total]]:
    """Two tables of months and their year: referrals (a rate per 10,000, so one count per cell)
    and re-referrals as a percentage of those same referrals."""
    disclosure: Disclosure = Disclosure()
    counts = {}
    months = range(len(referrals))
    for month in months:
        counts[("referrals", month)] = referrals[month]
        counts[("again", month)] = re_referrals[month]
        disclosure.show(("referral rate", month), {("referrals", month): referrals[month]})
        disclosure.show(
            ("re-referral rate", month),
            {("again", month): re_referrals[month], ("referrals", month): referrals[month]},
            Remainder(whole=("referrals", month), part=("again", month)),
        )
    counts[("referrals", "year")] = sum(referrals)
    counts[("again", "year")] = sum(re_referrals)
    disclosure.show(("referral rate", "year"), {("referrals", "year"): sum(referrals)})
    disclosure.show(
        ("re-referral rate", "year"),
        {("again", "year"): sum(re_referrals), ("referrals", "year"): sum(referrals)},
        Remainder(whole=("referrals", "year"), part=("again", "year")),
    )
    totals = [
        Total(("referrals", "year"), tuple(("referrals", month) for month in months)),
        Total(("again", "year"), tuple(("again", month) for month in months)),
    ]
    for total in totals:
        disclosure.relate(total.total, total.parts)
    return disclosure, counts, totals


def shown_counts(disclosure: Disclosure, hidden: frozenset, counts: dict) -> set:
    return {key for cell in disclosure.cells - hidden for key in cell_counts(cell)} & set(counts)


def cell_counts(cell) -> set:
    table, month = cell
    if table == "referral rate":
        return {("referrals", month)}
    return {("again", month), ("referrals", month)}


def test_a_count_two_tables_share_gives_a_hidden_month_away_unless_both_hide_its_companion():
    referrals = [3, 20, 30]
    again = [1, 12, 7]
    disclosure, counts, totals = referrals_and_re_referrals(referrals, again)
    # Each table protected on its own, as before: the referrals' January hides with February, the
    # re-referrals' January with March (its smallest other month). The re-referral table then
    # shows February's referrals as its denominator, and January's 3 = 53 - 20 - 30.
    alone = protect({key: count for key, count in counts.items() if key[0] == "referrals"}, totals[:1])
    assert alone == {("referrals", 0), ("referrals", 1)}
    shown_by_re_referrals = {("referrals", 1)}
    assert can_be_worked_out({("referrals", 0): 1}, set(alone) - shown_by_re_referrals, totals)
    # Together: the February cells of both tables go (the cheaper companion, 12 + 20 against 7 + 30,
    # once a second one is needed for the referral that both tables show).
    hidden = disclosure.hidden()
    assert hidden == {("referral rate", 0), ("re-referral rate", 0), ("referral rate", 1), ("re-referral rate", 1)}
    unknown = set(counts) - shown_counts(disclosure, hidden, counts)
    assert not can_be_worked_out({("referrals", 0): 1}, unknown, totals)
    assert not can_be_worked_out({("again", 0): 1}, unknown, totals)
    assert not can_be_worked_out({("referrals", 0): 1, ("again", 0): -1}, unknown, totals)


def test_a_percentage_whose_remainder_is_1_to_5_is_hidden_with_a_companion():
    disclosure: Disclosure = Disclosure()
    visited, children = [115, 50, 40], [120, 60, 50]
    for month in range(3):
        disclosure.show(
            ("visits", month),
            {("seen", month): visited[month], ("children", month): children[month]},
            Remainder(("children", month), ("seen", month)),
        )
    disclosure.show(
        ("visits", "year"),
        {("seen", "year"): sum(visited), ("children", "year"): sum(children)},
        Remainder(("children", "year"), ("seen", "year")),
    )
    disclosure.relate(("seen", "year"), [("seen", month) for month in range(3)])
    disclosure.relate(("children", "year"), [("children", month) for month in range(3)])
    # 115 of 120 says 5 children were not visited in time; March (40 + 50 = 90) is a cheaper
    # companion than February (50 + 60 = 110).
    assert disclosure.hidden() == {("visits", 0), ("visits", 2)}


def test_a_zero_is_given_up_only_after_the_non_zero_parts():
    disclosure: Disclosure = Disclosure()
    disclosure.show("a", {"a": 2})
    disclosure.show("b", {"b": 40})
    disclosure.show("c", {"c": 0})
    disclosure.show("all", {"all": 42})
    disclosure.relate("all", ["a", "b", "c"])
    # Hiding the zero would protect the 2 only while nobody guesses that it is nought: the 40 goes.
    assert disclosure.hidden() == {"a", "b"}


small_heavy = st.one_of(st.integers(0, 8), st.integers(0, 120))


@st.composite
def two_tables(draw):
    months = draw(st.integers(1, 12))
    referrals = draw(st.lists(small_heavy, min_size=months, max_size=months))
    again = [draw(st.integers(0, count)) for count in referrals]
    return referrals, again


@settings(max_examples=120, deadline=None)
@given(two_tables())
def test_no_combination_of_shown_cells_gives_away_a_count_or_remainder_of_1_to_5(tables):
    referrals, again = tables
    disclosure, counts, totals = referrals_and_re_referrals(referrals, again)
    hidden = disclosure.hidden()
    shown = shown_counts(disclosure, hidden, counts)
    unknown = set(counts) - shown
    assert not any(is_small(counts[key]) for key in shown)
    remainders = {period: (("referrals", period), ("again", period)) for period in [*range(len(referrals)), "year"]}
    for period, (whole, part) in remainders.items():
        if whole in shown and part in shown:
            assert not is_small(counts[whole] - counts[part]), period
        if is_small(counts[whole] - counts[part]):
            assert not can_be_worked_out({whole: 1, part: -1}, unknown, totals), period
    for key in unknown:
        if is_small(counts[key]):
            assert not can_be_worked_out({key: 1}, unknown, totals), key


MONTHS = [date(2024 + (month > 9), (month + 2) % 12 + 1, 1) for month in range(1, 13)]
"""April 2024 to March 2025."""
CHAIN = ("cla_missing_rate", "return_interview_offered_rate", "return_interview_accepted_rate")


def _value(indicator_id: str, start: date, end: date, numerator: int, denominator: int) -> IndicatorValue:
    return IndicatorValue(indicator_id, start, end, None, numerator, denominator, 100 * numerator / denominator if denominator else None, "percent")


def _computed(indicator_id: str, parts: list[tuple[int, int]]) -> ComputedIndicator:
    months = tuple(_value(indicator_id, start, start + timedelta(days=27), *part) for start, part in zip(MONTHS, parts))
    year = _value(indicator_id, MONTHS[0], date(2025, 3, 31), sum(part[0] for part in parts), sum(part[1] for part in parts))
    return ComputedIndicator(indicator_id, months, (year,), (), (), None, None, (), None, "")


@st.composite
def missing_children(draw):
    """Children in care, those who went missing, those offered a return interview and those who
    accepted, month by month: each count a part of the one before."""
    months = []
    for _ in MONTHS:
        missing = draw(small_heavy)
        offered = draw(st.integers(0, missing))
        months.append((missing + draw(st.integers(0, 60)), missing, offered, draw(st.integers(0, offered))))
    return months


@settings(max_examples=60, deadline=None)
@given(missing_children())
def test_three_indicators_chained_by_their_counts_give_nothing_away_together(months):
    """The children who went missing are the return-interview rate's denominator, and those
    offered one the acceptance rate's: the three tables, their years and their remainders at once."""
    families = ("in care", "missing", "offered", "accepted")
    figures = {
        indicator_id: _computed(indicator_id, [(month[index + 1], month[index]) for month in months])
        for index, indicator_id in enumerate(CHAIN)
    }
    hidden = hidden_cells_of_all(figures, teams=False)
    counts, shown, secrets = {}, set(), []
    periods = [*range(12), "year"]
    for index, family in enumerate(families):
        for period in periods:
            counts[(family, period)] = months[period][index] if period != "year" else sum(month[index] for month in months)
    for index, indicator_id in enumerate(CHAIN):
        for period in periods:
            unit = ("year", 2025) if period == "year" else ("month", MONTHS[period])
            whole, part = (families[index], period), (families[index + 1], period)
            if unit not in hidden[indicator_id]:
                shown |= {whole, part}
                assert not is_small(counts[whole] - counts[part]) and not is_small(counts[part]) and not is_small(counts[whole])
            if is_small(counts[whole] - counts[part]):
                secrets.append({whole: 1, part: -1})
    secrets += [{key: 1} for key, count in counts.items() if is_small(count)]
    totals = [Total((family, "year"), tuple((family, month) for month in range(12))) for family in families]
    unknown = set(counts) - shown
    assert [secret for secret in secrets if can_be_worked_out(secret, unknown, totals)] == []
