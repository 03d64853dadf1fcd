"""A council's own questions: what one must hold, and reading them from a CSV or JSON file.

A council adds questions to the framework without touching code, one at a time on the
framework page or many at once with ``safeguard framework import FILE``. Both check each
question the same way (``addition_problems``): a known factor, some text, known indicator ids
and a known audience. A file is read whole and every row checked before anything is saved;
one problem anywhere and nothing is added (``AdditionsRejected`` lists every problem by file,
row, field and value, with what to do about it).

The file's columns (a CSV's header row, or each JSON object's keys):

- ``factor`` (required): a factor id, such as ``leadership`` or ``partnership``;
- ``text`` (required): the question, in plain words;
- ``indicators`` (optional): indicator ids, separated by spaces or semicolons (in JSON, a list
  of ids or such a string);
- ``audience`` (optional): the leader it is meant for, such as ``lead_member``.

A JSON file holds a list of such objects, or an object whose ``questions`` is that list.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from safeguard.errors import SafeguardError
from safeguard.factors import FACTORS
from safeguard.framework.statements import Framework
from safeguard.indicators.catalogue import indicator_ids

COLUMNS = ("factor", "text", "indicators", "audience")
REQUIRED_COLUMNS = ("factor", "text")
TEXT_MAX_LENGTH = 1000
MAX_ROWS = 500
MAX_BYTES = 1_000_000
SEPARATORS = re.compile(r"[\s;,]+")

FILE_FORMAT = "\n\n".join(
    (
        "A CSV file has a header row naming its columns; a JSON file holds a list of objects with those "
        'keys (or an object whose "questions" is that list). The columns: factor (required), a factor id '
        "such as leadership or partnership; text (required), the question in plain words; indicators "
        "(optional), the ids of the indicators that inform it, separated by spaces or semicolons (in JSON, "
        "a list); audience (optional), the leader it is meant for: lead_member, chief_executive, scrutiny "
        "or board. For example:",
        'factor,text,indicators,audience\npartnership,"Do schools know whom to call out of hours?",contacts_per_10k,lead_member',
        f"At most {MAX_ROWS} questions and {MAX_BYTES:,} bytes per file, each question at most "
        f"{TEXT_MAX_LENGTH:,} characters.",
    )
)
"""How to write a file of a council's own questions: shown by ``safeguard framework import --help``."""


@dataclass(frozen=True)
class FieldProblem:
    """What is wrong with one field of a question, and what to do about it."""

    field: str
    value: str
    message: str
    what_to_do: str


@dataclass(frozen=True)
class Addition:
    """One question a council wants to add, as read from its file (row as a spreadsheet numbers it)."""

    row: int
    factor: str
    text: str
    indicators: tuple[str, ...]
    audience: str | None

    @property
    def key(self) -> tuple[str, str]:
        """What makes two questions the same: the factor and the words, ignoring case and spacing."""
        return same_question_key(self.factor, self.text)


@dataclass(frozen=True)
class RowProblem:
    file: str
    row: int | None
    """The row as a spreadsheet numbers it (the header is row 1), the place in a JSON list
    (from 1), or None for the whole file."""
    field: str
    value: str
    message: str
    what_to_do: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row is not None else "the whole file"
        value = f" {self.value!r}" if self.value else ""
        return f"{self.file}, {where}, {self.field}{value}: {self.message}. {self.what_to_do}"


class AdditionsRejected(SafeguardError):
    """A file of additions with problems; nothing in it was added."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the file, so no question was added:\n" + "\n".join(f"  {item}" for item in problems))


def same_question_key(factor_id: str, text: str) -> tuple[str, str]:
    return factor_id, " ".join(text.split()).casefold()


def split_indicator_ids(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """Indicator ids as a council writes them: ``"re_referral_rate; cpp_repeat_rate"``, or a list."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(item for item in SEPARATORS.split(value.strip()) if item)
    return tuple(str(item).strip() for item in value if str(item).strip())


def addition_problems(
    *, factor: str, text: str, indicators: Sequence[str], audience: str | None, framework: Framework
) -> list[FieldProblem]:
    """Everything wrong with one question a council wants to add (nothing, if it can be added)."""
    problems = []
    factor_ids = [candidate.id for candidate in FACTORS]
    if factor not in factor_ids:
        problems.append(FieldProblem("factor", factor, "is not a factor", f"Use one of: {', '.join(factor_ids)}"))
    if not text.strip():
        problems.append(FieldProblem("text", "", "is empty", "Write the question in plain words"))
    elif len(text) > TEXT_MAX_LENGTH:
        problems.append(
            FieldProblem("text", text[:40] + "...", f"is {len(text):,} characters long", f"Shorten it to {TEXT_MAX_LENGTH:,} characters or fewer")
        )
    known = set(indicator_ids())
    for identifier in indicators:
        if identifier not in known:
            problems.append(
                FieldProblem("indicators", identifier, "is not an indicator id", "Use ids from `safeguard indicators docs`, separated by spaces or semicolons")
            )
    if len(set(indicators)) != len(indicators):
        problems.append(FieldProblem("indicators", " ".join(indicators), "names an indicator twice", "Name each indicator once"))
    if audience and audience not in framework.audiences:
        problems.append(
            FieldProblem("audience", audience, "is not an audience", f"Leave it empty, or use one of: {', '.join(framework.audiences)}")
        )
    return problems


def read_additions(path: Path, framework: Framework) -> list[Addition]:
    """Every question in a council's CSV or JSON file, each checked; ``AdditionsRejected``
    listing every problem if there is any."""
    name = path.name
    problems: list[RowProblem] = []
    rows = _rows(path, problems)
    additions = []
    first_row: dict[tuple[str, str], int] = {}
    for row, values in rows:
        addition, field_problems = _addition(row, values, framework)
        problems.extend(RowProblem(name, row, item.field, item.value, item.message, item.what_to_do) for item in field_problems)
        if addition is None or field_problems:
            continue
        if addition.key in first_row:
            problems.append(
                RowProblem(name, row, "text", addition.text[:40], f"repeats the question in row {first_row[addition.key]}", "Remove one of the two rows")
            )
            continue
        first_row[addition.key] = row
        additions.append(addition)
    if not rows and not problems:
        problems.append(RowProblem(name, None, "rows", "", "the file holds no questions", "Add one row per question"))
    if problems:
        raise AdditionsRejected(problems)
    return additions


def _addition(row: int, values: Mapping[str, object], framework: Framework) -> tuple[Addition | None, list[FieldProblem]]:
    problems = [
        FieldProblem(key, str(value)[:40], "is not a column of the file", f"Use only the columns {', '.join(COLUMNS)}")
        for key, value in values.items()
        if key not in COLUMNS
    ]
    text_values = {}
    for key in ("factor", "text", "audience"):
        value = values.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(FieldProblem(key, str(value)[:40], "is not text", "Write it as text"))
            value = None
        text_values[key] = (value or "").strip()
    raw_indicators = values.get("indicators")
    if raw_indicators is not None and not isinstance(raw_indicators, str | list):
        problems.append(FieldProblem("indicators", str(raw_indicators)[:40], "is not a list of ids", "Give a list of ids, or ids separated by spaces"))
        raw_indicators = None
    indicators = split_indicator_ids(raw_indicators)
    audience = text_values["audience"] or None
    text = " ".join(text_values["text"].split())
    problems += addition_problems(factor=text_values["factor"], text=text, indicators=indicators, audience=audience, framework=framework)
    return Addition(row, text_values["factor"], text, indicators, audience), problems


def _rows(path: Path, problems: list[RowProblem]) -> list[tuple[int, Mapping[str, object]]]:
    """The file's rows with their numbers, or none (and a problem) if it cannot be read at all."""
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in {".csv", ".json"}:
        problems.append(RowProblem(name, None, "file", suffix, "is neither a CSV nor a JSON file", "Save the questions as .csv or .json"))
        return []
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            problems.append(RowProblem(name, None, "file", f"{size:,} bytes", f"is larger than {MAX_BYTES:,} bytes", "Split it into smaller files"))
            return []
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        problems.append(RowProblem(name, None, "file", "", f"cannot be read ({error.strerror})", "Check the path and that you may read it"))
        return []
    except UnicodeDecodeError:
        problems.append(RowProblem(name, None, "file", "", "is not UTF-8 text", "Save it as CSV UTF-8 (or JSON) and try again"))
        return []
    rows = _csv_rows(name, text, problems) if suffix == ".csv" else _json_rows(name, text, problems)
    if len(rows) > MAX_ROWS:
        problems.append(RowProblem(name, None, "rows", f"{len(rows):,}", f"more than {MAX_ROWS} questions", "Split them into several files"))
        return []
    return rows


def _csv_rows(name: str, text: str, problems: list[RowProblem]) -> list[tuple[int, Mapping[str, object]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [cell.strip().lower() for cell in next(reader, [])]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    unknown = [column for column in header if column not in COLUMNS]
    if missing or unknown:
        for column in missing:
            problems.append(RowProblem(name, 1, column, "", "is missing from the header row", f"The first row names the columns: {', '.join(COLUMNS)}"))
        for column in unknown:
            problems.append(RowProblem(name, 1, "header", column, "is not a column of the file", f"Use only the columns {', '.join(COLUMNS)}"))
        return []
    rows: list[tuple[int, Mapping[str, object]]] = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            problems.append(RowProblem(name, number, "row", "", f"has {len(cells)} cells but the header names {len(header)}", "Put commas inside a question in double quotes"))
            continue
        rows.append((number, dict(zip(header, cells))))
    return rows


def _json_rows(name: str, text: str, problems: list[RowProblem]) -> list[tuple[int, Mapping[str, object]]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        problems.append(RowProblem(name, None, "file", "", f"is not valid JSON (line {error.lineno}: {error.msg})", "Fix the JSON and try again"))
        return []
    items = document.get("questions") if isinstance(document, dict) else document
    if not isinstance(items, list):
        problems.append(RowProblem(name, None, "file", "", "does not hold a list of questions", 'Write [{"factor": ..., "text": ...}, ...] or {"questions": [...]}'))
        return []
    rows: list[tuple[int, Mapping[str, object]]] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(RowProblem(name, number, "row", str(item)[:40], "is not an object", 'Write each question as {"factor": ..., "text": ...}'))
            continue
        rows.append((number, item))
    return rows
