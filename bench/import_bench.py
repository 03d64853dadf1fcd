"""How fast a large council's Annex A return is checked and imported.

Generates (once; cached in bench/out/, which git ignores) the return of a large synthetic council,
300,000 children over five years, then times:

1. Safeguard: checking every cell (``validate``) and committing the snapshot (Parquet, fsync,
   rename) into a fresh temporary store;
2. for comparison, the same workbook read cell by cell with openpyxl in its fastest mode
   (``read_only=True``, ``values_only=True``), doing nothing with the values.

It prints rows per second and the ratio of the two times. It asserts nothing about speed: the
machine it runs on decides the figures.

    .venv/bin/python bench/import_bench.py [--population N] [--years N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

import openpyxl

from safeguard.annex_a.validation import validate
from safeguard.cli.demo import generated_before
from safeguard.snapshots import ImportStatus, Store
from safeguard.synth import SynthConfig, generate

OUT = Path(__file__).resolve().parent / "out"
END = date(2025, 3, 31)
"""Fixed, so the cached council is reused from one run to the next."""


def council_workbook(population: int, years: int) -> Path:
    """The whole-history workbook of the benchmark council, generated only if not cached."""
    config = SynthConfig(population=population, years=years, end=END, seed=1)
    folder = OUT / f"council-{population}-{years}y"
    cached = generated_before(config, folder)
    if cached is not None:
        print(f"Reusing {cached.whole_history}")
        return cached.whole_history
    print(f"Generating a council of {population:,} children over {years} years into {folder} ...", flush=True)
    started = time.perf_counter()
    manifest = generate(config, folder)
    print(f"  generated in {time.perf_counter() - started:.1f} s")
    return manifest.whole_history_path


def time_safeguard(workbook: Path) -> tuple[int, float, float]:
    """Rows imported, seconds checking, seconds storing."""
    with tempfile.TemporaryDirectory(prefix="safeguard-bench-") as home, Store(Path(home)) as store:
        started = time.perf_counter()
        result = validate(workbook)
        checked = time.perf_counter()
        outcome = store.commit(result)
        stored = time.perf_counter()
    if outcome.status is not ImportStatus.CREATED:
        raise SystemExit(
            f"The benchmark return was not imported ({outcome.status.value}): {len(result.errors)} errors."
        )
    return outcome.snapshot.total_rows, checked - started, stored - checked


def time_openpyxl(workbook: Path) -> tuple[int, float]:
    """Data rows read (header rows left out) and seconds, reading every cell and nothing else."""
    started = time.perf_counter()
    book = openpyxl.load_workbook(workbook, read_only=True, data_only=True)
    rows = 0
    for sheet in book.worksheets:
        for _ in sheet.iter_rows(min_row=2, values_only=True):
            rows += 1
    book.close()
    return rows, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--population", type=int, default=300_000)
    parser.add_argument("--years", type=int, default=5)
    options = parser.parse_args()

    workbook = council_workbook(options.population, options.years)
    size = workbook.stat().st_size / 1e6
    print(f"Workbook: {workbook.name}, {size:.1f} MB")

    rows, checking, storing = time_safeguard(workbook)
    total = checking + storing
    print(f"Safeguard: {rows:,} rows checked and imported in {total:.2f} s ({rows / total:,.0f} rows/s)")
    print(f"  checking {checking:.2f} s ({rows / checking:,.0f} rows/s), storing {storing:.2f} s")

    plain_rows, plain = time_openpyxl(workbook)
    print(f"openpyxl read-only pass: {plain_rows:,} rows read in {plain:.2f} s ({plain_rows / plain:,.0f} rows/s)")
    print(
        f"Ratio: Safeguard checks and imports {(rows / total) / (plain_rows / plain):.1f}x as many rows per second "
        f"as openpyxl merely reads (time ratio Safeguard/openpyxl {total / plain:.2f})"
    )


if __name__ == "__main__":
    main()
