"""How fast the indicator engine works: every indicator, month by month over five years.

Two datasets, each loaded as five annual Annex A returns (April to March), as a council loads them:

* one large council: the synthetic council generator at 300,000 children;
* a national-scale pool: a synthetic council of England's average size (80,000 children)
  copied COUNCILS times (default 150), each copy with its own child-id prefix and its dates
  moved by a few days, pooled into the same five returns: millions of referrals. Copying one
  council is far quicker than generating 150, and the engine's work is the same.

For each it prints the rows read, the seconds per run (merging the returns into one history and
computing all indicators for 60 months), the processor seconds it took (DuckDB's threads
included: on a shared machine a steadier figure than the clock), rows per second and the peak
memory of the run. Every definition runs for every month; the indicators read "as at" a
return's end keep a value only for the months the yearly returns end (March), as they would for
a council loading one return a year.

The returns are written once under bench/out/indicator-returns and reused by later runs with
the same sizes (generating the councils takes minutes).

``--keep-merges`` times the engine keeping its merged returns on disk (``merges_kept_in``): in
a new empty folder for each dataset, so the first run is cold (it merges the returns and writes
the merge) and every later run warm (it reads the merge back and merges nothing). Each run is
labelled. Without it nothing is kept and every run merges.

Run: .venv/bin/python bench/indicator_bench.py [--councils N] [--runs N] [--population N]
     [--only large|national] [--keep-merges]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from indicator_returns import list_table, write_return
from safeguard.annex_a.spec import Kind, list_by_key
from safeguard.council import LocalStandards
from safeguard.indicators.catalogue import INDICATORS
from safeguard.indicators.engine import compute
from safeguard.indicators.history import ReturnFolder
from safeguard.indicators.population import FixedPopulation
from safeguard.synth.config import SynthConfig
from safeguard.synth.history import simulate

CHECKOUT = Path(__file__).resolve().parent.parent
RETURNS = CHECKOUT / "bench" / "out" / "indicator-returns"
END = date(2025, 3, 31)
YEARS = 5
LISTS_READ = sorted({key for item in INDICATORS for key in item.lists})
"""Only the lists the indicators read are written: the others would only take disk space."""


def yearly_tables(population: int, seed: int) -> dict[int, dict[str, pa.Table]]:
    """Five annual returns of one synthetic council, as Arrow tables by list, keyed by year ending."""
    started = time.perf_counter()
    council = simulate(SynthConfig(population=population, years=YEARS, end=END, seed=seed))
    print(f"  generated a council of {population:,} children in {time.perf_counter() - started:.1f}s")
    tables = {}
    for year_ending in range(END.year - YEARS + 1, END.year + 1):
        start, end = date(year_ending - 1, 4, 1), date(year_ending, 3, 31)
        records = council.records(end, start)
        tables[year_ending] = {key: list_table(key, records[key]) for key in LISTS_READ}
    return tables


def copy_of(table: pa.Table, list_key: str, number: int) -> pa.Table:
    """Council ``number``'s copy: its own child ids, every date moved by a few days."""
    shift = (number * 5) % 23
    for column in list_by_key(list_key).columns:
        position = table.column_names.index(column.key)
        values = table.column(position)
        if column.key == "child_id":
            values = pc.binary_join_element_wise(pa.scalar(f"LA{number:03d}-"), values, "")
        elif column.kind is Kind.DATE:
            values = pc.add(values.cast(pa.int32()), pa.scalar(shift, pa.int32())).cast(pa.date32())
        else:
            continue
        table = table.set_column(position, column.key, values)
    return table


def write_returns(root: Path, tables: dict[int, dict[str, pa.Table]]) -> None:
    """The returns as snapshot folders; ``root`` is named only once every one is written."""
    staging = root.with_name(root.name + ".partial")
    for year_ending, by_list in tables.items():
        start, end = date(year_ending - 1, 4, 1), date(year_ending, 3, 31)
        folder = write_return(staging, f"{end:%Y%m%d}-{year_ending:08x}", start, end, {})
        for key, table in by_list.items():
            pq.write_table(table, folder.parquet(key))
    staging.rename(root)


def written_returns(root: Path) -> tuple[list[ReturnFolder], int]:
    """The returns under ``root``, and the number of rows they hold between them."""
    returns = [ReturnFolder.from_folder(folder) for folder in sorted(root.iterdir()) if folder.is_dir()]
    rows = sum(pq.read_metadata(path).num_rows for item in returns for path in item.folder.glob("*.parquet"))
    return returns, rows


class PeakMemory:
    """The most memory the process held while it ran (resident set, sampled every 20 ms): the
    kernel's own peak (``ru_maxrss``) never falls, so it cannot tell one run from the last."""

    def __enter__(self) -> PeakMemory:
        self.peak = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._done.set()
        self._thread.join()

    def _sample(self) -> None:
        pages = Path("/proc/self/statm")
        while True:
            self.peak = max(self.peak, int(pages.read_text().split()[1]) * resource.getpagesize())
            if self._done.wait(0.02):
                return


def time_runs(name: str, returns: list[ReturnFolder], rows: int, population: int, runs: int, keep_merges: bool) -> None:
    start = date(END.year - YEARS, 4, 1)
    timings, processor, peaks = [], [], []
    kept = tempfile.TemporaryDirectory(prefix="indicator-bench-merges-") if keep_merges else None
    for _ in range(runs):
        with PeakMemory() as memory:
            started, used = time.perf_counter(), time.process_time()
            values = compute(
                returns,
                start,
                END,
                by="month",
                population=FixedPopulation(population),
                standards=LocalStandards(),
                merges_kept_in=Path(kept.name) if kept else None,
            )
            timings.append(time.perf_counter() - started)
            processor.append(time.process_time() - used)
        peaks.append(memory.peak)
    if kept:
        kept.cleanup()
    best = min(timings)
    labels = ["cold", *["warm"] * (runs - 1)] if keep_merges else [""] * runs
    print(
        f"{name}: {rows:,} rows in {len(returns)} returns; {len(values):,} values "
        f"({len(INDICATORS)} indicators x {len(values) // len(INDICATORS)} months)"
    )
    print(f"  {best:.2f}s per run (best of {runs}: {_labelled(timings, labels)}), {rows / best:,.0f} rows/s")
    print(f"  processor seconds per run: {_labelled(processor, labels)}; "
          f"peak memory {max(peaks) / 2**30:.2f} GB (the process, returns' tables not held)")


def _labelled(seconds: list[float], labels: list[str]) -> str:
    return ", ".join(f"{label} {figure:.2f}".strip() for figure, label in zip(seconds, labels, strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=150, help="councils in the national pool (default 150)")
    parser.add_argument("--runs", type=int, default=1, help="timed runs of each dataset (default 1)")
    parser.add_argument("--population", type=int, default=300_000, help="children in the large council (default 300,000)")
    parser.add_argument("--only", choices=("large", "national"), help="run one of the two datasets")
    parser.add_argument("--keep-merges", action="store_true", help="keep merged returns on disk: first run cold, later runs warm")
    arguments = parser.parse_args()
    if arguments.only != "national":
        print(f"One large council of {arguments.population:,} children")
        root = RETURNS / f"large-{arguments.population}"
        if not root.is_dir():
            write_returns(root, yearly_tables(arguments.population, seed=1))
        returns, rows = written_returns(root)
        time_runs("large council", returns, rows, arguments.population, arguments.runs, arguments.keep_merges)

    if arguments.only != "large":
        print(f"National pool of {arguments.councils} councils")
        root = RETURNS / f"national-{arguments.councils}"
        if not root.is_dir():
            average = yearly_tables(80_000, seed=2)
            pooled = {
                year: {key: pa.concat_tables([copy_of(table, key, number) for number in range(arguments.councils)]) for key, table in by_list.items()}
                for year, by_list in average.items()
            }
            write_returns(root, pooled)
            del average, pooled
        returns, rows = written_returns(root)
        time_runs("national pool", returns, rows, 80_000 * arguments.councils, arguments.runs, arguments.keep_merges)


if __name__ == "__main__":
    main()
