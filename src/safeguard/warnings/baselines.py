"""The baseline each indicator's control limits come from, kept until someone moves it.

Limits that quietly follow the data would absorb a slow deterioration into "normal". So the
mean and mean moving range are computed once from a chosen baseline period and stored in
``SAFEGUARD_HOME/warnings/baselines.json``; later months, revised imports and new data do not
move them. Only ``safeguard warnings rebaseline`` recalculates, for one indicator or all, and
records when it did so and over which months. Making Data Count advises the same: recalculate
limits only after a deliberate, sustained change (for example once an improvement is embedded).

Without a stored baseline, an indicator uses the first 24 months of its series when it has at
least 36, otherwise its first 12, and every warning says which baseline it used.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

from safeguard.errors import SafeguardError
from safeguard.home import safeguard_home
from safeguard.warnings.spc import Limits, xmr_limits

FILE_NAME = "baselines.json"
DEFAULT_MONTHS = 24
SHORT_SERIES_MONTHS = 12
"""Fewer points than this give limits too unstable to act on (Making Data Count advises 15-20)."""


@dataclass(frozen=True)
class MonthlyPoint:
    """One month of an indicator: ``month`` is the first day of the month.

    ``numerator`` and ``denominator`` are the counts behind a percentage or rate (None for a
    plain count, or where they are not known): they say how much chance alone moves the month.
    """

    month: date
    value: float
    numerator: int | float | None = None
    denominator: int | float | None = None


@dataclass(frozen=True)
class Baseline:
    """The months the limits were computed from, the limits, and whether someone chose them."""

    indicator_id: str
    start: date
    end: date
    mean: float
    mean_moving_range: float
    points: int
    origin: Literal["stored", "default", "given"]
    """Stored by ``rebaseline``; the default (first months), computed each time; or given for one run."""
    set_at: str | None = None
    """When ``rebaseline`` stored it (UTC, ISO 8601)."""

    @property
    def limits(self) -> Limits:
        return Limits(self.mean, self.mean_moving_range, self.points)

    def describe(self) -> str:
        months = f"{self.start:%Y-%m} to {self.end:%Y-%m}, {self.points} months"
        if self.origin == "default":
            return f"default baseline: the first months of the series ({months})"
        if self.origin == "given":
            return f"baseline given for this run ({months})"
        return f"baseline set on {(self.set_at or '')[:10]} ({months})"


def month_of(text: str) -> date:
    """'2024-04' -> 1 April 2024; a clear error for anything else."""
    try:
        parsed = datetime.strptime(text.strip(), "%Y-%m")
    except ValueError as error:
        raise SafeguardError(f"{text!r} is not a month: write it as YYYY-MM, for example 2024-04.") from error
    return parsed.date()


def baseline_from(
    indicator_id: str,
    series: Sequence[MonthlyPoint],
    start: date,
    end: date,
    origin: Literal["stored", "default", "given"] = "given",
    set_at: str | None = None,
) -> Baseline:
    """Compute a baseline from the points of ``series`` between ``start`` and ``end`` inclusive."""
    points = [point for point in series if start <= point.month <= end]
    if len(points) < 2:
        raise SafeguardError(
            f"{indicator_id}: only {len(points)} month(s) with a value between {start:%Y-%m} and {end:%Y-%m}; "
            "a baseline needs at least 2 (12 or more is advisable)."
        )
    limits = xmr_limits([point.value for point in points])
    return Baseline(indicator_id, points[0].month, points[-1].month, limits.mean, limits.mean_moving_range, limits.points, origin, set_at)


def default_baseline(indicator_id: str, series: Sequence[MonthlyPoint]) -> Baseline | None:
    """The first 24 months of a series of 36 or more, else its first 12; None below 12 points."""
    if len(series) < SHORT_SERIES_MONTHS:
        return None
    months = DEFAULT_MONTHS if len(series) >= DEFAULT_MONTHS + SHORT_SERIES_MONTHS else SHORT_SERIES_MONTHS
    chosen = series[:months]
    return baseline_from(indicator_id, chosen, chosen[0].month, chosen[-1].month, "default")


def baselines_in_force(
    series_by_indicator: Mapping[str, Sequence[MonthlyPoint]],
    stored: Mapping[str, Baseline],
) -> dict[str, Baseline]:
    """Per indicator, its stored baseline, else the default one (none for a series under 12 months)."""
    chosen: dict[str, Baseline] = {}
    for indicator_id, series in series_by_indicator.items():
        baseline = stored.get(indicator_id) or default_baseline(indicator_id, series)
        if baseline is not None:
            chosen[indicator_id] = baseline
    return chosen


class BaselineStore:
    """``baselines.json``: one stored baseline per indicator id."""

    def __init__(self, home: Path | None = None) -> None:
        self.path = (home or safeguard_home()) / "warnings" / FILE_NAME

    def read(self) -> dict[str, Baseline]:
        if not self.path.is_file():
            return {}
        try:
            content = json.loads(self.path.read_text(encoding="utf-8"))
            return {
                indicator_id: Baseline(
                    indicator_id=indicator_id,
                    start=date.fromisoformat(entry["start"]),
                    end=date.fromisoformat(entry["end"]),
                    mean=float(entry["mean"]),
                    mean_moving_range=float(entry["mean_moving_range"]),
                    points=int(entry["points"]),
                    origin="stored",
                    set_at=str(entry["set_at"]),
                )
                for indicator_id, entry in content.items()
            }
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise SafeguardError(f"{self.path}: not a readable baselines file ({error}); fix or delete it.") from error

    def save(self, baselines: Mapping[str, Baseline]) -> None:
        """Store these baselines, keeping the others; written atomically."""
        merged = {**self.read(), **baselines}
        content = {
            indicator_id: {
                **{key: value for key, value in asdict(baseline).items() if key not in ("indicator_id", "origin")},
                "start": baseline.start.isoformat(),
                "end": baseline.end.isoformat(),
            }
            for indicator_id, baseline in sorted(merged.items())
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f".{FILE_NAME}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(content, stream, indent=2)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


@dataclass(frozen=True)
class Rebaselined:
    """What ``rebaseline`` stored, and the indicators it left alone with the reason."""

    stored: dict[str, Baseline]
    skipped: dict[str, str]


def rebaseline(
    series_by_indicator: Mapping[str, Sequence[MonthlyPoint]],
    start: date,
    end: date,
    home: Path | None = None,
) -> Rebaselined:
    """Recompute and store the baselines of the given indicators from ``start`` to ``end``.

    An indicator with fewer than two months of values in the period keeps its old baseline and
    is reported as skipped; if that leaves nothing to store, nothing is written and the reason
    is raised.
    """
    if end < start:
        raise SafeguardError(f"The baseline ends ({end:%Y-%m}) before it starts ({start:%Y-%m}).")
    set_at = datetime.now(UTC).replace(microsecond=0).isoformat()
    stored: dict[str, Baseline] = {}
    skipped: dict[str, str] = {}
    for indicator_id, series in series_by_indicator.items():
        try:
            stored[indicator_id] = baseline_from(indicator_id, series, start, end, "stored", set_at)
        except SafeguardError as error:
            skipped[indicator_id] = str(error)
    if not stored:
        raise SafeguardError(next(iter(skipped.values()), "No indicator to rebaseline."))
    BaselineStore(home).save(stored)
    return Rebaselined(stored, skipped)
