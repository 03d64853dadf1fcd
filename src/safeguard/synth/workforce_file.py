"""The synthetic council's workforce file (the format of ``docs/workforce.md``).

Its workers are the simulation's own, leavers included (every name Annex A's allocated worker
fields can hold, so a case can always be traced to its worker): the names in Annex A's allocated worker fields, with the
days they joined and left. What the simulation does not model is drawn here from the seed, once
per worker so that every file of the same council agrees: hours (most full time), agency or
permanent, and whether a new starter came in newly qualified. Sickness absence and the last
supervision are drawn per file, since they describe the year to that file's day. Each team also
gets a manager and its share of vacant posts (about one post in seven, England's recent rate).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from safeguard.synth.council import Worker, names_for_workers
from safeguard.synth.randomness import Draws, stream
from safeguard.synth.timeline import date_of, day_of

HEADERS = (
    "Worker",
    "Team",
    "Role",
    "FTE",
    "Start date",
    "Leaving date",
    "Employment",
    "Newly qualified",
    "Absence days",
    "Last supervision date",
)
AGENCY_SHARE = 0.15
VACANCY_SHARE = 0.15
NEWLY_QUALIFIED_SHARE = 0.35
LONG_ABSENCE_SHARE = 0.05
OVERDUE_SUPERVISION_SHARE = 0.15
PART_TIME = ((0.8, 0.10), (0.6, 0.06), (0.5, 0.04))
"""Part-time hours and the share of workers on each; everyone else is full time."""
ROLES = {"social worker": "social worker", "personal adviser": "personal adviser"}


@dataclass(frozen=True)
class StandingFacts:
    """What stays true of a worker in every file: hours, contract, and how they came in."""

    fte: float
    agency: bool
    newly_qualified_on_arrival: bool


def standing_facts(workers: list[Worker], seed: int) -> dict[int, StandingFacts]:
    draws = Draws(stream(seed, "workforce file"))
    facts = {}
    for worker in workers:
        fte = 1.0
        roll = draws.uniform()
        for hours, share in PART_TIME:
            if roll < share:
                fte = hours
                break
            roll -= share
        facts[worker.number] = StandingFacts(fte, draws.chance(AGENCY_SHARE), draws.chance(NEWLY_QUALIFIED_SHARE))
    return facts


def write_workforce_file(workers: list[Worker], teams: list[str], seed: int, as_at: date, path: Path, established_from: date) -> int:
    """Write the workforce as it stood on ``as_at``; return the rows written.

    ``established_from`` is the simulation's first day: workers already in post then came in
    long before, so none of them is newly qualified.
    """
    today = day_of(as_at)
    facts = standing_facts(workers, seed)
    draws = Draws(stream(seed, f"workforce file {as_at.isoformat()}"))
    rows: list[list[object]] = []
    in_post_fte: dict[str, float] = {team: 0.0 for team in teams}
    for worker in workers:
        if worker.start > today:
            continue
        fact = facts[worker.number]
        left = worker.end is not None and worker.end <= today
        leaving = date_of(max(worker.end - 1, worker.start)) if worker.end is not None and left else None
        if not left and not fact.agency and worker.role == "social worker":
            in_post_fte[worker.team.name] = in_post_fte.get(worker.team.name, 0.0) + fact.fte
        rows.append(
            [
                worker.name,
                worker.team.name,
                ROLES.get(worker.role, "social worker"),
                fact.fte,
                date_of(worker.start).isoformat(),
                leaving.isoformat() if leaving else "",
                "agency" if fact.agency else "permanent",
                "yes" if _newly_qualified(worker, fact, today, established_from) else "no",
                "" if left else _absence_days(draws, fact.fte),
                "" if left else _last_supervision(draws, worker, today),
            ]
        )
    managers = names_for_workers(stream(seed, "worker names"))[len(workers) : len(workers) + len(teams)]
    for team, manager in zip(teams, managers, strict=True):
        rows.append(
            [
                manager,
                team,
                "team manager",
                1.0,
                date_of(day_of(established_from) - 3 * 365).isoformat(),
                "",
                "permanent",
                "no",
                _absence_days(draws, 1.0),
                _last_supervision(draws, None, today),
            ]
        )
        for _ in range(round(VACANCY_SHARE / (1 - VACANCY_SHARE) * in_post_fte.get(team, 0.0))):
            rows.append(["", team, "social worker", 1.0, "", "", "vacant", "", "", ""])
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as sink:
        writer = csv.writer(sink)
        writer.writerow(HEADERS)
        writer.writerows(rows)
    return len(rows)


def _newly_qualified(worker: Worker, fact: StandingFacts, today: int, established_from: date) -> bool:
    arrived_new = worker.start > day_of(established_from) and fact.newly_qualified_on_arrival
    return arrived_new and worker.role == "social worker" and today - worker.start < 365


def _absence_days(draws: Draws, fte: float) -> float:
    if draws.chance(LONG_ABSENCE_SHARE):
        return float(draws.integer(40, 90))
    return round(draws.exponential(7.0) * fte, 1)


def _last_supervision(draws: Draws, worker: Worker | None, today: int) -> str:
    ago = draws.integer(31, 100) if draws.chance(OVERDUE_SUPERVISION_SHARE) else draws.integer(0, 30)
    if worker is not None and today - ago < worker.start:
        return "" if today - worker.start < 14 else date_of(worker.start + 7).isoformat()
    return date_of(today - ago).isoformat()
