"""The timescales Safeguard measures against, read once from ``timescales.toml``.

DOMAIN.md §4 lists them: the statutory ones (an assessment in 45 working days, an initial child
protection conference in 15, a rapid review in 15 working days from notification...) and the
local ones a council sets for itself (a child protection visit every 10 working days by default).
This module is their only reader: the indicator definitions join them as a table, the
governance records take their due dates from ``Timescale.due``, and the documentation lists
them. A council's own values for the local ones live in its settings (``council.json``,
``"timescales": {"cpp_visit": 5}``); a statutory one cannot be changed there.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from functools import cache
from importlib import resources

from safeguard.calendar import add_months, working_day_deadline
from safeguard.errors import SafeguardError


class Unit(str, Enum):
    WORKING_DAYS = "working_days"
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"

    @property
    def words(self) -> tuple[str, str]:
        """The unit in words: singular and plural."""
        return {
            Unit.WORKING_DAYS: ("working day", "working days"),
            Unit.DAYS: ("day", "days"),
            Unit.WEEKS: ("week", "weeks"),
            Unit.MONTHS: ("month", "months"),
        }[self]


@dataclass(frozen=True)
class Timescale:
    id: str
    title: str
    amount: int
    unit: Unit
    starts: str
    """What starts the clock, in words."""
    source: str
    local: bool = False
    """Whether a council sets its own value (between ``minimum`` and ``maximum``)."""
    minimum: int | None = None
    maximum: int | None = None

    def due(self, start: date) -> date:
        """The last day on which the step is in time, counting from ``start`` (day 0)."""
        if self.unit is Unit.WORKING_DAYS:
            return working_day_deadline(start, self.amount)
        if self.unit is Unit.DAYS:
            return start + timedelta(days=self.amount)
        if self.unit is Unit.WEEKS:
            return start + timedelta(weeks=self.amount)
        return add_months(start, self.amount)

    @property
    def length(self) -> str:
        """'15 working days', '6 months', '1 working day'."""
        singular, plural = self.unit.words
        return f"{self.amount} {singular if self.amount == 1 else plural}"

    def describe(self) -> str:
        """One plain sentence: what, how long, from when, and on whose authority."""
        return f"{self.title}: within {self.length} of {self.starts} ({self.source})."


def _parse(identifier: str, entry: Mapping[str, object]) -> Timescale:
    try:
        unit = Unit(str(entry["unit"]))
        amount = entry["amount"]
        if not isinstance(amount, int) or amount < 0:
            raise ValueError(f"amount must be a whole number of at least 0, not {amount!r}")
        return Timescale(
            id=identifier,
            title=str(entry["title"]),
            amount=amount,
            unit=unit,
            starts=str(entry["starts"]),
            source=str(entry["source"]),
            local=bool(entry.get("local", False)),
            minimum=entry.get("minimum"),  # type: ignore[arg-type]
            maximum=entry.get("maximum"),  # type: ignore[arg-type]
        )
    except (KeyError, ValueError) as error:
        raise SafeguardError(f"timescales.toml, [{identifier}]: {error}") from error


@cache
def defaults() -> dict[str, Timescale]:
    """Every timescale as the product defines it, by id, in the file's order."""
    text = resources.files("safeguard").joinpath("timescales.toml").read_text(encoding="utf-8")
    return {identifier: _parse(identifier, entry) for identifier, entry in tomllib.loads(text).items()}


def timescale(identifier: str, overrides: Mapping[str, int] | None = None) -> Timescale:
    """One timescale, with the council's own value when it is a local one and one is set."""
    known = defaults()
    if identifier not in known:
        raise SafeguardError(f"There is no timescale {identifier!r} (the timescales are: {', '.join(known)}).")
    found = known[identifier]
    if overrides and identifier in overrides:
        found = _with_local_value(found, overrides[identifier])
    return found


def _with_local_value(found: Timescale, amount: int) -> Timescale:
    if not found.local:
        raise SafeguardError(f"The timescale {found.id!r} ({found.title}) is statutory: a council cannot set its own.")
    low, high = found.minimum or 0, found.maximum or amount
    if isinstance(amount, bool) or not isinstance(amount, int) or not low <= amount <= high:
        _, plural = found.unit.words
        raise SafeguardError(f"The timescale {found.id!r} ({found.title}) must be between {low} and {high} {plural}, not {amount!r}.")
    return Timescale(**{**found.__dict__, "amount": amount})


def all_timescales(overrides: Mapping[str, int] | None = None) -> list[Timescale]:
    return [timescale(identifier, overrides) for identifier in defaults()]
