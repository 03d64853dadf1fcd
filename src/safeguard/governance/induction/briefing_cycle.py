"""What leaders should receive and how often, read from ``briefings.toml`` (data, not code), and
the periods each briefing covers.

A briefing covers a period (a calendar month, a quarter of the council's year, or the year of 1
April to 31 March) and is due a number of working days after the period ends, counted on the one
calendar (``safeguard.calendar``: weekends and England's bank holidays do not count).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from functools import cache
from importlib import resources

from safeguard.calendar import add_months, month_end, month_start, working_day_deadline
from safeguard.errors import SafeguardError

DATA_FILE = "briefings.toml"
YEAR_STARTS_IN = 4
"""The council's year, and so its quarters, starts in April."""


class Frequency(str, Enum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"

    @property
    def months(self) -> int:
        return {"monthly": 1, "quarterly": 3, "yearly": 12}[self.value]

    @property
    def words(self) -> str:
        return {"monthly": "Every month", "quarterly": "Every quarter", "yearly": "Every year"}[self.value]


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    frequency: Frequency

    @property
    def label(self) -> str:
        """'March 2026', 'January to March 2026' or '2025-26'."""
        if self.frequency is Frequency.MONTHLY:
            return self.start.strftime("%B %Y")
        if self.frequency is Frequency.QUARTERLY:
            return f"{self.start:%B} to {self.end:%B %Y}"
        return f"{self.start.year}-{(self.start.year + 1) % 100:02d}"


def period_containing(frequency: Frequency, day: date) -> Period:
    """The month, quarter or council year (from April) that holds ``day``."""
    months_into_year = (day.month - YEAR_STARTS_IN) % 12
    start = add_months(month_start(day), -(months_into_year % frequency.months))
    return Period(start, month_end(add_months(start, frequency.months - 1)), frequency)


def is_period_start(frequency: Frequency, day: date) -> bool:
    return period_containing(frequency, day).start == day


def periods_ending_between(frequency: Frequency, first: date, last: date) -> list[Period]:
    """Every period whose last day falls from ``first`` to ``last``, oldest first."""
    found = []
    period = period_containing(frequency, first)
    while period.end <= last:
        if period.end >= first:
            found.append(period)
        period = period_containing(frequency, period.end + timedelta(days=1))
    return found


@dataclass(frozen=True)
class Briefing:
    id: str
    title: str
    what: str
    frequency: Frequency
    due_working_days: int
    source: str

    def due(self, period: Period) -> date:
        """The last day it is on time: so many working days after the period ends."""
        return working_day_deadline(period.end, self.due_working_days)

    def period_starting(self, start: date) -> Period:
        if not is_period_start(self.frequency, start):
            raise ValueError(f"{start:%-d %B %Y} does not start a period of the {self.title.lower()}")
        return period_containing(self.frequency, start)


@dataclass(frozen=True)
class BriefingCycle:
    version: int
    briefings: tuple[Briefing, ...]

    def ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.briefings)

    def get(self, briefing_id: str) -> Briefing:
        for item in self.briefings:
            if item.id == briefing_id:
                return item
        raise KeyError(f"no briefing {briefing_id!r} in the briefing cycle")


def parse(text: str, *, where: str = DATA_FILE) -> BriefingCycle:
    """The cycle in a TOML document; ``SafeguardError`` naming the briefing and field if not."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SafeguardError(f"{where}: not valid TOML ({error})") from error
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise SafeguardError(f"{where}: 'version' must be a whole number from 1")
    found: list[Briefing] = []
    frequencies = [item.value for item in Frequency]
    for number, raw in enumerate(data.get("briefings", []), start=1):
        label = f"briefing {number} ({raw.get('id', 'no id')})"
        missing = [key for key in ("id", "title", "what", "frequency", "source") if not str(raw.get(key, "")).strip()]
        if missing:
            raise SafeguardError(f"{where}: {label} has no {', '.join(missing)}")
        if raw["frequency"] not in frequencies:
            raise SafeguardError(f"{where}: {label} field 'frequency' is {raw['frequency']!r}; use one of {frequencies}")
        days = raw.get("due_working_days")
        if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 120:
            raise SafeguardError(f"{where}: {label} field 'due_working_days' must be a whole number from 0 to 120")
        if any(item.id == raw["id"] for item in found):
            raise SafeguardError(f"{where}: {label} repeats an id already used")
        found.append(Briefing(raw["id"], raw["title"].strip(), " ".join(raw["what"].split()), Frequency(raw["frequency"]), days,
                              raw["source"].strip()))
    if not found:
        raise SafeguardError(f"{where}: there are no briefings")
    return BriefingCycle(version, tuple(found))


@cache
def briefing_cycle() -> BriefingCycle:
    """The briefing cycle shipped with Safeguard."""
    text = resources.files("safeguard.governance.induction").joinpath(DATA_FILE).read_text(encoding="utf-8")
    return parse(text)
