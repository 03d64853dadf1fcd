"""The period a return says it covers, in its own words: its file's name, or the title cells
written above a list's headers.

Councils name their returns after the month or the day they were taken ("Annex_A_2024_Jan",
"annex_a_2024-01-31", "Annex A March 2025") or the year they cover ("Annex A 2023-24"), and
some templates carry a title such as "Contacts from 01/04/2023 to 31/03/2024" above the
headers. The data's own dates are a guess at the same thing (``validation.detect_period``); when
the two disagree, one of them is wrong, and a person has to say which before the return is
accepted.

Only words that name a month, a day or a range count: a bare year ("Annex A 2024") says too
little to check anything against. The title cells are read before the file's name, because a
file is renamed more often than its sheets are retitled.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import PurePath

DAYS_EARLIER = 31
"""How far before the stated day (or the start of the stated month) the data's last busy day may
fall and still agree with it: a small council's quiet Christmas fortnight ends its data well
before 31 December, and a return named for the month it was sent in holds the month before."""
DAYS_LATER = 10
"""How far after the stated day or month the data may run: an extract taken a few days late."""

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_WORD = "|".join(sorted(_MONTHS, key=len, reverse=True))

_DAY_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?<!\d)(?P<y>\d{4})[-./ ](?P<m>\d{1,2})[-./ ](?P<d>\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(?P<d>\d{1,2})[-./](?P<m>\d{1,2})[-./](?P<y>\d{4})(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?!\d)"),
    re.compile(
        rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[\s-]+(?P<m>{_MONTH_WORD})(?![a-z])[\s,-]*(?P<y>\d{{4}})(?!\d)",
        re.IGNORECASE,
    ),
)
_MONTH_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"(?<![a-z])(?P<m>{_MONTH_WORD})(?![a-z])[\s,-]*(?P<y>\d{{4}})(?!\d)", re.IGNORECASE),
    re.compile(rf"(?<!\d)(?P<y>\d{{4}})[\s-]*(?P<m>{_MONTH_WORD})(?![a-z])", re.IGNORECASE),
    re.compile(r"(?<!\d)(?P<y>\d{4})[-./ ](?P<m>\d{1,2})(?![\d./-])"),
)
_FINANCIAL_YEAR = re.compile(r"(?<!\d)(?P<first>\d{4})[-/ ](?P<second>\d{2}|\d{4})(?![\d./-])")
_RANGE_JOIN = re.compile(r"^\s*(?:to|until|till|and|through|-|–|—)\s*$", re.IGNORECASE)

EARLIEST_YEAR, LATEST_YEAR = 1990, 2100
"""Years outside these are not a period a return could cover (and "2024 1000" is not a date)."""


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    RANGE = "range"


@dataclass(frozen=True)
class StatedPeriod:
    """What a return says about its own period, and where it says it."""

    start: date | None
    """Given only when the words name a range (or a financial year)."""
    end: date
    precision: Precision
    words: str
    """The words as written, for example "2024_Jan"."""
    where: str
    """Where they are written: "the file's name", or "sheet 'List 1', cell A1"."""

    def describe(self) -> str:
        """The period in plain words: "January 2024", "31 January 2024", "1 April 2023 to 31 March 2024"."""
        if self.precision is Precision.MONTH:
            return f"{calendar.month_name[self.end.month]} {self.end.year}"
        if self.precision is Precision.DAY or self.start is None:
            return long_date(self.end)
        return f"{long_date(self.start)} to {long_date(self.end)}"

    def agrees_with(self, data_end: date) -> bool:
        """Whether the data's last busy day fits the stated period (`DAYS_EARLIER`, `DAYS_LATER`)."""
        first = self.end if self.precision is Precision.DAY else self.end.replace(day=1)
        return first - timedelta(days=DAYS_EARLIER) <= data_end <= self.end + timedelta(days=DAYS_LATER)


def long_date(day: date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def stated_period(name: str, title_cells: Iterable[tuple[str, str]]) -> StatedPeriod | None:
    """The period a return states: from its title cells ((where, text) pairs, in the order an
    analyst reads them), else from its file or folder ``name``; None when neither names one."""
    for where, text in title_cells:
        found = period_in(text, where)
        if found is not None:
            return found
    stem = PurePath(name).stem if PurePath(name).suffix.lower() in {".xlsx", ".xls", ".xlsb", ".ods", ".csv"} else name
    return period_in(stem, "the file's name")


@dataclass(frozen=True)
class _Mention:
    start: date
    end: date
    precision: Precision
    span: tuple[int, int]


def period_in(text: str, where: str) -> StatedPeriod | None:
    """The period named in one piece of text (a file name or a title cell), if any."""
    readable = text.replace("_", " ")
    mentions = _mentions(readable)
    for first, second in zip(mentions, mentions[1:], strict=False):
        if _RANGE_JOIN.match(readable[first.span[1] : second.span[0]]) and first.start < second.end:
            words = text[first.span[0] : second.span[1]]
            return StatedPeriod(first.start, second.end, Precision.RANGE, words, where)
    financial = _financial_year(readable)
    if financial is not None:
        start, end, span = financial
        return StatedPeriod(start, end, Precision.RANGE, text[span[0] : span[1]], where)
    if mentions:
        first = mentions[0]
        return StatedPeriod(None, first.end, first.precision, text[first.span[0] : first.span[1]], where)
    return None


def _mentions(text: str) -> list[_Mention]:
    """Every day and month named in the text, in order, a day winning over a month it overlaps."""
    found: list[_Mention] = []
    for pattern in _DAY_PATTERNS:
        for match in pattern.finditer(text):
            day = _day(match.group("y"), match.group("m"), match.group("d"))
            if day is not None and not _overlaps(match.span(), found):
                found.append(_Mention(day, day, Precision.DAY, match.span()))
    for pattern in _MONTH_PATTERNS:
        for match in pattern.finditer(text):
            month = _month(match.group("y"), match.group("m"))
            if month is not None and not _overlaps(match.span(), found):
                found.append(_Mention(month[0], month[1], Precision.MONTH, match.span()))
    return sorted(found, key=lambda mention: mention.span)


def _overlaps(span: tuple[int, int], found: list[_Mention]) -> bool:
    return any(span[0] < other.span[1] and other.span[0] < span[1] for other in found)


def _month_number(text: str) -> int | None:
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    return _MONTHS.get(text.lower())


def _day(year: str, month: str, day: str) -> date | None:
    number = _month_number(month)
    if number is None or not EARLIEST_YEAR <= int(year) <= LATEST_YEAR:
        return None
    try:
        return date(int(year), number, int(day))
    except ValueError:
        return None


def _month(year: str, month: str) -> tuple[date, date] | None:
    number = _month_number(month)
    if number is None or not EARLIEST_YEAR <= int(year) <= LATEST_YEAR:
        return None
    first = date(int(year), number, 1)
    return first, first.replace(day=calendar.monthrange(first.year, number)[1])


def _financial_year(text: str) -> tuple[date, date, tuple[int, int]] | None:
    """ "2023-24" or "2023/2024": April of the first year to March of the next. A second part
    from 01 to 12 is a month ("2024-03"), not a year, and is left to the month patterns."""
    for match in _FINANCIAL_YEAR.finditer(text):
        first, second = int(match.group("first")), match.group("second")
        following = int(second) if len(second) == 4 else int(second) + first // 100 * 100
        if len(second) == 2 and int(second) <= 12:
            continue
        if following == first + 1 and EARLIEST_YEAR <= first <= LATEST_YEAR:
            return date(first, 4, 1), date(following, 3, 31), match.span()
    return None
