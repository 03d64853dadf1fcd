"""What to generate: the options of ``safeguard synth``, as one dataclass other code can build."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from safeguard.errors import SafeguardError

DEFAULT_POPULATION = 60_000
"""Children aged 0-17 in a mid-size London borough."""
DEFAULT_YEARS = 5
DEFAULT_SEED = 1
MIN_POPULATION = 1_000
MAX_POPULATION = 2_000_000
MAX_YEARS = 20
MAX_FAULT_RATE = 0.5


def default_end(today: date | None = None) -> date:
    """The last day of the previous calendar month.

    This default depends on the day the command runs; give ``--end`` to make a run repeatable
    (the same arguments, including ``--end``, always write the same bytes).
    """
    today = today or date.today()
    return today.replace(day=1) - timedelta(days=1)


@dataclass(frozen=True)
class SynthConfig:
    """The synthetic council to generate.

    ``scenarios`` holds the command line's forms: ``NAME`` or ``NAME@YYYY-MM``.
    """

    population: int = DEFAULT_POPULATION
    years: int = DEFAULT_YEARS
    end: date | None = None
    seed: int = DEFAULT_SEED
    scenarios: tuple[str, ...] = field(default_factory=tuple)
    fault_rate: float = 0.0
    monthly: bool = False
    monthly_last: int | None = None
    """With ``monthly``, write only the workbooks of the last this many month ends (the demo
    imports a year of them and need not wait for the rest); None writes every month end."""
    benchmarks: Path | None = None

    @property
    def end_date(self) -> date:
        """The last day generated: ``end``, or the last day of the previous month."""
        return self.end or default_end()

    @property
    def window_start(self) -> date:
        """The first day of the returned history: ``years`` whole years before the day after ``end``."""
        following = self.end_date + timedelta(days=1)
        try:
            return following.replace(year=following.year - self.years)
        except ValueError:
            return date(following.year - self.years, 3, 1)

    def check(self) -> None:
        """Refuse options that cannot make a sensible council, with the option named."""
        if not MIN_POPULATION <= self.population <= MAX_POPULATION:
            raise SafeguardError(
                f"--population must be between {MIN_POPULATION:,} and {MAX_POPULATION:,} children, not {self.population:,}."
            )
        if not 1 <= self.years <= MAX_YEARS:
            raise SafeguardError(f"--years must be between 1 and {MAX_YEARS}, not {self.years}.")
        if self.seed < 0:
            raise SafeguardError(f"--seed must be zero or a positive whole number, not {self.seed}.")
        if not 0.0 <= self.fault_rate <= MAX_FAULT_RATE:
            raise SafeguardError(f"--fault-rate must be between 0 and {MAX_FAULT_RATE}, not {self.fault_rate}.")
        if self.monthly_last is not None and self.monthly_last < 1:
            raise SafeguardError(f"At least one monthly workbook must be written, not {self.monthly_last}.")
        if self.end_date.year < 2000 or self.end_date.year > 2100:
            raise SafeguardError(f"--end must be a date between 2000 and 2100, not {self.end_date.isoformat()}.")

    def as_arguments(self) -> dict[str, object]:
        """The options as the manifest records them (``end`` resolved, paths left out)."""
        return {
            "population": self.population,
            "years": self.years,
            "end": self.end_date.isoformat(),
            "seed": self.seed,
            "scenarios": list(self.scenarios),
            "fault_rate": self.fault_rate,
            "monthly": self.monthly,
            # Only when set, so that councils made without it keep their recorded arguments.
            **({"monthly_last": self.monthly_last} if self.monthly_last is not None else {}),
        }
