"""How long each pack takes to produce for the demo council (issue 10, point 3: under 10 seconds
a pack).

It builds the demo council once (``safeguard demo --no-serve`` into its own store, with the
demo's year of governance records; later runs reuse it, bringing its database up to date),
works its figures out once (as the demo
does, so the first page a leader opens is quick), then produces every pack in every format it
comes in through ``safeguard.packs.issuing.produce``, the function the web page and the command
line both call, ROUNDS times each. It prints the seconds per pack (the best and the median of the
rounds), the processor seconds the same work used (on a shared machine the wall-clock time
includes waiting for a processor; the processor time does not), the size of what was produced,
and whether each is under the target. The target is a number to read, not an assertion: the
benchmark always finishes.

Run: .venv/bin/python bench/pack_bench.py [--rounds 3] [--store bench/out/pack-store] [--population 60000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
DEFAULT_STORE = CHECKOUT / "bench" / "out" / "pack-store"
TARGET_SECONDS = 10.0
BUILT_MARK = "pack-bench-built"


def build_demo(home: Path, population: int) -> None:
    """Run the demo into ``home`` once (it recognises what it already imported, so a rerun is quick
    too, but the mark saves even that)."""
    mark = home / BUILT_MARK
    if mark.is_file() and mark.read_text(encoding="utf-8") == str(population):
        print(f"Reusing the demo council in {home}.")
        return
    print(f"Building the demo council in {home} (minutes, once)...", flush=True)
    started = time.perf_counter()
    environment = {**os.environ, "SAFEGUARD_HOME": str(home)}
    subprocess.run(
        [sys.executable, "-m", "safeguard", "demo", "--no-serve", "--population", str(population)],
        env=environment, check=True, stdout=subprocess.DEVNULL,
    )
    mark.write_text(str(population), encoding="utf-8")
    print(f"Built in {time.perf_counter() - started:.0f} s.")


Timing = tuple[str, str, list[float], list[float], int]
"""A pack, a format, the wall-clock seconds and processor seconds of each round, and the bytes made."""


def measure(rounds: int) -> list[Timing]:
    """Each pack in each of its formats, timed ``rounds`` times."""
    from safeguard.aggregates import published
    from safeguard.packs.issuing import produce
    from safeguard.packs.registry import packs

    started = time.perf_counter()
    published()
    print(f"Figures worked out (or read back) in {time.perf_counter() - started:.1f} s.\n")
    results = []
    for definition in packs().values():
        for output_format in definition.formats:
            times, processor, size = [], [], 0
            for _ in range(rounds):
                began, began_processor = time.perf_counter(), time.process_time()
                issued = produce(definition.name, period=None, output_format=output_format, by_name="pack benchmark")
                times.append(time.perf_counter() - began)
                processor.append(time.process_time() - began_processor)
                size = len(issued.data)
            results.append((definition.name, output_format, times, processor, size))
            print(f"  {definition.name:<28} {output_format:<5} {min(times):6.2f} s", flush=True)
    return results


def report(results: list[Timing]) -> None:
    print(f"\n{'pack':<28} {'format':<6} {'best s':>7} {'median s':>9} {'cpu s':>6} {'size':>12}  under {TARGET_SECONDS:.0f} s?")
    for name, output_format, times, processor, size in results:
        middle = statistics.median(times)
        verdict = "yes" if middle < TARGET_SECONDS else "NO"
        print(f"{name:<28} {output_format:<6} {min(times):7.2f} {middle:9.2f} {statistics.median(processor):6.2f} {size:>12,}  {verdict}")
    slowest = max(statistics.median(times) for _, _, times, _, _ in results)
    print(f"\nSlowest pack: {slowest:.2f} s (median); target {TARGET_SECONDS:.0f} s.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE)
    parser.add_argument("--population", type=int, default=60_000)
    arguments = parser.parse_args()
    home = arguments.store.resolve()
    home.mkdir(parents=True, exist_ok=True)
    build_demo(home, arguments.population)
    os.environ["SAFEGUARD_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.web.settings.base")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    report(measure(arguments.rounds))


if __name__ == "__main__":
    main()
