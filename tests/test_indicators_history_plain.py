"""The history's tables, built the fast way, equal the plain definition worked out in Python.

The history finds each event's latest row by grouping on a number that orders the rows, and
looks up a return's "as at" values only for the periods a return ends at (see
``safeguard.indicators.history``). Here small random councils (a few children, a few returns
that overlap, repeat events within and across returns, correct them, number their rows out of
order or not at all) are merged both ways: by the history, and by the rules written out plainly
below, row by row. The two must hold the same rows.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicator_returns import write_return
from safeguard.council import LocalStandards
from safeguard.indicators.history import AS_AT_GRACE, History, ReturnFolder
from safeguard.indicators.periods import Period, split

FIRST = date(2023, 4, 1)
LAST = date(2024, 9, 30)
DAYS = (LAST - FIRST).days
CHILDREN = ("C1", "C2", "C3", "C10")
TEAMS = ("North", "South", None)
WORKERS = ("Amira Khan", "Unallocated", None)
CIN_COLUMNS = ("child_id", "cin_start_date", "cin_closure_date", "team", "worker", "primary_need")
REFERRAL_COLUMNS = ("child_id", "referral_date", "team", "referral_nfa")


def days(low: int, high: int) -> st.SearchStrategy[date]:
    return st.integers(low, high).map(lambda offset: FIRST + timedelta(days=offset))


@st.composite
def episode(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(days(0, DAYS))
    closed = draw(st.one_of(st.none(), days(0, DAYS).filter(lambda day: day >= start)))
    return {
        "child_id": draw(st.sampled_from(CHILDREN)),
        "cin_start_date": start,
        "cin_closure_date": closed,
        "team": draw(st.sampled_from(TEAMS)),
        "worker": draw(st.sampled_from(WORKERS)),
        "primary_need": draw(st.sampled_from(("N1", "N2"))),
    }


@st.composite
def referral(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "child_id": draw(st.sampled_from(CHILDREN)),
        "referral_date": draw(days(0, DAYS)),
        "team": draw(st.sampled_from(TEAMS)),
        "referral_nfa": draw(st.sampled_from(("true", "false"))),
    }


@st.composite
def one_return(draw: st.DrawFn) -> dict[str, Any]:
    """A return's dates, load time and rows; rows numbered in or out of file order, or not at all."""
    start = draw(days(0, DAYS - 40))
    end = draw(days((start - FIRST).days + 20, DAYS))
    numbering = draw(st.sampled_from(("in order", "shuffled", "none")))
    lists = {"children_in_need": draw(st.lists(episode(), max_size=8)), "referrals": draw(st.lists(referral(), max_size=6))}
    for rows in lists.values():
        places = list(range(2, len(rows) + 2))
        if numbering == "shuffled":
            places = draw(st.permutations(places))
        for row, place in zip(rows, places, strict=True):
            row["source_row"] = None if numbering == "none" else place
    return {"start": start, "end": end, "loaded_hour": draw(st.integers(0, 3)), "lists": lists}


def written(root: Path, drawn: Sequence[dict[str, Any]]) -> list[ReturnFolder]:
    returns = []
    for number, item in enumerate(drawn):
        end = item["end"]
        loaded = datetime(end.year, end.month, end.day, tzinfo=UTC) + timedelta(days=3, hours=item["loaded_hour"])
        returns.append(write_return(root, f"{end:%Y%m%d}-{number:08x}", item["start"], end, item["lists"], loaded_at=loaded))
    return returns


# The plain definitions


def rows_of(returns: Sequence[ReturnFolder], drawn: Sequence[dict[str, Any]], key: str) -> list[tuple[ReturnFolder, int, dict]]:
    """Every row of a list with its return and its place in the file."""
    return [(folder, place, row) for folder, item in zip(returns, drawn, strict=True) for place, row in enumerate(item["lists"][key])]


def preference(entry: tuple[ReturnFolder, int, dict]) -> tuple:
    """Which of an event's rows the history keeps: the latest return (period end, load, id), then
    the greatest source row (a row without one is least), then the last in the file."""
    folder, place, row = entry
    source_row = row.get("source_row")
    return (folder.period_end, folder.loaded_at, folder.snapshot_id, source_row is not None, source_row or 0, place)


def merged(returns: Sequence[ReturnFolder], drawn: Sequence[dict[str, Any]], key: str, natural: tuple[str, ...]) -> dict[tuple, dict]:
    """Each event once: the preferred row's values, with the first start and last end of the returns carrying it."""
    events: dict[tuple, list] = {}
    for entry in rows_of(returns, drawn, key):
        events.setdefault(tuple(entry[2][column] for column in natural), []).append(entry)
    return {
        event: {
            **max(entries, key=preference)[2],
            "known_from": min(folder.period_start for folder, _, _ in entries),
            "known_until": max(folder.period_end for folder, _, _ in entries),
        }
        for event, entries in events.items()
    }


def by_return(returns: Sequence[ReturnFolder], drawn: Sequence[dict[str, Any]]) -> dict[tuple, dict]:
    """Each return's episodes, an episode it repeats kept once (its preferred row)."""
    chosen: dict[tuple, tuple] = {}
    for entry in rows_of(returns, drawn, "children_in_need"):
        event = (entry[0].snapshot_id, entry[2]["child_id"], entry[2]["cin_start_date"])
        if event not in chosen or preference(entry) > preference(chosen[event]):
            chosen[event] = entry
    return {event: entry[2] for event, entry in chosen.items()}


def return_at(period: Period, returns: Sequence[ReturnFolder]) -> ReturnFolder | None:
    """The return covering the period's end that ends soonest after it, within the grace days."""
    candidates = [
        folder for folder in returns if folder.period_start <= period.end <= folder.period_end <= period.end + AS_AT_GRACE
    ]
    if not candidates:
        return None
    soonest = min(folder.period_end for folder in candidates)
    return max((folder for folder in candidates if folder.period_end == soonest), key=lambda folder: (folder.loaded_at, folder.snapshot_id))


def episodes_by_period(
    returns: Sequence[ReturnFolder], drawn: Sequence[dict[str, Any]], periods: Sequence[Period], open_at_end: bool
) -> list[tuple]:
    events = merged(returns, drawn, "children_in_need", ("child_id", "cin_start_date"))
    own = by_return(returns, drawn)
    found = []
    for period in periods:
        at_end = return_at(period, returns)
        for (child, start), row in events.items():
            closed = row["cin_closure_date"]
            if open_at_end:
                last_day = closed - timedelta(days=1) if closed else row["known_until"]
                counted = start <= period.end <= last_day
            else:
                last_day = closed or row["known_until"]
                counted = start <= period.end and period.start <= last_day
            if not counted:
                continue
            said = own.get((at_end.snapshot_id, child, start)) if at_end else None
            values = said if said is not None else row
            found.append(
                (period.start, period.end, child, start, closed, values["team"], values["worker"], values["primary_need"])
            )
    return sorted(found, key=repr)


def table(history: History, sql: str) -> list[tuple]:
    return sorted(history.connection.execute(sql).fetchall(), key=repr)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(one_return(), min_size=1, max_size=4))
def test_the_history_equals_the_plain_definition(drawn: list[dict[str, Any]]) -> None:
    periods = split(FIRST, LAST, "month")
    definitions = [
        f"SELECT {', '.join(CIN_COLUMNS)} FROM children_in_need_open, children_in_need_during",
        "SELECT child_id FROM children_in_need_open_children",
    ]
    with tempfile.TemporaryDirectory() as folder:
        returns = written(Path(folder), drawn)
        with History(sorted(returns)) as history:
            history.load(["children_in_need", "referrals"])
            history.prepare(periods, LocalStandards(), definitions)

            for key, columns, natural in (
                ("children_in_need", CIN_COLUMNS, ("child_id", "cin_start_date")),
                ("referrals", REFERRAL_COLUMNS, ("child_id", "referral_date")),
            ):
                expected = sorted(
                    (tuple(row[column] for column in columns) + (row["known_from"], row["known_until"]) for row in merged(returns, drawn, key, natural).values()),
                    key=repr,
                )
                assert table(history, f"SELECT {', '.join(columns)}, known_from, known_until FROM {key}") == expected, key

            expected_by_return = sorted(
                ((snapshot,) + tuple(row[column] for column in CIN_COLUMNS) for (snapshot, _, _), row in by_return(returns, drawn).items()),
                key=repr,
            )
            assert table(history, f"SELECT snapshot_id, {', '.join(CIN_COLUMNS)} FROM children_in_need_by_return") == expected_by_return

            derived = "period_start, period_end, child_id, cin_start_date, cin_closure_date, team, worker, primary_need"
            assert table(history, f"SELECT {derived} FROM children_in_need_open") == episodes_by_period(returns, drawn, periods, True)
            assert table(history, f"SELECT {derived} FROM children_in_need_during") == episodes_by_period(returns, drawn, periods, False)
            # Each child once at each period's end, however many of their episodes overlap there.
            open_at_end = episodes_by_period(returns, drawn, periods, True)
            children = sorted({(row[0], row[1], row[2]) for row in open_at_end}, key=repr)
            assert table(history, "SELECT period_start, period_end, child_id FROM children_in_need_open_children") == children


def test_the_plain_definition_prefers_the_latest_return_then_the_greatest_source_row() -> None:
    """The reference itself, on one event told three ways: the later return wins, and within it
    the row numbered last, not the row last in the file."""
    early = ReturnFolder(date(2024, 3, 31), datetime(2024, 4, 2, tzinfo=UTC), "a", date(2023, 4, 1), Path("a"))
    late = ReturnFolder(date(2024, 9, 30), datetime(2024, 10, 2, tzinfo=UTC), "b", date(2023, 10, 1), Path("b"))
    row = {"child_id": "C1", "cin_start_date": date(2024, 1, 1), "cin_closure_date": None, "primary_need": "N1", "worker": None}
    drawn = [
        {"lists": {"children_in_need": [{**row, "team": "Early", "source_row": 9}]}},
        {"lists": {"children_in_need": [{**row, "team": "Numbered last", "source_row": 5}, {**row, "team": "Last in file", "source_row": 3}]}},
    ]
    (event,) = merged([early, late], drawn, "children_in_need", ("child_id", "cin_start_date")).values()
    assert (event["team"], event["known_from"], event["known_until"]) == ("Numbered last", date(2023, 4, 1), date(2024, 9, 30))
