"""Drawing a round of case audits from a snapshot, and showing a drawn child's rows to the people
auditing them.

This is the one module of the governance records that reads child-level data (``.importlinter``
lets it, and no other, reach the snapshot store); everything else in the audits app sees a case
by its reference, team and risks, and never a child's record.

Who can be drawn: children open to children's social care on the snapshot's last day (a child in
need episode, a child protection plan or a period of care, open as the indicators count them) and
children referred in the six months before it. A round drawn **weighted to risk** gives each
child a weight of one plus the weight of each risk the snapshot shows for them, the risks the
CEx must-know's "performance data" asks leaders to look into: plans running long, second and
later plans, cases with no named worker (London procedures §18.4.12-18.4.15) and families
referred again within a year. A round drawn **at random** gives every child the same weight.

Reproducible: the draw depends only on the snapshot, the method, the number of cases and the
seed. It uses weighted sampling without replacement by Efraimidis and Spirakis (each child gets
the key ``u ** (1 / weight)`` for a uniform ``u``; the highest keys are drawn), with the children
taken in order of their ids and ``u`` from Python's ``random.Random(seed)``, whose ``random()``
sequence for a given integer seed Python promises never to change between versions (numpy's
generators make no such promise), so a round can be drawn again years later to check it.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

import duckdb

from safeguard.annex_a.spec import CHILD_PROTECTION_PLANS, CHILDREN_IN_CARE, CHILDREN_IN_NEED, LISTS, REFERRALS, Column
from safeguard.calendar import add_months
from safeguard.errors import SafeguardError
from safeguard.snapshots import LATEST, Store

__all__ = [
    "LATEST", "METHOD_LABELS", "RISKS", "Candidate", "ChildRows", "DrawnRound", "Method", "NoSnapshot", "Risk", "SnapshotChoice",
    "TooFewChildren", "child_rows", "choose", "draw", "eligible_children", "risk_label", "snapshot_choice", "snapshots_to_draw_from",
]


class Method(StrEnum):
    RANDOM = "random"
    RISK_WEIGHTED = "risk_weighted"


METHOD_LABELS = {Method.RANDOM: "At random", Method.RISK_WEIGHTED: "Weighted to risk"}


@dataclass(frozen=True)
class Risk:
    key: str
    label: str
    weight: float
    """Added to a child's weight of one when a round is drawn weighted to risk."""


LONG_PLAN_MONTHS = 18
"""A plan open this long is drawn more often: well before the two years the national indicator
counts (CPPlans2yrs), while there is still time to act on drift."""
RECENT_MONTHS = 6
"""How far back from the snapshot's last day a referral counts as recent."""
RE_REFERRAL_MONTHS = 12
"""A referral within this many months of the same child's previous one is a re-referral (as the
re_referral_rate indicator counts it)."""

LONG_PLAN = Risk("long_plan", f"On a child protection plan for {LONG_PLAN_MONTHS} months or more", 3.0)
REPEAT_PLAN = Risk("repeat_plan", "On a second or later child protection plan", 3.0)
UNALLOCATED = Risk("unallocated", "No named social worker", 4.0)
RE_REFERRED = Risk(
    "re_referred", f"Referred in the last {RECENT_MONTHS} months within {RE_REFERRAL_MONTHS} months of a previous referral", 2.0
)
RISKS: tuple[Risk, ...] = (LONG_PLAN, REPEAT_PLAN, UNALLOCATED, RE_REFERRED)


def risk_label(key: str) -> str:
    for risk in RISKS:
        if risk.key == key:
            return risk.label
    return key


@dataclass(frozen=True)
class Candidate:
    """A child who can be drawn: their id, the team their open case is allocated to, the risks
    the snapshot shows."""

    child_id: str
    team: str
    risks: tuple[str, ...]

    def weight(self, method: Method) -> float:
        if method is Method.RANDOM:
            return 1.0
        return 1.0 + sum(risk.weight for risk in RISKS if risk.key in self.risks)


@dataclass(frozen=True)
class DrawnRound:
    snapshot_id: str
    period_end: date
    method: Method
    seed: int
    eligible: int
    """How many children could have been drawn."""
    chosen: tuple[Candidate, ...]
    """In the order drawn."""


@dataclass(frozen=True)
class SnapshotChoice:
    id: str
    period_end: date

    @property
    def label(self) -> str:
        return f"Data to {self.period_end.strftime('%-d %B %Y')} ({self.id})"


class NoSnapshot(SafeguardError):
    """The round names no snapshot, or one that is not in the store."""


class TooFewChildren(SafeguardError):
    """The round asks for more cases than the snapshot has children to draw."""


def snapshots_to_draw_from() -> list[SnapshotChoice]:
    """The store's snapshots, newest first."""
    with Store() as store:
        return [SnapshotChoice(snapshot.id, snapshot.period_end) for snapshot in reversed(store.list())]


def snapshot_choice(snapshot_id: str) -> SnapshotChoice:
    """The snapshot a round draws from (``"latest"`` for the newest); ``NoSnapshot`` if none."""
    if not snapshot_id:
        raise NoSnapshot("Choose the snapshot the round draws its cases from.")
    with Store() as store:
        try:
            snapshot = store.get(snapshot_id)
        except SafeguardError as error:
            raise NoSnapshot(str(error)) from None
    return SnapshotChoice(snapshot.id, snapshot.period_end)


_UNALLOCATED_WORKER = "(worker IS NULL OR TRIM(worker) = '' OR UPPER(TRIM(worker)) = 'UNALLOCATED')"


def eligible_children(snapshot_id: str) -> list[Candidate]:
    """Every child the snapshot lets a round draw, in order of their ids, with their team and risks."""
    choice = snapshot_choice(snapshot_id)
    end = choice.period_end
    with Store() as store:
        paths = {key: str(store.parquet_path(choice.id, key)) for key in (CHILDREN_IN_NEED.key, CHILD_PROTECTION_PLANS.key, CHILDREN_IN_CARE.key, REFERRALS.key)}
    connection = duckdb.connect()
    try:
        open_cases = _open_cases(connection, paths, end)
        plans = connection.execute(
            """
            SELECT child_id, cpp_start_date, previous_plans,
                   LAG(cpp_start_date) OVER (PARTITION BY child_id ORDER BY cpp_start_date) AS earlier_start,
                   (cpp_end_date IS NULL OR cpp_end_date > $end) AS still_open
            FROM read_parquet($path) WHERE cpp_start_date <= $end
            """,
            {"path": paths[CHILD_PROTECTION_PLANS.key], "end": end},
        ).fetchall()
        referrals = connection.execute(
            """
            SELECT child_id, referral_date, team,
                   LAG(referral_date) OVER (PARTITION BY child_id ORDER BY referral_date) AS previous_date
            FROM read_parquet($path) WHERE referral_date <= $end ORDER BY child_id, referral_date
            """,
            {"path": paths[REFERRALS.key], "end": end},
        ).fetchall()
    finally:
        connection.close()
    return _candidates(open_cases, plans, referrals, end)


EPISODES = (
    (CHILD_PROTECTION_PLANS, "cpp_start_date", "cpp_end_date"),
    (CHILDREN_IN_CARE, "care_start_date", "care_end_date"),
    (CHILDREN_IN_NEED, "cin_start_date", "cin_closure_date"),
)
"""The lists of open cases, in the order their team is preferred for a child open on several."""
REFERRAL_ONLY = len(EPISODES)
"""The team of a child with no open case is their latest recent referral's."""


def _open_cases(connection: duckdb.DuckDBPyConnection, paths: dict[str, str], end: date) -> list[tuple[Any, ...]]:
    """(child, team, unallocated, preference) for every episode open on ``end``, as the
    indicators count it: started on or before the day, not ended by it."""
    selects: list[str] = []
    parameters: dict[str, Any] = {"end": end}
    for preference, (annex_list, start, finish) in enumerate(EPISODES):
        parameters[f"path{preference}"] = paths[annex_list.key]
        selects.append(
            f"SELECT child_id, team, {_UNALLOCATED_WORKER} AS unallocated, {preference} AS preference "
            f"FROM read_parquet($path{preference}) WHERE {start} <= $end AND ({finish} IS NULL OR {finish} > $end)"
        )
    return connection.execute(" UNION ALL ".join(selects), parameters).fetchall()


def _candidates(
    open_cases: Iterable[tuple[Any, ...]], plans: Iterable[tuple[Any, ...]], referrals: Iterable[tuple[Any, ...]], end: date
) -> list[Candidate]:
    long_from = add_months(end, -LONG_PLAN_MONTHS)
    recent_from = add_months(end, -RECENT_MONTHS)
    teams: dict[str, tuple[int, str]] = {}
    risks: dict[str, set[str]] = {}
    for child, team, unallocated, preference in open_cases:
        risks.setdefault(child, set())
        if unallocated:
            risks[child].add(UNALLOCATED.key)
        if child not in teams or preference < teams[child][0]:
            teams[child] = (preference, team or "")
    for child, start, previous_plans, earlier_start, still_open in plans:
        if not still_open or child not in risks:
            continue
        if start <= long_from:
            risks[child].add(LONG_PLAN.key)
        if earlier_start is not None or (previous_plans or 0) > 0:
            risks[child].add(REPEAT_PLAN.key)
    for child, referred, team, previous in referrals:
        if referred <= recent_from:
            continue
        risks.setdefault(child, set())
        if child not in teams or teams[child][0] == REFERRAL_ONLY:
            teams[child] = (REFERRAL_ONLY, team or "")
        if previous is not None and previous >= add_months(referred, -RE_REFERRAL_MONTHS):
            risks[child].add(RE_REFERRED.key)
    return [
        Candidate(child, teams[child][1], tuple(risk.key for risk in RISKS if risk.key in risks[child]))
        for child in sorted(risks)
    ]


def choose(candidates: Sequence[Candidate], *, count: int, method: Method, seed: int) -> list[Candidate]:
    """Draw ``count`` of the candidates without replacement (see the module's docstring)."""
    if count > len(candidates):
        raise TooFewChildren(
            f"The snapshot has {len(candidates)} {'child' if len(candidates) == 1 else 'children'} who can be audited; "
            f"choose {len(candidates)} cases or fewer."
        )
    chooser = random.Random(seed)
    keyed = []
    for candidate in sorted(candidates, key=lambda item: item.child_id):
        uniform = chooser.random()
        keyed.append((uniform ** (1.0 / candidate.weight(method)), candidate.child_id, candidate))
    keyed.sort(key=lambda item: (-item[0], item[1]))
    return [candidate for _, _, candidate in keyed[:count]]


def draw(snapshot_id: str, *, count: int, method: Method, seed: int) -> DrawnRound:
    """A round's children from a snapshot: the same snapshot, method, count and seed always give
    the same children in the same order."""
    choice = snapshot_choice(snapshot_id)
    candidates = eligible_children(choice.id)
    chosen = choose(candidates, count=count, method=method, seed=seed)
    return DrawnRound(choice.id, choice.period_end, method, seed, len(candidates), tuple(chosen))


@dataclass(frozen=True)
class ChildRows:
    """One Annex A list's rows about one child, for their auditors."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _cell_text(column: Column, value: Any) -> str:
    """A cell as the auditor reads it: a coded value in words (a group name, or a value the code
    list does not know, as stored), a date as a date."""
    if value is None:
        return ""
    if column.code_list is not None:
        known = {code.value: code.label for code in column.code_list.codes}
        return known.get(value, str(value))
    if isinstance(value, date):
        return value.strftime("%-d %b %Y")
    return str(value)


def child_rows(snapshot_id: str, child_id: str) -> list[ChildRows]:
    """Every list's rows about one child in the snapshot, lists with no row left out. Only the
    audit's case page calls this, after checking who is asking and writing the access record."""
    found = []
    with Store() as store:
        snapshot = store.get(snapshot_id)
        paths = {annex_list.key: str(store.parquet_path(snapshot.id, annex_list.key)) for annex_list in LISTS}
    connection = duckdb.connect()
    try:
        for annex_list in LISTS:
            if annex_list.entity_id != "child_id":
                continue
            selected = ", ".join(f'"{column.key}"' for column in annex_list.columns)
            rows = connection.execute(
                f"SELECT {selected} FROM read_parquet($path) WHERE child_id = $child ORDER BY source_row",
                {"path": paths[annex_list.key], "child": child_id},
            ).fetchall()
            if rows:
                shown = tuple(tuple(_cell_text(column, value) for column, value in zip(annex_list.columns, row)) for row in rows)
                found.append(ChildRows(annex_list.title, tuple(column.header for column in annex_list.columns), shown))
    finally:
        connection.close()
    return found
