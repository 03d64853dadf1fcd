"""Reading one cell of an Annex A return: what a council's export actually holds, made into a
clean value or a plain reason why it cannot be.

Real exports are untidy in the same few ways, and each is handled here once:

* blanks come as empty cells, ``#N/A``, ``N/A``, ``NULL`` or Excel error values: all are empty;
* text carries non-breaking, zero-width and doubled spaces: they become single plain spaces;
* child ids are stored as numbers (``9212044.0``): stripped, upper-cased, trailing ".0" dropped
  (DOMAIN.md §2.A), so the same child matches across lists;
* dates come as real Excel dates, datetimes, Excel serial numbers (``44197``), ``yyyymmdd``
  numbers, or text in UK (``16/09/2020``), ISO (``2020-09-16``) or spelled-month (``16 Sep
  2020``) form. Two-digit years and month-first dates are refused rather than guessed;
* whole numbers are stored as floats (``3.0``) or text (``"3"``);
* coded values are written with Ofsted's letter prefix (``q) 6: Police``), as ``code - label``
  (``N1 - Abuse or Neglect``), as the bare code, as the label alone, or as an older broad group;
  `CodeMatcher` tries the code first and the label second, so a council's own wording of the
  label ("C2: FCO") still lands on the right code.

Every parser returns the clean value, ``None`` for a blank, or an `Unreadable` carrying the
reason in words an analyst can act on. Results are cached per distinct raw value, because a
return repeats the same few dates, codes and teams hundreds of thousands of times.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from safeguard.annex_a.codes import CodeList
from safeguard.annex_a.spec import Column, Kind

EXCEL_EPOCH = date(1899, 12, 30)
"""Day 0 of Excel's 1900 date system (Excel counts 1900 as a leap year, so serial numbers are
right from 1 March 1900 onwards, which covers every date an Annex A return can hold)."""

_LAST_EXCEL_SERIAL = 2958465  # 31/12/9999

BLANK_MARKERS = frozenset(
    {
        "",
        "#n/a",
        "n/a",
        "na",
        "null",
        "nan",
        "#null!",
        "#value!",
        "#ref!",
        "#div/0!",
        "#name?",
        "#num!",
        "#getting_data",
    }
)
"""Written values that mean "nothing here" (compared case-insensitively)."""

_SPACES = re.compile(r"[\s\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]+")
_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u201c": '"', "\u201d": '"', "\u2032": "'"}
)
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_TRAILING_ZEROS = re.compile(r"(?:\.0+)+$")


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A cell that holds something, but not a value of the column's kind."""

    reason: str
    """Completes the sentence "The value ... ", e.g. "is not a date"."""


# Text


def clean_text(raw: object) -> str | None:
    """The cell as tidy text: spaces normalised and trimmed; ``None`` when it means blank."""
    if raw is None:
        return None
    if type(raw) is str:
        text = _SPACES.sub(" ", raw).strip()
    elif type(raw) is float:
        if math.isnan(raw) or math.isinf(raw):
            return None
        text = str(int(raw)) if raw.is_integer() else repr(raw)
    elif type(raw) is bool:
        text = "True" if raw else "False"
    elif type(raw) is datetime:
        text = raw.isoformat(sep=" ") if raw.time() != time(0) else raw.date().isoformat()
    else:
        text = str(raw)
    if text.casefold() in BLANK_MARKERS:
        return None
    return text


def is_blank(raw: object) -> bool:
    """Whether the cell means "nothing here"."""
    return raw == "" or raw is None or clean_text(raw) is None


def as_written(raw: object) -> str:
    """The cell as the analyst sees it in Excel, for reports (dates in UK order)."""
    if raw is None:
        return ""
    if type(raw) is float:
        return str(int(raw)) if raw.is_integer() else repr(raw)
    if type(raw) is date:
        return uk_date(raw)
    if type(raw) is datetime:
        return uk_date(raw) + (f" {raw.hour:02d}:{raw.minute:02d}" if raw.time() != time(0) else "")
    if type(raw) is bool:
        return "TRUE" if raw else "FALSE"
    return str(raw)


def uk_date(day: date) -> str:
    """A date as the analyst writes it: dd/mm/yyyy."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def normalise(text: str) -> str:
    """A loose form of a header, sheet name or code spelling for comparison: lower case,
    curly quotes straightened and apostrophes dropped ("Child’s" = "Childs"), "&" and "+" as
    "and", every other run of punctuation or space as one space."""
    text = text.translate(_QUOTES).casefold().replace("'", "")
    text = text.replace("&", " and ").replace("+", " and ")
    return _NOT_WORD.sub(" ", text).strip()


def without_brackets(text: str) -> str:
    """The text with any bracketed parts removed: "Age of Child (Years)" -> "Age of Child"."""
    return re.sub(r"\([^)]*\)?|\[[^\]]*\]?", " ", text)


# Ids


def clean_id(raw: object) -> str | None:
    """A child's or adopter's id as every list must spell it (DOMAIN.md §2.A): trimmed, upper
    case, with a trailing ".0" (left by a number format) dropped. Idempotent."""
    if raw.__class__ is float and raw.is_integer():
        return str(int(raw))
    text = clean_text(raw)
    if text is None:
        return None
    text = _TRAILING_ZEROS.sub("", text.upper()).strip()
    return text or None


# Dates

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?")
_YEAR_FIRST_SLASHED = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_UK = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]m)?)?", re.I)
_TWO_DIGIT_YEAR = re.compile(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}")
_SPELLED = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[\s\-/]+([a-z]{3,9})\.?[\s\-/,]+(\d{4})", re.I)
_SERIAL_TEXT = re.compile(r"\d{5}(?:\.\d+)?")
_COMPACT = re.compile(r"(19|20)(\d{2})(\d{2})(\d{2})")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

_NOT_A_DATE = Unreadable("is not a date (write dates as dd/mm/yyyy)")
_DAY_ZERO = Unreadable("is Excel's day 0 (shown as 00/01/1900), a placeholder rather than a date")


def excel_serial(day: date) -> int:
    """The Excel serial number of a date (the inverse of reading one)."""
    return (day - EXCEL_EPOCH).days


def _from_parts(year: int, month: int, day: int) -> date | Unreadable:
    try:
        return date(year, month, day)
    except ValueError:
        if month > 12 and day <= 12:
            return Unreadable("is not a date: the month is over 12 (dates must be day first, dd/mm/yyyy)")
        return Unreadable("is not a real calendar date")


def _date_from_number(number: float) -> date | Unreadable:
    if number.is_integer():
        compact = _COMPACT.fullmatch(str(int(number)))
        if compact:
            return _from_parts(int(compact[1] + compact[2]), int(compact[3]), int(compact[4]))
    if number == 0:
        return _DAY_ZERO
    if 1 <= number <= _LAST_EXCEL_SERIAL:
        return EXCEL_EPOCH + timedelta(days=int(number))
    return Unreadable("is a number that cannot be an Excel date")


def _date_from_text(text: str) -> date | Unreadable:
    for pattern, order in ((_UK, (3, 2, 1)), (_ISO, (1, 2, 3)), (_YEAR_FIRST_SLASHED, (1, 2, 3))):
        found = pattern.fullmatch(text)
        if found:
            year, month, day = (int(found[group]) for group in order)
            return _from_parts(year, month, day)
    spelled = _SPELLED.fullmatch(text)
    if spelled:
        named_month = _MONTHS.get(spelled[2].casefold())
        if named_month is None:
            return _NOT_A_DATE
        return _from_parts(int(spelled[3]), named_month, int(spelled[1]))
    if _SERIAL_TEXT.fullmatch(text) or _COMPACT.fullmatch(text):
        return _date_from_number(float(text))
    if _TWO_DIGIT_YEAR.fullmatch(text):
        return Unreadable("has a two-digit year; write the year in full (dd/mm/yyyy)")
    return _NOT_A_DATE


def parse_date(raw: object) -> date | None | Unreadable:
    """A cell as a date; ``None`` when blank. Times of day are dropped from datetimes."""
    if type(raw) is date:
        return raw
    if type(raw) is datetime:
        return raw.date()
    if type(raw) is float or type(raw) is int:
        return None if raw != raw else _date_from_number(float(raw))  # NaN is blank
    if type(raw) is time:
        return _DAY_ZERO if raw == time(0) else Unreadable("is a time of day, not a date")
    if type(raw) is timedelta:
        return Unreadable("is a length of time, not a date")
    if type(raw) is bool:
        return Unreadable("is TRUE/FALSE, not a date")
    text = clean_text(raw)
    if text is None:
        return None
    return _date_from_text(text)


# Whole numbers

_WHOLE = re.compile(r"\+?(\d+)(?:\.0*)?")
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)")


def _number(raw: object) -> float | None | Unreadable:
    """A cell as a number, for the two whole-number parsers."""
    if type(raw) is float or type(raw) is int:
        return None if raw != raw else float(raw)  # NaN is blank
    if type(raw) is bool:
        return Unreadable("is TRUE/FALSE, not a number")
    if type(raw) in (date, datetime, time, timedelta):
        return Unreadable("is a date or time, not a number (check the cell's format in Excel)")
    text = clean_text(raw)
    if text is None:
        return None
    if _DECIMAL.fullmatch(text):
        return float(text)
    return Unreadable("is not a number")


def parse_count(raw: object) -> int | None | Unreadable:
    """A count (number of referrals, placements, episodes): a whole number, 0 or more.
    ``3.0`` and ``"3"`` are 3; ``2.5`` and ``-1`` are refused, since a count is never either."""
    if type(raw) is str:
        whole = _WHOLE.fullmatch(raw.strip())
        if whole:
            return int(whole[1])
    number = _number(raw)
    if number is None or isinstance(number, Unreadable):
        return number
    if number < 0:
        return Unreadable("is negative; a count is 0 or more")
    if not number.is_integer():
        return Unreadable("is not a whole number")
    return int(number)


def parse_age(raw: object) -> int | None | Unreadable:
    """An age in completed years.

    Accepted, not queried: many case-management systems export the exact age as a fraction
    (days / 365.25, e.g. 6.138), and the Annex A column means completed years, so the fraction
    is dropped (6.138 -> 6). Querying every such row would bury the real problems; the
    ``age_mismatch`` rule still checks the age against the date of birth.
    """
    number = _number(raw)
    if number is None or isinstance(number, Unreadable):
        return number
    if number < 0:
        return Unreadable("is negative; an age is 0 or more")
    return int(number)


# Codes

_LETTER_PREFIX = re.compile(r"\(?[a-z]{1,2}\)\s*", re.I)
_CODE_THEN_REST = re.compile(r"([A-Za-z0-9]{1,6})\s*(?:[:\-\u2013\u2014.)\]]+|\s)\s*(.+)")
_CODE_TOKEN = re.compile(r"[A-Za-z0-9]{1,6}")


class CodeMatcher:
    """Finds the stored value of a coded cell, however the council spelled it.

    In order: the whole spelling (a code, label, Ofsted's written form, an alias, a group name,
    compared loosely via `normalise`); then, with any "a)" letter prefix removed (the letter is
    positional and differs between template versions, so it is never trusted), a leading code
    before ":", "-" or a space ("N1 - Abuse or Neglect", "C2: FCO"); then the words after such a
    leading token, or the whole remainder, as a label, with and without bracketed parts
    ("White British (A1)"); and last, for code lists with broad groups, a group name followed by
    a label ("Black or Black British - Caribbean" -> BCRB) or by anything else (stored as the
    group). A label shared by several codes means its group, when one has that name.
    """

    def __init__(self, code_list: CodeList) -> None:
        self.code_list = code_list
        self._spellings: dict[str, str] = {}
        self._tokens: dict[str, str] = {}
        self._groups: list[tuple[str, str]] = sorted(
            ((normalise(name), name) for name in code_list.groups), key=lambda item: -len(item[0])
        )
        for form, name in self._groups:
            self._spellings[form] = name
        label_values: dict[str, set[str]] = {}
        for code in code_list.codes:
            label_values.setdefault(normalise(code.label), set()).add(code.value)
        for label, values in label_values.items():
            if len(values) == 1:
                self._spellings[label] = next(iter(values))
        for code in code_list.codes:
            for spelling in (code.value, code.written, *code.aliases):
                self._spellings[normalise(spelling)] = code.value
                if _CODE_TOKEN.fullmatch(spelling):
                    self._tokens[spelling.casefold()] = code.value
        self._cache: dict[object, str | None | Unreadable] = {}

    def match(self, raw: object) -> str | None | Unreadable:
        """The stored value for a cell, ``None`` when blank, or why it is not a value of the list."""
        if raw.__class__ is bool:
            return self._match(raw)
        try:
            return self._cache[raw]
        except KeyError:
            found = self._cache[raw] = self._match(raw)
            return found

    def _match(self, raw: object) -> str | None | Unreadable:
        text = clean_text(raw)
        if text is None:
            return None
        found = self._spellings.get(normalise(text))
        if found is not None:
            return found
        body = _LETTER_PREFIX.sub("", text, count=1) if _LETTER_PREFIX.match(text) else text
        candidates = [body]
        leading = _CODE_THEN_REST.fullmatch(body)
        if leading:
            found = self._tokens.get(leading[1].casefold())
            if found is not None:
                return found
            candidates.append(leading[2])
        for candidate in candidates:
            for form in (normalise(candidate), normalise(without_brackets(candidate))):
                found = self._spellings.get(form)
                if found is not None:
                    return found
        return self._match_group(normalise(body)) or Unreadable("is not one of the allowed values")

    def _match_group(self, form: str) -> str | None:
        for group_form, name in self._groups:
            if form.startswith(group_form + " "):
                rest = form[len(group_form) + 1 :]
                found = self._spellings.get(rest) or self._spellings.get(f"{group_form} {rest}")
                return found or name
        return None


# Columns


class CellReader:
    """Reads every cell of one kind of column, caching per distinct raw value."""

    def __init__(self, column: Column) -> None:
        self._cache: dict[object, object] = {}
        self.parse: Callable[[object], object]
        if column.kind is Kind.ID:
            self.parse = clean_id
        elif column.kind is Kind.TEXT:
            self.parse = clean_text
        elif column.kind is Kind.DATE:
            self.parse = parse_date
        elif column.kind is Kind.INTEGER:
            self.parse = parse_age if column.key == "age" else parse_count
        else:
            assert column.code_list is not None, f"coded column {column.key} has no code list"
            self.parse = CodeMatcher(column.code_list).match

    def read_column(self, raws: Sequence[object]) -> tuple[list[object], dict[int, Unreadable]]:
        """The clean value of each cell (``None`` for blank or unreadable), and the unreadable
        cells by position.

        Each distinct raw value is parsed once and the column is then looked up in C (``map``),
        which is what makes 200,000-row lists quick. Python's dicts treat TRUE as equal to 1,
        so a column holding TRUE/FALSE cells is read cell by cell instead.
        """
        parse = self.parse
        if bool in set(map(type, raws)):
            values = [parse(raw) for raw in raws]
        else:
            cache = self._cache
            for raw in set(raws).difference(cache):
                cache[raw] = parse(raw)
            values = list(map(cache.__getitem__, raws))
        problems: dict[int, Unreadable] = {}
        if any(value.__class__ is Unreadable for value in set(values)):
            for index, value in enumerate(values):
                if isinstance(value, Unreadable):
                    problems[index] = value
                    values[index] = None
        return values, problems


class CellReaders:
    """One `CellReader` per kind of column for one return, so that every list's Gender column
    (say) shares one cache. Made per return: the caches hold that return's values only."""

    def __init__(self) -> None:
        self._readers: dict[tuple[str, str | None, bool], CellReader] = {}

    def for_column(self, column: Column) -> CellReader:
        name = column.code_list.name if column.code_list is not None else None
        key = (column.kind.value, name, column.key == "age")
        reader = self._readers.get(key)
        if reader is None:
            reader = self._readers[key] = CellReader(column)
        return reader
