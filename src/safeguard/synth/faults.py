"""Data-quality faults planted in the written workbooks (never in the truth held in memory).

Each faulty row gets exactly one fault of a kind real returns show: a code that is not on the
list, a required field left blank, a date that cannot be read, an end before its start, an
event before the child was born, a date in the future, a row written twice. A further kind,
"harmless", writes a child's id with stray spaces or a trailing ".0" (what a number format
leaves): the importer must clean these without reporting an error, and the manifest records
them so a test can check exactly that.

Every planted fault is recorded with its file, sheet, Excel row and column, header, kind, the
true value and the value written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from safeguard.annex_a.reader import column_letter
from safeguard.annex_a.spec import AnnexAList, Column, Kind

Cell = str | int | date | None


def _day(cell: Cell) -> date:
    """A cell of a date column that holds a date (the faults pick only cells with a value)."""
    if not isinstance(cell, date):
        raise ValueError(f"a date column holds {cell!r}, not a date")
    return cell

INVALID_CODES = ("Z9: Not a valid code", "TBC", "See case notes", "99")
"""Values that match no code, label or spelling of any Annex A code list."""
START_AND_END = {
    "early_help": (("assessment_start_date", "assessment_completion_date"),),
    "assessments": (("assessment_start_date", "assessment_authorised_date"),),
    "s47_enquiries": (("s47_start_date", "icpc_date"),),
    "children_in_need": (("cin_start_date", "cin_closure_date"),),
    "child_protection_plans": (("cpp_start_date", "cpp_end_date"),),
    "children_in_care": (("care_start_date", "care_end_date"),),
    "adoption": (("adoption_decision_date", "adoption_order_date"),),
    "adopters": (("stage1_start_date", "stage1_end_date"), ("stage2_start_date", "stage2_end_date")),
}
"""The pairs of columns where the second date must not be before the first."""
EVENT_DATES = {
    "contacts": "contact_date",
    "early_help": "assessment_start_date",
    "referrals": "referral_date",
    "assessments": "assessment_start_date",
    "s47_enquiries": "s47_start_date",
    "children_in_need": "cin_start_date",
    "child_protection_plans": "cpp_start_date",
    "children_in_care": "care_start_date",
    "adoption": "care_start_date",
}
"""The date on each list that cannot come before the child's date of birth."""

INVALID_CODE = "invalid_code"
BLANK_REQUIRED = "blank_required"
UNPARSEABLE_DATE = "unparseable_date"
END_BEFORE_START = "end_before_start"
BEFORE_BIRTH = "before_birth"
DUPLICATE_ROW = "duplicate_row"
FUTURE_DATE = "future_date"
HARMLESS = "harmless"
KINDS = (INVALID_CODE, BLANK_REQUIRED, UNPARSEABLE_DATE, END_BEFORE_START, BEFORE_BIRTH, DUPLICATE_ROW, FUTURE_DATE, HARMLESS)


def _is_event_date(column: Column) -> bool:
    """A date of something that happened, which cannot be later than the extract. A date of birth
    can: an unborn child is referred with the expected date, so a late one is no fault."""
    return column.kind is Kind.DATE and column.key != "date_of_birth"


def as_json_value(value: Cell) -> str | int | None:
    return value.isoformat() if isinstance(value, date) else value


def cell_type(value: Cell) -> str:
    if value is None:
        return "blank"
    if isinstance(value, date):
        return "date"
    if isinstance(value, int):
        return "number"
    return "text"


@dataclass(frozen=True)
class PlantedFault:
    file: str
    sheet: str
    row: int
    """The Excel row number (the header is row 1)."""
    column: str
    """The Excel column letter."""
    header: str
    kind: str
    true_value: Cell
    written_value: Cell
    detail: str

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "kind": self.kind,
            "detail": self.detail,
            "true_value": as_json_value(self.true_value),
            "written_value": as_json_value(self.written_value),
            "written_type": cell_type(self.written_value),
        }


class FaultPlanter:
    """Plants faults in a fraction ``rate`` of each sheet's rows, drawn from its own stream."""

    def __init__(self, rate: float, generator: np.random.Generator, extract_day: date) -> None:
        self.rate = rate
        self.generator = generator
        self.extract_day = extract_day

    def _integer(self, low: int, high: int) -> int:
        return int(self.generator.integers(low, high + 1))

    def plant(self, file: str, annex_list: AnnexAList, rows: list[list[Cell]]) -> tuple[list[list[Cell]], list[PlantedFault]]:
        """The rows as written (faulty rows changed, duplicated rows repeated) and the faults planted."""
        count = round(self.rate * len(rows))
        if count == 0:
            return rows, []
        chosen = sorted(int(index) for index in self.generator.choice(len(rows), size=count, replace=False))
        planned: dict[int, tuple[str, int, Cell, Cell, str]] = {}
        for index in chosen:
            kinds = self._possible(annex_list, rows[index])
            kind = kinds[int(self.generator.integers(len(kinds)))]
            planned[index] = self._apply(kind, annex_list, rows[index])
        written: list[list[Cell]] = []
        faults: list[PlantedFault] = []
        for index, row in enumerate(rows):
            written.append(row)
            if index not in planned:
                continue
            kind, column, true_value, value, detail = planned[index]
            if kind == DUPLICATE_ROW:
                written.append(list(row))
            excel_row = len(written) + 1
            faults.append(
                PlantedFault(file, annex_list.sheet, excel_row, column_letter(column), annex_list.columns[column].header, kind, true_value, value, detail)
            )
        return written, faults

    def _possible(self, annex_list: AnnexAList, row: list[Cell]) -> list[str]:
        keys = [column.key for column in annex_list.columns]
        present = {key for key, value in zip(keys, row) if value is not None}
        kinds = [DUPLICATE_ROW, HARMLESS]
        if any(column.kind is Kind.CODE and column.key in present for column in annex_list.columns):
            kinds.append(INVALID_CODE)
        if any(column.required and column.key in present and column.kind is not Kind.ID for column in annex_list.columns):
            kinds.append(BLANK_REQUIRED)
        if any(column.kind is Kind.DATE and column.key in present for column in annex_list.columns):
            kinds.append(UNPARSEABLE_DATE)
        if any(_is_event_date(column) and column.key in present for column in annex_list.columns):
            kinds.append(FUTURE_DATE)
        if any(start in present and end in present for start, end in START_AND_END.get(annex_list.key, ())):
            kinds.append(END_BEFORE_START)
        event = EVENT_DATES.get(annex_list.key)
        if event in present and "date_of_birth" in present:
            kinds.append(BEFORE_BIRTH)
        return kinds

    def _pick_column(self, annex_list: AnnexAList, row: list[Cell], wanted) -> int:
        candidates = [index for index, column in enumerate(annex_list.columns) if row[index] is not None and wanted(column)]
        return candidates[int(self.generator.integers(len(candidates)))]

    def _apply(self, kind: str, annex_list: AnnexAList, row: list[Cell]) -> tuple[str, int, Cell, Cell, str]:
        """Change the row for one fault; returns (kind, column index, true value, written value, detail)."""
        keys = [column.key for column in annex_list.columns]
        if kind == DUPLICATE_ROW:
            return kind, 0, None, row[0], "the row is written twice; the second copy is the fault"
        if kind == HARMLESS:
            clean = str(row[0])
            variant = (f" {clean} ", f"{clean}.0", f"{clean}\u00a0")[self._integer(0, 2)]
            row[0] = variant
            return kind, 0, clean, variant, "the id with stray spaces or a trailing .0, which the importer cleans"
        if kind == INVALID_CODE:
            column = self._pick_column(annex_list, row, lambda column: column.kind is Kind.CODE)
            value: Cell = INVALID_CODES[self._integer(0, len(INVALID_CODES) - 1)]
            return self._replace(row, kind, column, value, "a value that is not on the field's code list")
        if kind == BLANK_REQUIRED:
            column = self._pick_column(annex_list, row, lambda column: column.required and column.kind is not Kind.ID)
            return self._replace(row, kind, column, None, "a required field left blank")
        if kind == UNPARSEABLE_DATE:
            column = self._pick_column(annex_list, row, lambda column: column.kind is Kind.DATE)
            return self._replace(row, kind, column, self._unreadable(_day(row[column])), "a date that cannot be read")
        if kind == FUTURE_DATE:
            column = self._pick_column(annex_list, row, _is_event_date)
            value = self.extract_day + timedelta(days=self._integer(30, 700))
            return self._replace(row, kind, column, value, "an event dated after the extract date")
        if kind == END_BEFORE_START:
            pairs = [(start, end) for start, end in START_AND_END[annex_list.key] if row[keys.index(start)] is not None and row[keys.index(end)] is not None]
            start, end = pairs[self._integer(0, len(pairs) - 1)]
            value = _day(row[keys.index(start)]) - timedelta(days=self._integer(1, 90))
            return self._replace(row, kind, keys.index(end), value, f"an end date before its start ({start})")
        event = keys.index(EVENT_DATES[annex_list.key])
        value = _day(row[keys.index("date_of_birth")]) - timedelta(days=self._integer(1, 400))
        return self._replace(row, BEFORE_BIRTH, event, value, "an event dated before the child's date of birth")

    @staticmethod
    def _replace(row: list[Cell], kind: str, column: int, value: Cell, detail: str) -> tuple[str, int, Cell, Cell, str]:
        true_value = row[column]
        row[column] = value
        return kind, column, true_value, value, detail

    def _unreadable(self, day: date) -> str:
        """A date as a person might mistype it, in a form no date reader accepts."""
        variants = (
            f"31/02/{day.year}",
            f"{day.day:02d}/{13 + day.month % 3}/{day.year}",
            f"{day.day:02d}/{day.month:02d}/{day.year % 100:02d}",
            "TBC",
        )
        return variants[self._integer(0, len(variants) - 1)]
