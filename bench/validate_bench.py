"""How fast `safeguard validate` checks a big Annex A workbook: prints rows per second.

Writes a workbook whose List 1 has ROWS contacts (default 200,000; the test suite's generator),
then times `validate()` on it, whole and by stage. Run: .venv/bin/python bench/validate_bench.py [ROWS]
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from annex_a_support import write_big_contacts
from safeguard.annex_a.validation import validate


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.xlsx"
        started = time.perf_counter()
        write_big_contacts(path, rows)
        print(f"wrote {rows:,} rows in {time.perf_counter() - started:.1f}s ({path.stat().st_size / 1e6:.1f} MB)")
        stages: list[tuple[str, float]] = []
        started = time.perf_counter()
        result = validate(
            path, progress=lambda step, _: stages.append((step, time.perf_counter())), today=date(2024, 6, 1)
        )
        elapsed = time.perf_counter() - started
    for (step, at), (_, after) in zip(stages, stages[1:]):
        print(f"  {after - at:6.2f}s  {step}")
    print(f"validated {result.row_counts['contacts']:,} rows in {elapsed:.2f}s: {rows / elapsed:,.0f} rows/s")


if __name__ == "__main__":
    main()
