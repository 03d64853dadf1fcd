"""The early warning as a leader reads it: what moved, since when, by how much, how unusual.

Every warning, whichever check raised it (control chart, neighbours, local threshold), carries
the same fields, so pages, packs and the command line show them alike: the indicator, the rule
in plain English, the first month of the signal, the change in the indicator's own unit, how
unusual it is (sigma or run length), how far the underlying data can be trusted, and the
question from the assurance framework that a leader should ask about it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Reading = Literal["concern", "improvement", "unusual"]
Direction = Literal["up", "down"]
Source = Literal["control_chart", "neighbours", "local_threshold"]
NOT_MEASURED = "not yet measured"

UNIT_WORDS = {"percent": "percentage points", "per_10k": "per 10,000 children", "count": ""}


def format_value(value: float, unit: str) -> str:
    """A figure in its unit: '22.4%', '531.2 per 10,000', '3'."""
    if unit == "percent":
        return f"{value:.1f}%"
    if unit == "per_10k":
        return f"{value:.1f} per 10,000"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def format_change(change: float, unit: str) -> str:
    """A signed difference in the unit: '+4.2 percentage points', '-31.0 per 10,000 children'."""
    words = UNIT_WORDS.get(unit, "")
    amount = f"{change:+.0f}" if unit == "count" and float(change).is_integer() else f"{change:+.1f}"
    return f"{amount} {words}".strip()


@dataclass(frozen=True)
class EarlyWarning:
    """One signal on one indicator."""

    indicator_id: str
    title: str
    unit: str
    source: Source
    rules: tuple[str, ...]
    reading: Reading
    direction: Direction
    """Which way the indicator moved (``reading`` says whether that is good)."""
    what_moved: str
    since: date
    """First month of the signal (for neighbours: the first month of the financial year)."""
    detected: date
    """The month by which the first rule was met: when it could first have been seen."""
    until: date
    """The last month that is part of the signal."""
    value: float
    """The figure now: the signal's latest month, or the year's value."""
    reference: float
    """What it is compared with: the baseline mean, the neighbours' mean, or the local limit."""
    change: float
    """``value - reference``, in the indicator's unit."""
    how_unusual: str
    sigma: float | None
    run_length: int | None
    data_confidence: str
    question: str
    basis: str
    """Which baseline, neighbour year or local rule the comparison used."""
    signals: tuple[tuple[str, date], ...] = ()
    """Each rule met within the warning and the month it was met, in order."""
    comparison: str = ""
    """Where the council stands against England and its statistical neighbours, in words."""
    detail: str = ""
    """The statistics behind the warning, for analysts (leaders' pages keep it one click away)."""

    @property
    def change_text(self) -> str:
        return format_change(self.change, self.unit)

    def as_dict(self) -> dict[str, object]:
        """Plain JSON-ready values (dates as YYYY-MM)."""
        return {
            "indicator": self.indicator_id,
            "title": self.title,
            "unit": self.unit,
            "source": self.source,
            "rules": list(self.rules),
            "reading": self.reading,
            "direction": self.direction,
            "what_moved": self.what_moved,
            "since": f"{self.since:%Y-%m}",
            "detected": f"{self.detected:%Y-%m}",
            "until": f"{self.until:%Y-%m}",
            "value": round(self.value, 4),
            "reference": round(self.reference, 4),
            "change": round(self.change, 4),
            "change_text": self.change_text,
            "how_unusual": self.how_unusual,
            "sigma": None if self.sigma is None else round(self.sigma, 2),
            "run_length": self.run_length,
            "data_confidence": self.data_confidence,
            "question": self.question,
            "basis": self.basis,
            "signals": [{"rule": rule, "met": f"{month:%Y-%m}"} for rule, month in self.signals],
            "comparison": self.comparison,
            "detail": self.detail,
        }
