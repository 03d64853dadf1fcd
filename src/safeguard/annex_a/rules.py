"""The checks made on an Annex A return, each with a stable id and a fixed severity.

**Errors** mean the file cannot be trusted as it stands, so an import is refused: it cannot be
read, a list or a required column is missing, a required field is blank, a value cannot be read
as what its column holds, or an end comes before its start. **Queries** are unusual but
possible, worth a look and never blocking: the analyst knows whether a pre-birth plan or a
placement 200 miles away is real; the software does not.

`RULES` lists every rule with what it checks and why it has its severity; the report's rule ids
are its keys. The checks run in four passes, each on what the one before produced:

1. `check_structure`: the lists, headers and columns found (`reader.Source`);
2. `read_cells`: every cell of every recognised column (`cells`), giving typed columns;
3. `check_rows`: dates in range and in order, ages, duplicates, within one list;
4. `check_across_lists`: children who should appear on another list and do not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import repeat
from typing import Any

from safeguard.annex_a.cells import CellReaders, Unreadable, as_written, uk_date
from safeguard.annex_a.codes import CodeList
from safeguard.annex_a.findings import Finding, Severity
from safeguard.annex_a.reader import ColumnPosition, SheetGrid, Source
from safeguard.annex_a.spec import LISTS, AnnexAList, Column, Kind

ERROR, QUERY = Severity.ERROR, Severity.QUERY

EARLIEST_DATE = date(1990, 1, 1)
"""No event on a current return, and no birth of anyone on it (care leavers are at most 25),
comes before this."""

REQUIRED_LISTS = frozenset({1, 3, 4, 5, 6, 7, 8})
"""Lists every council has. A council may have nothing for list 2 (early help is often
recorded elsewhere), 9 (care leavers are sometimes returned separately), 10 or 11 (adoption is
often run by a regional agency)."""


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    checks: str
    """What the rule looks for."""
    why: str
    """Why it has its severity."""
    title: str
    """The kind of problem in a few plain words, as the analyst's list of findings heads it
    ("A required field is blank"); the id stays for reference and for machines."""


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        # The file
        Rule("file_missing", ERROR, "The file or folder exists.", "There is nothing to check.", title="The file is missing"),
        Rule("file_empty", ERROR, "The file has some content.", "A 0-byte file holds no return.", title="The file is empty"),
        Rule(
            "file_type",
            ERROR,
            "The file is an Excel workbook or a folder of CSV files, judged by its content, not its name.",
            "Anything else cannot be read.",
            title="Not an Excel workbook or CSV folder",
        ),
        Rule(
            "file_unreadable",
            ERROR,
            "The workbook or CSV file opens.",
            "A damaged or password-protected file cannot be read.",
            title="The file cannot be opened",
        ),
        Rule(
            "file_too_large",
            ERROR,
            "The workbook unpacks to no more than a return could hold, counted while unpacking it.",
            "A file that would unpack to far more (a zip bomb) would exhaust the machine's memory.",
            title="The file unpacks to far too much",
        ),
        Rule(
            "no_lists",
            ERROR,
            "At least one sheet or CSV file is an Annex A list.",
            "Otherwise this is not an Annex A return.",
            title="No Annex A lists in the file",
        ),
        Rule(
            "no_period",
            ERROR,
            "The return's period can be worked out from its dates of contact, referral, assessment and S47 enquiry.",
            "Every figure is computed for a period; without one none can be.",
            title="The period cannot be worked out",
        ),
        Rule(
            "period_mismatch",
            QUERY,
            "The period the file names (in its name or its title cells) fits the dates in it.",
            "One of the two is wrong: the file may be another month's, or misnamed. The file's words decide the "
            "period, and a person confirms the import.",
            title="The dates do not fit the period the file names",
        ),
        # Lists and columns
        Rule(
            "missing_sheet",
            ERROR,
            "Lists 1 and 3 to 8 are present.",
            "Every council has contacts, referrals, assessments, S47 enquiries, children in need, child protection "
            "plans and children in care; a missing list would make those figures zero.",
            title="A list every council has is missing",
        ),
        Rule(
            "missing_optional_sheet",
            QUERY,
            "Lists 2, 9, 10 and 11 are present.",
            "A council may legitimately have nothing for these lists.",
            title="An optional list is missing",
        ),
        Rule(
            "duplicate_sheet",
            QUERY,
            "Only one sheet or file holds each list.",
            "The first is used; the other may be an old copy, or may be the one meant.",
            title="A list appears twice",
        ),
        Rule(
            "unrecognised_sheet",
            QUERY,
            "Every sheet or CSV file is one of the lists.",
            "Extra sheets (guidance, lookups) are normal, but a list with an unusual name would be missed.",
            title="A sheet that is not an Annex A list",
        ),
        Rule(
            "missing_header",
            ERROR,
            "A list's header row is in its first 20 rows.",
            "Without headers no column can be read.",
            title="No header row found",
        ),
        Rule(
            "missing_column",
            ERROR,
            "Every required column of the list is present.",
            "A required field would be blank on every row.",
            title="A required column is missing",
        ),
        Rule(
            "missing_optional_column",
            QUERY,
            "Every optional column of the list is present.",
            "Optional fields may be blank, but a whole column missing is more likely a renamed header.",
            title="An optional column is missing",
        ),
        Rule(
            "duplicate_column",
            QUERY,
            "Each column appears once.",
            "Only the first is read; the other may hold different values.",
            title="A column appears twice",
        ),
        Rule(
            "unknown_column",
            QUERY,
            "Every header is one of the list's columns.",
            "Councils add columns of their own, but a misspelt header would leave its column unread.",
            title="A column Annex A does not have",
        ),
        Rule(
            "empty_list",
            QUERY,
            "Lists 1 and 3 to 8 have at least one row.",
            "Possible for a short period or a small council, but more often a failed export.",
            title="A list has no rows",
        ),
        # Cells
        Rule(
            "required",
            ERROR,
            "Required fields are filled in.",
            "The figures that use the field would silently leave the row out.",
            title="A required field is blank",
        ),
        Rule(
            "date_format",
            ERROR,
            "Dates can be read as dates.",
            "A date that was written but cannot be read would be lost, and an event would look as if it had not "
            "happened.",
            title="A date that cannot be read",
        ),
        Rule(
            "integer",
            ERROR,
            "Counts and ages are whole numbers, 0 or more.",
            "A count that cannot be read would be lost.",
            title="A count or age that is not a whole number",
        ),
        Rule(
            "code",
            ERROR,
            "Coded values in required fields are allowed values.",
            "The row could not be counted in the right category.",
            title="A value not allowed in a required field",
        ),
        Rule(
            "code_optional",
            QUERY,
            "Coded values in optional fields are allowed values.",
            "The value is kept out of the figures, but an optional field affects only breakdowns.",
            title="A value not allowed in an optional field",
        ),
        Rule(
            "postcode",
            QUERY,
            "Placement postcodes look like UK postcodes (or their first half).",
            "No figure depends on the postcode's format, but a bad one hides where a child lives.",
            title="A postcode that does not look like one",
        ),
        Rule(
            "formula",
            QUERY,
            "Cells hold values, not formulas.",
            "Its last calculated value is used, which is right unless the sheet changed since it was last calculated.",
            title="A formula instead of a value",
        ),
        # Within a list
        Rule(
            "date_range",
            ERROR,
            "Event dates fall between 1 January 1990 and today.",
            "A date in the future or decades ago is a typing mistake or a placeholder such as 01/01/1900, and would "
            "distort durations and timeliness.",
            title="A date in the future or before 1990",
        ),
        Rule(
            "date_after_period",
            QUERY,
            "Event dates are no later than the end of the return's period.",
            "Possible when the extract was taken after the period ended, otherwise a typing mistake.",
            title="A date after the end of the period",
        ),
        Rule(
            "birth_date",
            QUERY,
            "Dates of birth fall between 1 January 1990 and today.",
            "An expected date of birth of an unborn child can be in the future; a very old one means an adult on a "
            "children's list.",
            title="A date of birth in the future or before 1990",
        ),
        Rule(
            "date_order",
            ERROR,
            "An end is not before its start (an assessment, S47 enquiry and its conference, CIN episode, plan, "
            "period of care or placement, adopter stage).",
            "Impossible, so at least one of the two dates is wrong, and durations and timeliness would be wrong.",
            title="An end before its start",
        ),
        Rule(
            "date_sequence",
            QUERY,
            "Steps follow their usual order (review after the plan started, matched before placed, and so on).",
            "Unusual but sometimes possible.",
            title="Steps out of their usual order",
        ),
        Rule(
            "before_birth",
            QUERY,
            "Contacts, referrals, assessments, enquiries and plans are after the child's birth.",
            "Pre-birth work is real: unborn children are referred, assessed, conferenced and made subject to plans.",
            title="Work recorded before the child's birth",
        ),
        Rule(
            "care_before_birth",
            ERROR,
            "Care and adoption events are after the child's birth.",
            "No child is looked after, or the subject of an adoption decision, before birth: one of the dates is "
            "wrong.",
            title="Care or adoption before the child's birth",
        ),
        Rule(
            "age_mismatch",
            QUERY,
            "The age given fits the date of birth (at the event or at the period end, give or take a year).",
            "Systems compute age at different dates; a larger gap means one of the two is wrong.",
            title="An age that does not fit the date of birth",
        ),
        Rule(
            "duplicate_row",
            QUERY,
            "No row repeats another exactly.",
            "Two identical contacts on one day can happen, but a repeated row is usually an export fault and would be "
            "counted twice.",
            title="A row repeated exactly",
        ),
        Rule(
            "icpc_contradiction",
            QUERY,
            "A conference deemed unnecessary has no conference date.",
            "One of the two answers is wrong.",
            title="A conference both unnecessary and held",
        ),
        # Across lists
        Rule(
            "cross_list_assessment_without_referral",
            QUERY,
            "A child whose assessment started in the period has a referral on list 3.",
            "An assessment follows a referral; the referral may have come before the period.",
            title="An assessment with no referral on list 3",
        ),
        Rule(
            "cross_list_s47_without_referral",
            QUERY,
            "A child whose S47 enquiry started in the period is on list 3 or list 6.",
            "An enquiry is about a referred child or a child in need.",
            title="An S47 enquiry about a child on neither list 3 nor list 6",
        ),
        Rule(
            "cross_list_cpp_without_icpc",
            QUERY,
            "A child whose plan started in the period had an initial conference on list 5.",
            "A plan is made at a conference; the child may have transferred in from another council.",
            title="A plan with no initial conference on list 5",
        ),
        Rule(
            "cross_list_icpc_plan_without_cpp",
            QUERY,
            "A conference that resulted in a plan has the child on list 7.",
            "Every plan made in the period belongs on list 7.",
            title="A conference that made a plan, with the child not on list 7",
        ),
    )
}


def finding(
    rule: str,
    message: str,
    *,
    file: str,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    header: str | None = None,
    value: str | None = None,
    list_key: str | None = None,
) -> Finding:
    """A finding of ``rule``, with the severity the rule has."""
    return Finding(rule, RULES[rule].severity, message, file, sheet, row, column, header, value, list_key)


# The typed content of one list


@dataclass
class ListData:
    """One list's cells read into clean values (``None`` where blank or unreadable)."""

    grid: SheetGrid
    values: dict[str, list[Any]]
    """Clean values of each recognised column, by key, one per data row."""

    @property
    def annex_list(self) -> AnnexAList:
        return self.grid.annex_list

    def __len__(self) -> int:
        return len(self.grid.rows)

    def at(self, rule: str, index: int, key: str, message: str) -> Finding:
        """A finding about one cell: data row ``index`` of column ``key``."""
        place = self.grid.columns[key]
        return finding(
            rule,
            message,
            file=self.grid.file,
            sheet=self.grid.sheet,
            row=self.grid.row_numbers[index],
            column=place.letter,
            header=place.header,
            value=as_written(self.grid.rows[index][place.index]),
            list_key=self.annex_list.key,
        )

    def header(self, key: str) -> str:
        return self.grid.columns[key].header


def _sheet_finding(grid: SheetGrid, rule: str, message: str, place: ColumnPosition | None = None) -> Finding:
    return finding(
        rule,
        message,
        file=grid.file,
        sheet=grid.sheet,
        row=grid.header_row if place is not None else None,
        column=place.letter if place is not None else None,
        header=place.header if place is not None else None,
        list_key=grid.annex_list.key,
    )


def _where(grid: SheetGrid) -> str:
    return f"sheet '{grid.sheet}'" if grid.sheet is not None else grid.file


# Pass 1: structure


def check_structure(source: Source) -> list[Finding]:
    """Lists missing or repeated, unreadable CSV files, headers and columns."""
    findings = [finding("file_unreadable", reason, file=name) for name, reason in source.unreadable_files]
    for annex_list in LISTS:
        if annex_list.key not in source.grids:
            rule = "missing_sheet" if annex_list.number in REQUIRED_LISTS else "missing_optional_sheet"
            findings.append(
                finding(
                    rule,
                    f"List {annex_list.number} ({annex_list.title}) is missing: no sheet or file is named "
                    f"like '{annex_list.sheet}' or has its headers.",
                    file=source.name,
                    list_key=annex_list.key,
                )
            )
    for key, used, ignored in source.repeated_sheets:
        findings.append(
            finding(
                "duplicate_sheet",
                f"'{ignored}' looks like '{used}' (the same list); only '{used}' was checked.",
                file=source.name,
                sheet=ignored,
                list_key=key,
            )
        )
    for name in source.other_sheets:
        findings.append(
            finding(
                "unrecognised_sheet",
                f"'{name}' is none of the Annex A lists, so it was not checked.",
                file=source.name,
                sheet=name,
            )
        )
    for grid in source.grids.values():
        findings.extend(_check_columns(grid))
    return findings


def _check_columns(grid: SheetGrid) -> Iterator[Finding]:
    annex_list = grid.annex_list
    if grid.header_row is None:
        yield _sheet_finding(
            grid,
            "missing_header",
            f"No header row found in the first 20 rows of {_where(grid)} (List {annex_list.number}): "
            f"expected headers such as '{annex_list.columns[0].header}'.",
        )
        return
    for column in annex_list.columns:
        if column.key not in grid.columns:
            rule = "missing_column" if column.required else "missing_optional_column"
            yield _sheet_finding(grid, rule, f"No column headed '{column.header}' in {_where(grid)}.")
    for key, place in grid.repeated_columns:
        first = grid.columns[key]
        yield _sheet_finding(
            grid,
            "duplicate_column",
            f"This column repeats '{first.header}' (column {first.letter}); only column {first.letter} was read.",
            place,
        )
    for place in grid.extra_columns:
        yield _sheet_finding(
            grid,
            "unknown_column",
            f"'{place.header}' is not an Annex A List {annex_list.number} header, so this column was not read.",
            place,
        )
    if not grid.rows and annex_list.number in REQUIRED_LISTS:
        yield _sheet_finding(grid, "empty_list", f"List {annex_list.number} ({annex_list.title}) has no rows.")


# Pass 2: cells

_POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?(?: ?[0-9][A-Z]{2})?")


def read_cells(grid: SheetGrid, readers: CellReaders) -> tuple[ListData, list[Finding]]:
    """Every recognised column read into clean values, with the cells that failed."""
    data = ListData(grid, {})
    findings: list[Finding] = []
    for column in grid.annex_list.columns:
        if column.key not in grid.columns:
            continue
        values, problems = readers.for_column(column).read_column(grid.column_values(column.key))
        data.values[column.key] = values
        if column.required and None in values:
            findings.extend(
                data.at("required", index, column.key, f"{column.header} is blank, but every row must have it.")
                for index, value in enumerate(values)
                if value is None and index not in problems
            )
        findings.extend(_unreadable(data, column, index, problem) for index, problem in problems.items())
        if column.key == "placement_postcode":
            findings.extend(_check_postcodes(data, column))
    findings.extend(_check_formulas(data))
    return data, findings


def _unreadable(data: ListData, column: Column, index: int, problem: Unreadable) -> Finding:
    written = as_written(data.grid.rows[index][data.grid.columns[column.key].index])
    if column.kind is Kind.CODE:
        assert column.code_list is not None
        rule = "code" if column.required else "code_optional"
        message = f"'{written}' is not one of the values allowed for {column.header} ({_allowed(column.code_list)})."
        if not column.required:
            message += " It was left out of the figures."
        return data.at(rule, index, column.key, message)
    rule = "date_format" if column.kind is Kind.DATE else "integer"
    return data.at(rule, index, column.key, f"'{written}' {problem.reason}.")


def _allowed(code_list: CodeList) -> str:
    """A short reminder of a code list's values, for messages."""
    shown = [code.value if re.fullmatch(r"[A-Z0-9]{1,5}", code.value) else code.label for code in code_list.codes]
    unique = list(dict.fromkeys(shown))
    if len(unique) > 10:
        return "allowed: " + ", ".join(unique[:10]) + f" and {len(unique) - 10} more"
    return "allowed: " + ", ".join(unique)


def _check_postcodes(data: ListData, column: Column) -> Iterator[Finding]:
    for index, value in enumerate(data.values[column.key]):
        if value is not None and not _POSTCODE.fullmatch(str(value).upper()):
            yield data.at(
                "postcode",
                index,
                column.key,
                f"'{value}' is not a UK postcode (for example 'AB1 2CD', or its first half 'AB1').",
            )


def _check_formulas(data: ListData) -> Iterator[Finding]:
    grid = data.grid
    if not grid.formula_cells:
        return
    keys_by_index = {place.index: key for key, place in grid.columns.items()}
    position_of_row = {number: position for position, number in enumerate(grid.row_numbers)}
    for row, column_index in sorted(grid.formula_cells):
        key = keys_by_index.get(column_index)
        position = position_of_row.get(row)
        if key is None or position is None:
            continue
        cached = as_written(grid.rows[position][column_index])
        result = (
            f"its last calculated value, {cached}, was used"
            if cached
            else "it had no calculated value, so the cell is blank"
        )
        yield data.at(
            "formula",
            position,
            key,
            f"This cell holds a formula; {result}. Type the value itself, so it cannot change.",
        )


# Pass 3: within a list


@dataclass(frozen=True)
class DateOrder:
    """``earlier`` should not come after ``later`` on a row of list ``list_key``."""

    list_key: str
    earlier: str
    later: str
    rule: str


DATE_ORDERS: tuple[DateOrder, ...] = (
    DateOrder("early_help", "assessment_start_date", "assessment_completion_date", "date_order"),
    DateOrder("assessments", "assessment_start_date", "assessment_authorised_date", "date_order"),
    DateOrder("s47_enquiries", "s47_start_date", "icpc_date", "date_order"),
    DateOrder("children_in_need", "cin_start_date", "cin_closure_date", "date_order"),
    DateOrder("child_protection_plans", "cpp_start_date", "cpp_end_date", "date_order"),
    DateOrder("child_protection_plans", "cpp_start_date", "last_review_date", "date_sequence"),
    DateOrder("children_in_care", "care_start_date", "care_end_date", "date_order"),
    DateOrder("children_in_care", "care_start_date", "placement_start_date", "date_order"),
    DateOrder("children_in_care", "placement_start_date", "care_end_date", "date_sequence"),
    DateOrder("children_in_care", "care_start_date", "legal_status_start_date", "date_sequence"),
    DateOrder("adoption", "care_start_date", "adoption_decision_date", "date_sequence"),
    DateOrder("adoption", "adoption_decision_date", "placement_order_date", "date_sequence"),
    DateOrder("adoption", "matched_date", "placed_date", "date_sequence"),
    DateOrder("adoption", "placed_date", "adoption_order_date", "date_sequence"),
    DateOrder("adoption", "adoption_decision_date", "adoption_stopped_date", "date_sequence"),
    DateOrder("adopters", "stage1_start_date", "stage1_end_date", "date_order"),
    DateOrder("adopters", "stage2_start_date", "stage2_end_date", "date_order"),
    DateOrder("adopters", "enquiry_date", "stage1_start_date", "date_sequence"),
    DateOrder("adopters", "stage1_end_date", "stage2_start_date", "date_sequence"),
    DateOrder("adopters", "application_date", "approved_date", "date_sequence"),
    DateOrder("adopters", "approved_date", "matched_date", "date_sequence"),
    DateOrder("adopters", "matched_date", "placed_date", "date_sequence"),
    DateOrder("adopters", "placed_date", "adoption_order_date", "date_sequence"),
)

CARE_LISTS = frozenset({"children_in_care", "adoption"})
"""Lists whose events cannot come before birth (`care_before_birth`)."""


def main_date(annex_list: AnnexAList) -> str | None:
    """The list's defining event date (contact, referral, plan start...): its first required
    date other than birth, else its first date."""
    dates = [column for column in annex_list.columns if column.kind is Kind.DATE and column.key != "date_of_birth"]
    required = [column for column in dates if column.required]
    chosen = required or dates
    return chosen[0].key if chosen else None


def _plausible(day: date, today: date) -> bool:
    return EARLIEST_DATE <= day <= today


def check_rows(data: ListData, period_end: date | None, today: date) -> list[Finding]:
    """Every check that looks at one row at a time, and repeated rows."""
    findings = list(_check_date_ranges(data, period_end, today))
    findings.extend(_check_date_orders(data, today))
    findings.extend(_check_births(data, today))
    findings.extend(_check_ages(data, period_end))
    findings.extend(_check_duplicates(data))
    findings.extend(_check_conferences(data))
    return findings


def _date_columns(data: ListData) -> list[Column]:
    return [column for column in data.annex_list.columns if column.kind is Kind.DATE and column.key in data.values]


def _check_date_ranges(data: ListData, period_end: date | None, today: date) -> Iterator[Finding]:
    for column in _date_columns(data):
        values = data.values[column.key]
        if column.key == "date_of_birth":
            for index, day in enumerate(values):
                if day is not None and not _plausible(day, today):
                    yield data.at(
                        "birth_date",
                        index,
                        column.key,
                        f"A date of birth of {uk_date(day)} is unusual for a child on this list.",
                    )
            continue
        for index, day in enumerate(values):
            if day is None:
                continue
            if not _plausible(day, today):
                when = "in the future" if day > today else "before 1990"
                yield data.at("date_range", index, column.key, f"{column.header} {uk_date(day)} is {when}.")
            elif period_end is not None and day > period_end:
                yield data.at(
                    "date_after_period",
                    index,
                    column.key,
                    f"{column.header} {uk_date(day)} is after the end of the return's period ({uk_date(period_end)}).",
                )


def _check_date_orders(data: ListData, today: date) -> Iterator[Finding]:
    for order in DATE_ORDERS:
        if order.list_key != data.annex_list.key or order.earlier not in data.values or order.later not in data.values:
            continue
        earlier_header, later_header = data.header(order.earlier), data.header(order.later)
        for index, (earlier, later) in enumerate(zip(data.values[order.earlier], data.values[order.later])):
            if earlier is None or later is None or not later < earlier:
                continue
            if order.rule == "date_order":
                message = f"{later_header} ({uk_date(later)}) is before {earlier_header} ({uk_date(earlier)}): "
                message += "an end cannot come before its start."
            else:
                message = f"{later_header} ({uk_date(later)}) is before {earlier_header} ({uk_date(earlier)}), "
                message += "which usually comes first."
            yield data.at(order.rule, index, order.later, message)


def _check_births(data: ListData, today: date) -> Iterator[Finding]:
    births = data.values.get("date_of_birth")
    if births is None:
        return
    rule = "care_before_birth" if data.annex_list.key in CARE_LISTS else "before_birth"
    for column in _date_columns(data):
        if column.key == "date_of_birth":
            continue
        for index, (birth, day) in enumerate(zip(births, data.values[column.key])):
            if birth is None or day is None or not day < birth or not _plausible(day, today):
                continue
            yield data.at(
                rule,
                index,
                column.key,
                f"{column.header} ({uk_date(day)}) is before the date of birth ({uk_date(birth)}).",
            )


def age_on(birth: date, day: date) -> int:
    """Completed years from ``birth`` to ``day`` (0 before birth)."""
    years = day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
    return max(years, 0)


def _check_ages(data: ListData, period_end: date | None) -> Iterator[Finding]:
    births, ages = data.values.get("date_of_birth"), data.values.get("age")
    if births is None or ages is None:
        return
    event_key = main_date(data.annex_list)
    events = data.values.get(event_key, repeat(None)) if event_key else repeat(None)
    at_end: dict[date, int] = {}
    for index, (birth, age, event) in enumerate(zip(births, ages, events)):
        if birth is None or age is None or (event is None and period_end is None):
            continue
        at_event = age_on(birth, event) if event is not None else None
        if period_end is not None and birth not in at_end:
            at_end[birth] = age_on(birth, period_end)
        final = at_end.get(birth)
        known = [years for years in (at_event, final) if years is not None]
        if min(known) - 1 <= age <= max(known) + 1:
            continue
        was = [f"{at_event} on {uk_date(event)}"] if event is not None else []
        was += [f"{final} at the period end, {uk_date(period_end)}"] if period_end is not None else []
        yield data.at(
            "age_mismatch",
            index,
            "age",
            f"Age {age} does not fit the date of birth {uk_date(birth)}: the child was {' and '.join(was)}.",
        )


def _check_duplicates(data: ListData) -> Iterator[Finding]:
    rows = data.grid.rows
    key = data.annex_list.entity_id if data.annex_list.entity_id in data.values else next(iter(data.values), None)
    if key is None or len(dict.fromkeys(map(tuple, rows))) == len(rows):
        return
    first_seen: dict[tuple[object, ...], int] = {}
    for index, row in enumerate(rows):
        earlier = first_seen.setdefault(tuple(row), index)
        if earlier != index:
            yield data.at(
                "duplicate_row", index, key, f"This row repeats row {data.grid.row_numbers[earlier]} exactly."
            )


def _check_conferences(data: ListData) -> Iterator[Finding]:
    if (
        data.annex_list.key != "s47_enquiries"
        or "icpc_not_required" not in data.values
        or "icpc_date" not in data.values
    ):
        return
    for index, (unnecessary, held) in enumerate(zip(data.values["icpc_not_required"], data.values["icpc_date"])):
        if unnecessary == "true" and held is not None:
            yield data.at(
                "icpc_contradiction",
                index,
                "icpc_date",
                "A conference date is given, but the conference was recorded as deemed unnecessary.",
            )


# Pass 4: across lists


def _children(data: ListData | None, entity: str = "child_id") -> set[object] | None:
    if data is None or entity not in data.values:
        return None
    return {child for child in data.values[entity] if child is not None}


def _started_in_period(data: ListData, key: str, period: tuple[date, date] | None) -> Iterable[int]:
    """Rows whose ``key`` date falls in the period (none when the period is unknown)."""
    days = data.values.get(key)
    if days is None or period is None:
        return []
    start, end = period
    return [index for index, day in enumerate(days) if day is not None and start <= day <= end]


def check_across_lists(lists: Mapping[str, ListData], period: tuple[date, date] | None) -> list[Finding]:
    """Children who should appear on a second list and do not. Only events in the period are
    checked: the other list covers the period, so earlier events are rightly absent from it."""
    findings: list[Finding] = []
    referred = _children(lists.get("referrals"))
    in_need = _children(lists.get("children_in_need"))
    enquiries, plans = lists.get("s47_enquiries"), lists.get("child_protection_plans")
    assessments = lists.get("assessments")
    if assessments is not None and referred is not None and "child_id" in assessments.values:
        ids = assessments.values["child_id"]
        findings.extend(
            assessments.at(
                "cross_list_assessment_without_referral",
                index,
                "child_id",
                "This child's assessment started in the period, but the child has no referral on list 3.",
            )
            for index in _started_in_period(assessments, "assessment_start_date", period)
            if ids[index] is not None and ids[index] not in referred
        )
    if enquiries is not None and referred is not None and in_need is not None and "child_id" in enquiries.values:
        ids = enquiries.values["child_id"]
        findings.extend(
            enquiries.at(
                "cross_list_s47_without_referral",
                index,
                "child_id",
                "This child's S47 enquiry started in the period, but the child is on neither list 3 (referrals) "
                "nor list 6 (children in need).",
            )
            for index in _started_in_period(enquiries, "s47_start_date", period)
            if ids[index] is not None and ids[index] not in referred and ids[index] not in in_need
        )
    if enquiries is not None and plans is not None and "child_id" in plans.values and "icpc_date" in enquiries.values:
        conferenced = {
            child
            for child, held in zip(enquiries.values.get("child_id", []), enquiries.values["icpc_date"])
            if held is not None
        }
        ids = plans.values["child_id"]
        findings.extend(
            plans.at(
                "cross_list_cpp_without_icpc",
                index,
                "cpp_start_date",
                "This plan started in the period, but list 5 has no initial child protection conference for the child.",
            )
            for index in _started_in_period(plans, "cpp_start_date", period)
            if ids[index] is not None and ids[index] not in conferenced
        )
    planned = _children(plans)
    if (
        enquiries is not None
        and planned is not None
        and "icpc_outcome_plan" in enquiries.values
        and "child_id" in enquiries.values
    ):
        findings.extend(
            enquiries.at(
                "cross_list_icpc_plan_without_cpp",
                index,
                "icpc_outcome_plan",
                "The conference resulted in a plan, but the child is not on list 7 (child protection plans).",
            )
            for index, (child, outcome) in enumerate(
                zip(enquiries.values["child_id"], enquiries.values["icpc_outcome_plan"])
            )
            if outcome == "true" and child is not None and child not in planned
        )
    return findings
