"""How well the early warning finds the changes planted in synthetic councils.

For each seed, two councils are generated: one with every scenario of ``safeguard.synth``
planted from the same month (a few months after the default baseline), and one without any.
Each is loaded as a year of look-back plus monthly Annex A returns, its indicators charted, and
the control-chart warnings compared with the truth the generator planted:

* recall: planted changes whose indicator raised a concern, the planted way, from the start;
* delay: months from the planted start to the month the concern could first be seen;
* false alarms: concerns raised on the clean councils after the baseline, per council-year.

Usage: .venv/bin/python bench/early_warning_eval.py [--seeds 1 2 3] [--population 15000] [--years 5]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from safeguard.warnings.evaluation import EvaluationPlan, evaluate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--population", type=int, default=15_000, help="children aged 0-17 in each council")
    parser.add_argument("--years", type=int, default=5, help="years of monthly returns (the first is look-back)")
    parser.add_argument("--months-after-baseline", type=int, default=3)
    options = parser.parse_args()
    plan = EvaluationPlan(
        seeds=tuple(options.seeds),
        population=options.population,
        years=options.years,
        months_after_baseline=options.months_after_baseline,
    )
    print(
        f"Councils of {plan.population:,} children, {plan.years} years of monthly returns, seeds {list(plan.seeds)}; "
        f"charts from {plan.chart_start():%Y-%m} ({plan.chart_months()} months), default baseline {plan.baseline_months()} "
        f"months, changes planted from {plan.scenario_start():%Y-%m}."
    )
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as work:
        result = evaluate(plan, Path(work), progress=lambda step: print(f"  {time.perf_counter() - began:6.1f}s  {step}", flush=True))
    elapsed = time.perf_counter() - began
    print()
    print(f"{'scenario':32} {'found':>7} {'median delay (months)':>22}")
    for name, (found, planted, delay) in result.by_scenario().items():
        print(f"{name:32} {found:>3} of {planted:<3} {'-' if delay is None else f'{delay:.1f}':>22}")
    print()
    median_delay = result.median_delay_months
    print(f"recall: {result.recall:.0%} of {len(result.detections)} planted changes")
    print(f"median delay: {'-' if median_delay is None else f'{median_delay:.1f}'} months from the planted start")
    print(
        f"false alarms: {result.clean_alarms} concerns in {result.clean_council_years:.1f} clean council-years = "
        f"{result.false_alarms_per_council_year:.1f} per council-year (all indicators)"
    )
    councils = 2 * len(plan.seeds)
    print(f"time: {elapsed:.1f}s for {councils} councils ({elapsed / councils:.1f}s a council)")


if __name__ == "__main__":
    main()
