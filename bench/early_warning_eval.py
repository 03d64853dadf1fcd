"""How well the early warning finds the changes planted in synthetic councils.

For each seed, two councils are generated: one with every scenario of ``safeguard.synth``
planted from the same month (a few months after the default baseline), and one without any,
both at England's latest rates held level so that nothing but the planted changes moves.
Seeds take their size in turn from ``--sizes``. By default those are the sizes of England's
councils (``ENGLAND_SIZES``: children aged 0-17 at about the 16th, 47th and 77th percentiles of
England's 153 councils in ONS's mid-2024 estimates), so the figures are those a typical council
would see; ``--sizes 6000 12000 24000`` judges the smallest councils, where slow changes take
longer to show (``docs/early-warning.md``). Each council is loaded as monthly Annex A returns (two
years of them before the window, so histories such as reviews on time have settled, then a year
of look-back and the charted months) and its indicators charted; then every way of judging the
charts (``safeguard.warnings.evaluation.DETECTORS``: before and now) is compared with the truth
the generator planted, on the same series:

* recall: planted changes whose indicator raised a concern, the planted way, from the start;
* delay: months from the planted start to the month the concern could first be seen;
* false alarms: concerns raised on the clean councils after the baseline, per council-year.

Each figure comes with a 95% interval from resampling the seeds (bootstrap over councils), and
is broken down by scenario, by council size, and (false alarms) by indicator. Last, how much
evidence each planted change's first four months hold (``evaluation.evidence``), against what any
monitor at 0.2 false alarms a council-year needs: which changes could be found within three
months at all (within three months "except by luck": the figures are expected evidence). Judge
the settings on one set of seeds and check them on another (``--seed-list 17 18 ...``): the
figures on seeds used to choose them flatter.

Usage: .venv/bin/python bench/early_warning_eval.py [--seeds N | --seed-list 1 2 3]
       [--sizes 36000 62000 96000] [--years 5] [--cache DIR]
The default, 16 seeds (32 councils), takes about 18 minutes on a free core (30 to 40 on a busy
shared machine; the smallest councils take about 6); with --cache the series are kept, and a
second run judges them again in a minute.
"""

from __future__ import annotations

import argparse
import math
import tempfile
import time
from collections import Counter
from pathlib import Path

from safeguard.synth.calibration import load_calibration
from safeguard.warnings.evaluation import DETECTORS, EARLY_MONTHS, EvaluationPlan, evidence, false_alarms, measure, series_of_councils

ENGLAND_SIZES = [36_000, 62_000, 96_000]
"""Children aged 0-17 in councils at about the 16th, 47th and 77th percentiles of England's 153
(ONS mid-2024; quartiles 44,400, 62,500 and 91,700): each size stands for about a third of them."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=16, help="how many seeds (two councils each); default 16")
    parser.add_argument("--seed-list", type=int, nargs="+", help="exactly these seeds instead")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=ENGLAND_SIZES, help="children aged 0-17, taken in turn; default: England's usual sizes"
    )
    parser.add_argument("--years", type=int, default=5, help="years of monthly returns (the first is look-back)")
    parser.add_argument("--months-after-baseline", type=int, default=3)
    parser.add_argument("--cache", type=Path, help="keep each council's monthly series here and reuse them")
    options = parser.parse_args()
    seeds = tuple(options.seed_list or range(1, options.seeds + 1))
    plan = EvaluationPlan(seeds=seeds, sizes=tuple(options.sizes), years=options.years, months_after_baseline=options.months_after_baseline)
    print(
        f"{2 * len(seeds)} councils (seeds {seeds[0]}..{seeds[-1]}, {', '.join(f'{size:,}' for size in plan.sizes)} children in turn), "
        f"{plan.years} years of monthly returns; charts from {plan.chart_start():%Y-%m} ({plan.chart_months()} months), "
        f"default baseline {plan.baseline_months()} months, changes planted from {plan.scenario_start():%Y-%m}."
    )
    print(f"rates: {load_calibration(None).source}")
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as work:
        councils = series_of_councils(
            plan, Path(work), options.cache, progress=lambda step: print(f"  {time.perf_counter() - began:6.1f}s  {step}", flush=True)
        )
    generated = time.perf_counter() - began
    for name, detector in DETECTORS.items():
        judged = time.perf_counter()
        result = measure(councils, plan, detector)
        intervals = result.intervals()
        print(f"\n== {name} ==")
        print(f"{'scenario':32} {'found':>9} {'median delay (months)':>22}")
        for scenario, (found, planted, delay) in result.by_scenario().items():
            print(f"{scenario:32} {found:>3} of {planted:<3} {'-' if delay is None else f'{delay:.1f}':>22}")
        print(f"recall: {intervals['recall'].text('{:.0%}')} of {len(result.detections)} planted changes")
        print(f"median delay: {intervals['delay'].text('{:.1f}')} months from the planted start")
        print(
            f"false alarms: {result.clean_alarms} concerns in {result.clean_council_years:.1f} clean council-years = "
            f"{intervals['false_alarms'].text('{:.2f}')} per council-year (all indicators)"
        )
        print(f"every warning of any reading on the clean councils: {result.warnings_per_council_year:.2f} per council-year")
        print(f"{'children':>9} {'recall':>8} {'median delay':>13} {'false alarms a council-year':>28}")
        for size in plan.sizes:
            alike = measure([council for council in councils if council.population == size], plan, detector)
            delay = alike.median_delay_months
            print(
                f"{size:>9,} {alike.recall:>8.0%} {'-' if delay is None else f'{delay:.1f}':>13} "
                f"{alike.false_alarms_per_council_year:>28.2f}"
            )
        raised = Counter(
            alarm.indicator_id
            for council in councils
            if not council.planted
            for alarm in false_alarms(detector(council.series), plan.watched_from())
        )
        print("false alarms by indicator: " + (", ".join(f"{name} {count}" for name, count in raised.most_common()) or "none"))
        print(f"judged in {time.perf_counter() - judged:.1f}s")
    held = evidence(councils, plan)
    print(
        f"\n== evidence in the first {EARLY_MONTHS} months of each planted change ==\n"
        f"0.2 false concerns a council-year allow each indicator one in {math.exp(held.needed):.0f} months; "
        f"a monitor that rare needs about {held.needed:.1f} nats of evidence before it signals (Lorden)"
    )
    for scenario in sorted({item.scenario for item, _, _ in held.by_change}):
        values = sorted(nats for item, _, nats in held.by_change if item.scenario == scenario and nats is not None)
        count = sum(1 for item, _, _ in held.by_change if item.scenario == scenario)
        if not values:
            print(f"{scenario:32} not judged this way (found in its first month)")
            continue
        enough = sum(1 for nats in values if nats >= held.needed)
        print(f"{scenario:32} median {values[len(values) // 2]:6.1f} nats, enough in {enough} of {count}")
    print(
        f"enough to be found within {EARLY_MONTHS - 1} months by any monitor at that rate: {held.enough()} of {len(held.by_change)} "
        f"(a median delay of {EARLY_MONTHS - 1} months at recall 0.9 needs about {math.ceil(0.45 * len(held.by_change))})"
    )
    print(f"\ntime: {generated:.1f}s to generate and chart {len(councils)} councils ({generated / len(councils):.1f}s a council)")


if __name__ == "__main__":
    main()
