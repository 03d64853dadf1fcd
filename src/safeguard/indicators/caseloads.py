"""Caseloads worker by worker and team by team, the children with no worker, and who has room
for a new case: the picture behind the caseload indicators, at the latest return's end.

Each worker's cases and weighted cases come from the caseload indicators' own definitions
(``caseload_mean.sql``, ``caseload_weighted_mean.sql``, one row per case holder), so the
picture and the indicators cannot disagree. A worker's capacity is the council's threshold
(settings: ``standards.caseload.threshold``) times their full-time equivalent, and less for a
newly qualified worker in their protected year (``newly_qualified_share``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import quantiles

from safeguard.council import CaseloadModel, LocalStandards, load_council
from safeguard.indicators.catalogue import indicator
from safeguard.indicators.history import History, ReturnFolder, returns_in_store
from safeguard.indicators.periods import Period
from safeguard.indicators.workforce import prepare_workforce, workforce_store_beside

CASE_LISTS = ("children_in_need", "child_protection_plans", "children_in_care")
CASE_START = {"children_in_need": "cin_start_date", "child_protection_plans": "cpp_start_date", "children_in_care": "care_start_date"}
LAST_VISIT = {"children_in_need": "last_seen_date", "child_protection_plans": "last_visit_date", "children_in_care": "last_visit_date"}
UNALLOCATED_WORDS = ("", "UNALLOCATED")
CASE_TYPES = {
    "children_in_need": "child in need",
    "child_protection_plans": "child protection",
    "children_in_care": "child in care",
}


@dataclass(frozen=True)
class WorkerCaseload:
    worker: str
    team: str
    role: str
    fte: float
    newly_qualified: bool
    agency: bool
    started: date | None
    cases: int
    weighted: float
    capacity: float
    """The weighted cases this worker can hold: the threshold times their FTE (less when newly qualified)."""

    @property
    def headroom(self) -> float:
        return round(self.capacity - self.weighted, 2)

    @property
    def over(self) -> bool:
        return self.weighted > self.capacity


@dataclass(frozen=True)
class TeamCaseloads:
    """A team's weighted caseloads as a spread, not only an average."""

    team: str
    workers: int
    lowest: float
    lower_quartile: float
    median: float
    upper_quartile: float
    highest: float
    over_capacity: int


@dataclass(frozen=True)
class UnallocatedCase:
    child_id: str
    case_types: tuple[str, ...]
    team: str
    case_start: date | None
    unallocated_since: date | None
    """The day after the last return that named a worker; the case's start if none ever did."""
    days_unallocated: int | None
    accountable: str
    """Who answers for the child until a worker is named: the team's manager on the workforce file."""
    last_visit: date | None


@dataclass(frozen=True)
class CaseloadPicture:
    as_at: date
    workforce_as_at: date | None
    workers: tuple[WorkerCaseload, ...]
    teams: tuple[TeamCaseloads, ...]
    unallocated: tuple[UnallocatedCase, ...]
    model: CaseloadModel
    note: str | None = None


def capacity_of(fte: float, newly_qualified: bool, model: CaseloadModel) -> float:
    return round(model.threshold * fte * (model.newly_qualified_share if newly_qualified else 1.0), 2)


def caseload_picture(
    store, standards: LocalStandards | None = None, workforce=None, returns: Sequence[ReturnFolder] | None = None
) -> CaseloadPicture:
    """Everyone's caseload and every unallocated child at the end of the latest return in ``store``
    (or of ``returns``, the store's returns up to an earlier one)."""
    standards = standards or load_council(store.home).standards
    returns = returns if returns is not None else returns_in_store(store)
    with History(returns) as history:
        return caseloads_in(history, standards, workforce)


def caseloads_in(history: History, standards: LocalStandards, workforce=None) -> CaseloadPicture:
    """The picture at the end of the history's latest return, from a history the caller keeps
    open: the workforce picture asks it other questions too, and reading the returns once for
    all of them costs a fraction of reading them for each."""
    day = history.latest.period_end
    period = Period(day, day)
    history.load(CASE_LISTS, CASELOAD_DEFINITIONS)
    history.prepare([period], standards, CASELOAD_DEFINITIONS)
    store_of_workforce = workforce if workforce is not None else workforce_store_beside(history.latest.folder)
    described = prepare_workforce(history.connection, [period], standards, store_of_workforce)
    workers = _workers(history, standards.caseload) if described else ()
    managers = _managers(history) if described else {}
    unallocated = _unallocated(history, day, managers)
    file_day = history.connection.execute("SELECT MIN(as_at) FROM workforce_at_end").fetchall()[0][0]
    note = None if described else f"No workforce file describes {day:%-d %B %Y}, the end of the return these caseloads come from, so caseloads per worker cannot be shown."
    return CaseloadPicture(day, file_day if described else None, workers, _teams(workers), unallocated, standards.caseload, note)


def _unallocated_sql() -> str:
    """Names the as-at columns the unallocated list reads, so the history builds them."""
    return " ".join(f"SELECT child_id, team, worker, {LAST_VISIT[key]}, {CASE_START[key]} FROM {key}_open" for key in CASE_LISTS)


CASELOAD_DEFINITIONS = (indicator("caseload_mean").sql, indicator("caseload_weighted_mean").sql, _unallocated_sql())
"""What the picture reads: the two caseload indicators' definitions and the unallocated list."""


def _workers(history: History, model: CaseloadModel) -> tuple[WorkerCaseload, ...]:
    connection = history.connection
    cases = dict(connection.execute(f"SELECT worker_key, numerator_amount FROM ({indicator('caseload_mean').sql})").fetchall())
    weighted = dict(connection.execute(f"SELECT worker_key, numerator_amount FROM ({indicator('caseload_weighted_mean').sql})").fetchall())
    rows = connection.execute(
        """
        SELECT worker_id, worker_key, team, role, fte, newly_qualified, employment, start_date
        FROM workforce_at_end
        WHERE describes_end AND case_holding_role AND employment IN ('agency', 'permanent') AND in_post
        ORDER BY team, worker_id
        """
    ).fetchall()
    return tuple(
        WorkerCaseload(
            worker=worker,
            team=team or "",
            role=role,
            fte=fte,
            newly_qualified=bool(newly_qualified),
            agency=employment == "agency",
            started=started,
            cases=int(cases.get(key, 0)),
            weighted=round(float(weighted.get(key, 0.0)), 2),
            capacity=capacity_of(fte, bool(newly_qualified), model),
        )
        for worker, key, team, role, fte, newly_qualified, employment, started in rows
    )


def _teams(workers: Sequence[WorkerCaseload]) -> tuple[TeamCaseloads, ...]:
    teams = []
    for team in sorted({worker.team for worker in workers}):
        loads = sorted(worker.weighted for worker in workers if worker.team == team)
        cuts = quantiles(loads, n=4, method="inclusive") if len(loads) > 1 else [loads[0]] * 3
        teams.append(
            TeamCaseloads(
                team,
                len(loads),
                loads[0],
                round(cuts[0], 2),
                round(cuts[1], 2),
                round(cuts[2], 2),
                loads[-1],
                sum(1 for worker in workers if worker.team == team and worker.over),
            )
        )
    return tuple(teams)


def _managers(history: History) -> dict[str, str]:
    rows = history.connection.execute(
        "SELECT team, MIN(worker_id) FROM workforce_at_end WHERE describes_end AND role = 'team manager' AND in_post GROUP BY team"
    ).fetchall()
    return {team: manager for team, manager in rows}


def _unallocated(history: History, day: date, managers: dict[str, str]) -> tuple[UnallocatedCase, ...]:
    """Every child open at the return's end with no named worker on any list they are open on.

    A child's earliest open case on a list gives their team and start (the rows are read in that
    order, whatever order the database keeps them in)."""
    found: dict[str, dict] = {}
    for key in CASE_LISTS:
        rows = history.connection.execute(
            f"""
            SELECT child_id, team, worker, {CASE_START[key]}, {LAST_VISIT[key]} FROM {key}_open
            WHERE worker IS NULL OR UPPER(TRIM(worker)) IN ('', 'UNALLOCATED')
            ORDER BY child_id, {CASE_START[key]}
            """
        ).fetchall()
        for child, team, _, start, visit in rows:
            since = _unallocated_since(history, key, child, start)
            entry = found.setdefault(child, {"types": [], "team": team or "", "start": start, "since": since, "visit": visit})
            entry["types"].append(CASE_TYPES[key])
            entry["since"] = min(filter(None, (entry["since"], since)), default=None)
            entry["visit"] = max(filter(None, (entry["visit"], visit)), default=None)
    allocated = _children_with_a_worker(history)
    cases = []
    for child, entry in sorted(found.items()):
        if child in allocated:
            continue
        manager = managers.get(entry["team"])
        accountable = (
            f"{manager}, manager of {entry['team']}"
            if manager
            else f"the head of service ({entry['team'] or 'no team'} has no manager on the workforce file)"
        )
        since = entry["since"]
        cases.append(
            UnallocatedCase(
                child,
                tuple(entry["types"]),
                entry["team"],
                entry["start"],
                since,
                (day - since).days + 1 if since else None,
                accountable,
                entry["visit"],
            )
        )
    return tuple(sorted(cases, key=lambda case: (-(case.days_unallocated or 0), case.child_id)))


def _children_with_a_worker(history: History) -> set[str]:
    """Children named to a worker on another list they are open on: they have a social worker."""
    named = set()
    for key in CASE_LISTS:
        named |= {
            row[0]
            for row in history.connection.execute(
                f"SELECT child_id FROM {key}_open WHERE worker IS NOT NULL AND UPPER(TRIM(worker)) NOT IN ('', 'UNALLOCATED')"
            ).fetchall()
        }
    return named


def _unallocated_since(history: History, key: str, child: str, start: date | None) -> date | None:
    """Walk back through the returns: the day after the last one that named a worker for this case."""
    if start is None:
        return None
    rows = history.connection.execute(
        f"""
        SELECT return_period_end, worker FROM {key}_by_return
        WHERE child_id = ? AND {CASE_START[key]} = ? ORDER BY return_period_end DESC
        """,
        (child, start),
    ).fetchall()
    for return_end, worker in rows:
        if worker is not None and worker.strip().upper() not in UNALLOCATED_WORDS:
            return return_end + timedelta(days=1)
    return start


@dataclass(frozen=True)
class NewCase:
    """A case waiting for a worker, as the manager describes it."""

    case_type: str
    """A key of ``CASE_TYPES``: children_in_need, child_protection_plans or children_in_care."""
    team: str | None = None
    court: bool = False
    children: int = 1
    """Siblings allocated together: each after the first counts ``sibling_share`` of the weight."""

    def weight(self, model: CaseloadModel) -> float:
        base = {
            "children_in_need": model.children_in_need,
            "child_protection_plans": model.child_protection,
            "children_in_care": model.children_in_care,
        }[self.case_type]
        one = base + (model.court if self.court else 0.0)
        return round(one * (1 + model.sibling_share * (self.children - 1)), 2)


@dataclass(frozen=True)
class Suggestion:
    worker: WorkerCaseload
    weighted_after: float
    reasons: tuple[str, ...]


def suggest_workers(
    workers: Sequence[WorkerCaseload], case: NewCase, model: CaseloadModel, today: date, limit: int = 5
) -> list[Suggestion]:
    """Workers with room for the case, best first, each with the reasons; never one it would put over capacity.

    Best means: in the case's team first, then the most room left after taking it, then the
    longest in post. Newly qualified workers are not offered court work (their protected year).
    """
    weight = case.weight(model)
    eligible = [worker for worker in workers if worker.weighted + weight <= worker.capacity and not (worker.newly_qualified and case.court)]
    ordered = sorted(
        eligible,
        key=lambda worker: (
            worker.team != case.team if case.team else False,
            -(worker.capacity - worker.weighted - weight),
            worker.started or today,
            worker.worker,
        ),
    )
    return [Suggestion(worker, round(worker.weighted + weight, 2), _reasons(worker, case, weight, today)) for worker in ordered[:limit]]


def _reasons(worker: WorkerCaseload, case: NewCase, weight: float, today: date) -> tuple[str, ...]:
    after = round(worker.weighted + weight, 2)
    reasons = [
        f"{after:g} of {worker.capacity:g} weighted cases after this one ({round(worker.capacity - after, 2):g} to spare); holds {worker.cases} now",
        f"in {worker.team}" + (" (the case's team)" if case.team and worker.team == case.team else " (another team)" if case.team else ""),
    ]
    if worker.started is not None:
        years = (today - worker.started).days / 365.25
        reasons.append(f"{years:.1f} years in post" if years >= 1 else "less than a year in post")
    if worker.newly_qualified:
        reasons.append("newly qualified: a protected caseload")
    if worker.agency:
        reasons.append("agency worker")
    return tuple(reasons)
