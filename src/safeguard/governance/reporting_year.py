"""The council's reporting year, 1 April to 31 March: the year the annual complaints report and
the partnership's report on professional disagreements cover (seed 004, "significant cases and
complaints": an annual report of the complaints service and its lessons)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

FIRST_MONTH = 4
LAST_MONTH = 3
"""The year runs from 1 April to 31 March, as councils' annual reports do."""


@dataclass(frozen=True)
class ReportingYear:
    first: int
    """The calendar year the reporting year starts in (2024 for April 2024 to March 2025)."""

    @classmethod
    def containing(cls, day: date) -> ReportingYear:
        return cls(day.year if day.month >= FIRST_MONTH else day.year - 1)

    @property
    def start(self) -> date:
        return date(self.first, FIRST_MONTH, 1)

    @property
    def end(self) -> date:
        return date(self.first + 1, LAST_MONTH, 31)

    @property
    def label(self) -> str:
        """'2024-25'."""
        return f"{self.first}-{(self.first + 1) % 100:02d}"

    @property
    def choice(self) -> tuple[int, str]:
        """The year as a choice in a list of years: its first calendar year, and its label."""
        return (self.first, self.label)

    @property
    def words(self) -> str:
        return f"1 April {self.first} to 31 March {self.first + 1}"

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end


def parse_year(text: str, today: date) -> ReportingYear:
    """The year asked for as its first calendar year ("2024"); the current year for anything else."""
    if text.isdigit() and 1950 <= int(text) <= today.year:
        return ReportingYear(int(text))
    return ReportingYear.containing(today)
