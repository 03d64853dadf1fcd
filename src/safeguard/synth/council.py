"""The fictional council's people and size: its child population by mid-year, its teams, and the
social workers who hold its cases.

Teams are sized by the work that reaches them. A case goes to the team's least-loaded worker;
when everyone already holds `CASELOAD_CAP` cases the team recruits, and workers leave at the
council's turnover rate (their cases pass to colleagues). So caseloads stay in the range DfE's
workforce statistics describe, and they rise and fall with demand as real ones do.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

import numpy as np

from safeguard.synth.randomness import Draws
from safeguard.synth.timeline import date_of

COUNCIL_NAME = "Northbrook"
"""The fictional council's name, used where a return names the council itself."""

CASELOAD_CAP = 22
"""A team recruits when every worker in it already holds this many open cases."""
UNALLOCATED = "Unallocated"
"""What the allocated-worker column says while a case waits for a worker."""

FIRST_NAMES = (
    "Aisha", "Amara", "Ben", "Callum", "Chloe", "Daniel", "Deborah", "Ebony", "Farah", "Femi",
    "Grace", "Hannah", "Hamza", "Imran", "Isla", "Jade", "Jamal", "Joanne", "Kemi", "Kieran",
    "Laura", "Leon", "Maya", "Marcus", "Niamh", "Nadia", "Olu", "Owen", "Priya", "Patrick",
    "Rachel", "Rohan", "Sade", "Simon", "Tanya", "Tariq", "Una", "Victor", "Wendy", "Yusuf",
    "Zara", "Adele", "Bilal", "Carmen", "Dominic", "Esther", "Gareth", "Helen", "Ikram", "Joel",
)
LAST_NAMES = (
    "Adeyemi", "Ahmed", "Allen", "Bailey", "Bennett", "Brown", "Campbell", "Chowdhury", "Clarke",
    "Davies", "Edwards", "Evans", "Fisher", "Green", "Griffiths", "Hall", "Harris", "Hughes",
    "Hussain", "Jackson", "James", "Johnson", "Kaur", "Khan", "King", "Lewis", "Martin", "Mensah",
    "Morgan", "Murphy", "Nowak", "Okafor", "Owusu", "Patel", "Phillips", "Price", "Rahman",
    "Roberts", "Robinson", "Scott", "Shah", "Singh", "Taylor", "Thomas", "Turner", "Walker",
    "Ward", "Williams", "Wilson", "Wright",
)


def population_by_mid_year(children: int, end: date, first_year: int, generator: np.random.Generator) -> dict[int, int]:
    """Children aged 0-17 at each mid-year (30 June) from ``first_year`` to two years after ``end``.

    ``children`` is the population at the latest mid-year; earlier years follow a gentle trend
    drawn from the seed (between -0.4% and +0.8% a year), as a real borough's estimates move.
    """
    latest = end.year if (end.month, end.day) >= (6, 30) else end.year - 1
    growth = float(generator.uniform(-0.004, 0.008))
    return {year: round(children * (1.0 + growth) ** (year - latest)) for year in range(first_year, end.year + 3)}


class TeamKind(str, Enum):
    FRONT_DOOR = "front door"
    ASSESSMENT = "assessment"
    CHILD_IN_NEED = "children in need"
    CHILD_PROTECTION = "child protection"
    CHILDREN_IN_CARE = "children in care"
    DISABILITIES = "children with disabilities"
    CARE_LEAVERS = "care leavers"


TEAM_NAMES = {
    TeamKind.FRONT_DOOR: "Multi Agency Safeguarding Hub",
    TeamKind.ASSESSMENT: "Assessment Team",
    TeamKind.CHILD_IN_NEED: "Child in Need Team",
    TeamKind.CHILD_PROTECTION: "Child Protection Team",
    TeamKind.CHILDREN_IN_CARE: "Children in Care Team",
    TeamKind.DISABILITIES: "Children with Disabilities Team",
    TeamKind.CARE_LEAVERS: "Care Leavers Team",
}
ALLOCATION_TEAMS = frozenset(
    {TeamKind.CHILD_IN_NEED, TeamKind.CHILD_PROTECTION, TeamKind.CHILDREN_IN_CARE, TeamKind.DISABILITIES}
)
"""Teams whose cases appear on lists 6, 7 and 8, where a case may wait for a worker."""


@dataclass(eq=False)
class Worker:
    number: int
    name: str
    team: Team
    role: str
    start: int
    end: int | None = None
    cases: dict[int, CaseFile] = field(default_factory=dict)
    """Open cases by case number (a dict, so iteration order is fixed)."""

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "team": self.team.name,
            "role": self.role,
            "started": date_of(self.start).isoformat(),
            "left": date_of(self.end).isoformat() if self.end is not None else None,
        }


@dataclass(eq=False)
class Team:
    name: str
    kind: TeamKind
    active: list[Worker] = field(default_factory=list)
    members: list[Worker] = field(default_factory=list)

    def least_loaded(self) -> Worker | None:
        """The active worker with fewest open cases (the longest-serving first on a tie)."""
        best = None
        for worker in self.active:
            if best is None or len(worker.cases) < len(best.cases):
                best = worker
        return best


class CaseFile:
    """Who held one case and when: the team and worker from each day a change was made."""

    __slots__ = ("number", "starts", "teams", "workers", "worker", "team")

    def __init__(self, number: int) -> None:
        self.number = number
        self.starts: list[int] = []
        self.teams: list[Team] = []
        self.workers: list[Worker | None] = []
        self.worker: Worker | None = None
        self.team: Team | None = None

    def record(self, day: int, team: Team, worker: Worker | None) -> None:
        self.starts.append(day)
        self.teams.append(team)
        self.workers.append(worker)
        self.team = team
        self.worker = worker

    def at(self, day: int) -> tuple[str, str]:
        """The team and worker names in force on ``day`` (the first allocation if ``day`` is earlier)."""
        index = max(bisect_right(self.starts, day) - 1, 0)
        worker = self.workers[index]
        return self.teams[index].name, worker.name if worker is not None else UNALLOCATED


class Workforce:
    """The council's teams and workers, and the rules that allocate cases to them."""

    def __init__(
        self,
        team_counts: dict[TeamKind, int],
        draws: Draws,
        names: list[str],
        turnover_rate: float,
        schedule: Callable[[int, Callable[[Worker], None], Worker], None],
        clock: Callable[[], int],
    ) -> None:
        self.teams: dict[TeamKind, list[Team]] = {}
        for kind in TeamKind:
            count = team_counts.get(kind, 1)
            base = TEAM_NAMES[kind]
            self.teams[kind] = [Team(f"{base} {i + 1}" if count > 1 else base, kind) for i in range(count)]
        self._draws = draws
        self._names = names
        self._turnover_rate = turnover_rate
        self._schedule = schedule
        self._clock = clock
        self.workers: list[Worker] = []
        self.on_departure: Callable[[Worker, int], None] | None = None
        """Called when a worker leaves, to re-home their cases."""

    def team(self, kind: TeamKind, locality: int) -> Team:
        """The team of this kind serving the child's locality."""
        teams = self.teams[kind]
        return teams[locality % len(teams)]

    def all_teams(self) -> list[Team]:
        return [team for kind in TeamKind for team in self.teams[kind]]

    def hire(self, team: Team, day: int, role: str = "social worker", established: bool = False) -> Worker:
        """A new worker joins ``team`` on ``day`` (or, if ``established``, joined years before)."""
        name = self._names[len(self.workers)]
        start = day - int(self._draws.uniform() * 6 * 365) if established else day
        worker = Worker(len(self.workers) + 1, name, team, role, start)
        self.workers.append(worker)
        team.active.append(worker)
        team.members.append(worker)
        tenure_days = self._draws.exponential(365.0 / self._turnover_rate)
        self._schedule(day + 1 + int(tenure_days), self.leave, worker)
        return worker

    def allocate(self, case: CaseFile, team: Team, day: int, role: str = "social worker") -> Worker:
        """Give the case to the team's least-loaded worker, recruiting if everyone is full."""
        self.release(case)
        worker = team.least_loaded()
        if worker is None or len(worker.cases) >= CASELOAD_CAP:
            worker = self.hire(team, day, role)
        worker.cases[case.number] = case
        case.record(day, team, worker)
        return worker

    def leave_waiting(self, case: CaseFile, team: Team, day: int) -> None:
        """Put the case in ``team`` with no worker yet."""
        self.release(case)
        case.record(day, team, None)

    def release(self, case: CaseFile) -> None:
        """The case's worker stops holding it (it closed, or moved on)."""
        if case.worker is not None:
            case.worker.cases.pop(case.number, None)

    def leave(self, worker: Worker) -> None:
        """The worker leaves today (a scheduled departure, or staff lost in a scenario)."""
        if worker.end is not None:
            return
        day = self._clock()
        worker.end = day
        worker.team.active.remove(worker)
        if self.on_departure is not None:
            self.on_departure(worker, day)


def names_for_workers(generator: np.random.Generator) -> list[str]:
    """Distinct "First Last" names in an order drawn from the seed; once the pairs run out, the
    same pairs with a middle initial, so even the largest council never repeats a name."""
    pairs = [(first, last) for first in FIRST_NAMES for last in LAST_NAMES]
    order = [pairs[index] for index in generator.permutation(len(pairs))]
    names = [f"{first} {last}" for first, last in order]
    for initial in "ABCDEFGHJKLMNPRSTW":
        names.extend(f"{first} {initial}. {last}" for first, last in order)
    return names
