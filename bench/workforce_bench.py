"""How long the workforce indicators take for a council of 3,000 social workers.

A council that size (larger than any in England: the biggest employ about 1,500) is made in a
temporary store: a workforce file of 3,000 workers in 200 teams, with five years of starters and
leavers (about 4,000 rows in all, vacant posts included), and one Annex A return with about 45,000
open cases allocated to them. The eight workforce indicators are then worked out for the return's
month (council and by team) and month by month over its year, as the dashboard does; the time of
each (the best of ``--repeats`` runs, after one run that loads the modules and the bank
holidays), its processor seconds (DuckDB's threads included: on a shared machine a steadier
figure than the clock) and the rate in worker-months per second are printed. The six staff measures read only the
workforce file; the two caseloads also build Annex A's history of open cases, which is most of the time.

Usage: .venv/bin/python bench/workforce_bench.py [--workers 3000] [--seed 1] [--repeats 3]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa

from safeguard.annex_a.spec import LISTS
from safeguard.annex_a.validation import arrow_schema
from safeguard.council import LocalStandards
from safeguard.indicators.catalogue import WORKFORCE_INDICATORS
from safeguard.indicators.engine import compute
from safeguard.indicators.periods import Granularity
from safeguard.snapshots import Store, WorkforceStore

END = date(2025, 9, 30)
START = date(2024, 10, 1)
TEAM_SIZE = 15
CASES_PER_WORKER = 15


@dataclass(frozen=True)
class Return:
    """A return built here, in the form the store commits (as the warnings' evaluation does)."""

    tables: dict[str, pa.Table]
    period_start: date
    period_end: date
    source_name: str
    sha256: str
    has_errors: bool = False
    queries: tuple = ()


def workforce_file(folder: Path, workers: int, draw: random.Random) -> Path:
    lines = ["Worker,Team,Role,FTE,Start date,Leaving date,Employment,Newly qualified,Absence days,Last supervision date"]
    for number in range(workers):
        team = f"Team {number // TEAM_SIZE + 1}"
        start = END - timedelta(days=draw.randint(30, 3000))
        lines.append(
            f"Worker {number},{team},social worker,{draw.choice([1, 1, 1, 0.8, 0.5])},{start},,"
            f"{'agency' if draw.random() < 0.15 else 'permanent'},{'yes' if draw.random() < 0.1 else 'no'},"
            f"{draw.randint(0, 20)},{END - timedelta(days=draw.randint(0, 60))}"
        )
    for number in range(workers // 3):
        start = END - timedelta(days=draw.randint(800, 3000))
        left = start + timedelta(days=draw.randint(100, 700))
        lines.append(f"Leaver {number},Team {draw.randint(1, workers // TEAM_SIZE)},social worker,1,{start},{left},permanent,no,,")
    for team in range(workers // TEAM_SIZE):
        lines.extend([f",Team {team + 1},social worker,1,,,vacant,,,"] * 2)
    path = folder / f"workforce_{END.isoformat()}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def annex_a_return(workers: int, draw: random.Random) -> Return:
    rows = {"children_in_need": [], "child_protection_plans": []}
    for child in range(workers * CASES_PER_WORKER):
        worker = f"Worker {draw.randrange(workers)}"
        start = END - timedelta(days=draw.randint(1, 700))
        team = f"Team {int(worker.split()[1]) // TEAM_SIZE + 1}"
        rows["children_in_need"].append({"child_id": f"C{child}", "cin_start_date": start, "primary_need": "N1",
                                         "case_status": "child_in_need_plan", "team": team, "worker": worker, "source_row": child + 2})
        if child % 5 == 0:
            rows["child_protection_plans"].append({
                "child_id": f"C{child}", "cpp_start_date": start, "initial_category": "NEG", "latest_category": "NEG",
                "emergency_protection": "false", "previous_plans": 0, "team": team, "worker": worker, "source_row": child + 2,
            })
    tables = {annex_list.key: pa.Table.from_pylist(rows.get(annex_list.key, []), schema=arrow_schema(annex_list)) for annex_list in LISTS}
    return Return(tables, START, END, "bench_return.xlsx", hashlib.sha256(f"bench {workers}".encode()).hexdigest())


def timed(label: str, work, repeats: int) -> float:
    """The best wall time of ``repeats`` runs; each run's processor seconds are printed too."""
    clock, processor = [], []
    for _ in range(repeats):
        began, used = time.perf_counter(), time.process_time()
        values = work()
        clock.append(time.perf_counter() - began)
        processor.append(time.process_time() - used)
    print(f"  {label:52} {min(clock):7.3f} s  processor {', '.join(f'{seconds:.3f}' for seconds in processor)} s  ({len(values):,} values)")
    return min(clock)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=3_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of each (default 3)")
    options = parser.parse_args()
    draw = random.Random(options.seed)
    ids = [item.id for item in WORKFORCE_INDICATORS]
    staff = [item.id for item in WORKFORCE_INDICATORS if not item.lists]
    caseloads = [item.id for item in WORKFORCE_INDICATORS if item.lists]
    with tempfile.TemporaryDirectory() as work:
        home = Path(work) / "store"
        with Store(home) as store:
            store.commit(annex_a_return(options.workers, draw), loaded_by="bench")
        rows = WorkforceStore(home).import_file(workforce_file(Path(work), options.workers, draw)).snapshot.rows
        print(f"A council of {options.workers:,} social workers: {rows:,} workforce rows, "
              f"{options.workers * CASES_PER_WORKER:,} open cases, the month to {END:%d %B %Y}.")
        standards = LocalStandards()
        with Store(home) as store:
            month_of = (END.replace(day=1), END)
            compute(store, *month_of, None, False, None, ids, standards)  # loads the modules and the bank holidays once
            repeats = options.repeats
            timed("the month: the six staff measures only", lambda: compute(store, *month_of, None, False, None, staff, standards), repeats)
            timed(
                "the month: the two caseloads only (reads Annex A)",
                lambda: compute(store, *month_of, None, False, None, caseloads, standards),
                repeats,
            )
            month = timed("the month, all eight, whole council", lambda: compute(store, *month_of, None, False, None, ids, standards), repeats)
            teams = timed("the month, by team", lambda: compute(store, *month_of, None, True, None, ids, standards), repeats)
            year = timed(
                "twelve months, month by month", lambda: compute(store, START, END, Granularity.MONTH, False, None, ids, standards), repeats
            )
    print(f"Rate: {options.workers / month:,.0f} workers a second for the month; "
          f"{options.workers * 12 / year:,.0f} worker-months a second over the year; by team {teams / month:.1f} times the council's time.")


if __name__ == "__main__":
    main()
