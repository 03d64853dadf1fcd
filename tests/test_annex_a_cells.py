"""Reading one cell: blanks, text, ids, dates, counts, ages and coded values as councils write them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeguard.annex_a import codes
from safeguard.annex_a.cells import (
    CellReader,
    CodeMatcher,
    Unreadable,
    as_written,
    clean_id,
    clean_text,
    excel_serial,
    normalise,
    parse_age,
    parse_count,
    parse_date,
)
from safeguard.annex_a.spec import Column, Kind

SENSIBLE_DATES = st.dates(min_value=date(1900, 3, 1), max_value=date(2199, 12, 31))


@pytest.mark.parametrize(
    "raw", ["", "   ", "#N/A", "n/a", "N/A", "NULL", "null", "\u00a0", "#VALUE!", "NaN", None, float("nan")]
)
def test_blank_markers_read_as_empty(raw: object) -> None:
    assert clean_text(raw) is None
    assert parse_date(raw) is None
    assert parse_count(raw) is None
    assert clean_id(raw) is None


def test_text_loses_non_breaking_zero_width_and_doubled_spaces() -> None:
    assert clean_text("  Dustin\u00a0Hazlett ") == "Dustin Hazlett"
    assert clean_text("Locality\u200b 4   Duty\tTeam") == "Locality 4 Duty Team"


def test_whole_numbers_stored_as_floats_read_as_whole_numbers() -> None:
    assert clean_text(3.0) == "3"
    assert clean_text(2.5) == "2.5"
    assert clean_text(True) == "True"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (9212044.0, "9212044"),
        ("9212044.0", "9212044"),
        (" ab12 ", "AB12"),
        ("c1001", "C1001"),
        ("123.0.0", "123"),
        (1e16, "10000000000000000"),
        (".0", None),
    ],
)
def test_child_ids_are_trimmed_upper_cased_and_lose_a_trailing_point_zero(raw: object, expected: str | None) -> None:
    assert clean_id(raw) == expected


@given(st.one_of(st.text(), st.floats(allow_nan=False, allow_infinity=False), st.integers()))
def test_cleaning_an_id_twice_changes_nothing(raw: object) -> None:
    once = clean_id(raw)
    assert once is None or clean_id(once) == once


@given(st.integers(min_value=0, max_value=10**15))
def test_a_numeric_id_reads_the_same_as_a_number_or_as_text(number: int) -> None:
    assert clean_id(float(number)) == clean_id(str(number)) == clean_id(f"{number}.0") == str(number)


@given(SENSIBLE_DATES)
def test_any_date_written_as_uk_iso_or_excel_serial_reads_back_as_itself(day: date) -> None:
    serial = excel_serial(day)
    written = [
        day.strftime("%d/%m/%Y"),
        f"{day.day}/{day.month}/{day.year}",
        day.isoformat(),
        f"{day.isoformat()}T00:00:00",
        f"{day:%d %b %Y}",
        float(serial),
        serial + 0.75,
        day,
        datetime(day.year, day.month, day.day, 13, 45),
    ]
    for raw in written:
        assert parse_date(raw) == day, raw


@given(st.dates(min_value=date(1927, 5, 19), max_value=date(2173, 10, 13)))
def test_an_excel_serial_saved_as_text_reads_as_its_date(day: date) -> None:
    assert parse_date(str(excel_serial(day))) == day


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("16/09/2020", date(2020, 9, 16)),
        ("16-09-2020", date(2020, 9, 16)),
        ("16.09.2020", date(2020, 9, 16)),
        ("16/09/2020 00:00:00", date(2020, 9, 16)),
        ("2020/09/16", date(2020, 9, 16)),
        ("16-Sep-2020", date(2020, 9, 16)),
        ("1st January 2021", date(2021, 1, 1)),
        (20200916, date(2020, 9, 16)),
        ("20200916", date(2020, 9, 16)),
        (44197, date(2021, 1, 1)),
        (" 16/09/2020\u00a0", date(2020, 9, 16)),
    ],
)
def test_dates_in_the_forms_exports_use(raw: object, expected: date) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("16/09/20", "two-digit year"),
        ("09/16/2020", "month is over 12"),
        ("31/02/2020", "not a real calendar date"),
        ("next Tuesday", "is not a date"),
        (time(12, 0), "time of day"),
        (time(0, 0), "day 0"),
        (0.0, "day 0"),
        (timedelta(days=3), "length of time"),
        (True, "TRUE/FALSE"),
        (-5.0, "cannot be an Excel date"),
        ("32 Foo 2020", "is not a date"),
    ],
)
def test_dates_that_cannot_be_read_say_why(raw: object, reason: str) -> None:
    result = parse_date(raw)
    assert isinstance(result, Unreadable)
    assert reason in result.reason


@given(st.integers(min_value=0, max_value=10**9))
def test_counts_read_from_numbers_floats_and_text(count: int) -> None:
    assert (
        parse_count(count) == parse_count(float(count)) == parse_count(str(count)) == parse_count(f"{count}.0") == count
    )


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (2.5, "not a whole number"),
        (-1.0, "negative"),
        ("-1", "negative"),
        ("three", "not a number"),
        (True, "TRUE/FALSE"),
        (date(2020, 1, 1), "date"),
    ],
)
def test_counts_refuse_what_no_count_can_be(raw: object, reason: str) -> None:
    result = parse_count(raw)
    assert isinstance(result, Unreadable) and reason in result.reason


def test_fractional_ages_are_accepted_as_completed_years() -> None:
    assert parse_age(6.138261464750171) == 6
    assert parse_age("11.99") == 11
    assert parse_age(0.19) == 0
    assert isinstance(parse_age(-0.5), Unreadable)


@pytest.mark.parametrize(
    ("code_list", "written", "stored"),
    [
        (codes.SOURCE, "q) 6: Police", "6"),
        (codes.SOURCE, "6", "6"),
        (codes.SOURCE, 6.0, "6"),
        (codes.SOURCE, "g) Police", "6"),
        (codes.SOURCE, "Individual", "Individual"),
        (codes.SOURCE, "d) Health Services", "Health services"),
        (codes.SOURCE, "j) 3D: Health services", "3D"),
        (codes.NEED, "N1 - Abuse or Neglect", "N1"),
        (codes.NEED, "a) Abuse or neglect", "N1"),
        (codes.NEED, "n9", "N9"),
        (codes.LEGAL_STATUS, "E1: Placement order", "E1"),
        (codes.LEGAL_STATUS, "C2: FCO", "C2"),
        (codes.LEGAL_STATUS, "e) Accommodated under S20", "Accommodated under S20"),
        (codes.PLACEMENT_PROVIDER, "e) PR4 - Private provision", "PR4"),
        (codes.PLACEMENT_TYPE, "g) Secure Children\u2019s Homes", "K1"),
        (codes.PLACEMENT_TYPE, "a) Foster Placement", "Foster placement"),
        (codes.YES_NO, "Yes", "true"),
        (codes.YES_NO, "b) No", "false"),
        (codes.YES_NO, "N", "false"),
        (codes.YES_NO, True, "true"),
        (codes.YES_NO_UNKNOWN, "c) Unknown", "unknown"),
        (codes.GENDER, "Female", "2"),
        (codes.GENDER, "b) Female", "2"),
        (codes.GENDER, "M", "1"),
        (codes.ETHNICITY, "a) WBRI", "WBRI"),
        (codes.ETHNICITY, "WBRI - White British", "WBRI"),
        (codes.ETHNICITY, "White British (A1)", "WBRI"),
        (codes.ETHNICITY, "Black or Black British - Caribbean", "BCRB"),
        (codes.ETHNICITY, "White - Polish", "White"),
        (codes.ETHNICITY, "a) White", "White"),
        (codes.ACTIVITY, "F3: Full time in training or employment", "Full time in training or employment"),
        (codes.CARE_LEAVER_ACCOMMODATION, "Y: Other accommodation", "Y"),
        (codes.ADOPTION_STOPPED_REASON, "RD2", "RD2"),
        (codes.CASE_STATUS, "c) Child in need plan", "child_in_need_plan"),
        (codes.ABUSE_CATEGORY, "Physical abuse", "PHY"),
    ],
)
def test_coded_values_are_matched_code_first_then_label(
    code_list: codes.CodeList, written: object, stored: str
) -> None:
    assert CodeMatcher(code_list).match(written) == stored
    assert stored in code_list.values()


@pytest.mark.parametrize(
    ("code_list", "written"),
    [
        (codes.NEED, "PSRMEM - Support with memory and cognition"),
        (codes.YES_NO, "CS Assessment Updated"),
        (codes.ADOPTER_LEFT_REASON, 1.0),
        (codes.ETHNICITY, "Martian"),
    ],
)
def test_values_outside_the_code_list_are_refused(code_list: codes.CodeList, written: object) -> None:
    assert isinstance(CodeMatcher(code_list).match(written), Unreadable)


@pytest.mark.parametrize(
    "code_list", [code_list for code_list in vars(codes).values() if isinstance(code_list, codes.CodeList)]
)
def test_every_code_reads_back_from_the_way_ofsted_writes_it_and_from_its_bare_value(code_list: codes.CodeList) -> None:
    matcher = CodeMatcher(code_list)
    for code in code_list.codes:
        assert matcher.match(code.written) == code.value
        assert matcher.match(code.value) == code.value


def test_normalise_ignores_case_spacing_punctuation_and_curly_quotes() -> None:
    assert normalise("Number of Episodes the Child has been \u2018Missing\u2019") == normalise(
        "number of episodes the child has been 'missing'"
    )
    assert normalise("Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))") == (
        "unaccompanied asylum seeking child uasc within the last 12 months y n"
    )
    assert normalise("White & Black") == normalise("white and black")


def test_values_are_shown_as_excel_shows_them() -> None:
    assert as_written(9212044.0) == "9212044"
    assert as_written(date(2020, 9, 16)) == "16/09/2020"
    assert as_written(datetime(2020, 9, 16, 14, 5)) == "16/09/2020 14:05"
    assert as_written(True) == "TRUE"


def test_a_column_with_true_and_one_reads_each_cell_for_itself() -> None:
    """Python's dicts treat TRUE as 1; the column reader must not let one stand for the other."""
    reader = CellReader(Column("previous_plans", "Number of Previous Child Protection Plans", Kind.INTEGER, True))
    values, problems = reader.read_column([1.0, True, "", "2", 2.5])
    assert values == [1, None, None, 2, None]
    assert set(problems) == {1, 4}


def test_a_column_reader_keeps_positions_of_unreadable_cells() -> None:
    reader = CellReader(Column("contact_date", "Date of Contact", Kind.DATE, True))
    values, problems = reader.read_column(["01/04/2023", "", "31/02/2023", 45000.0, "01/04/2023"])
    assert values == [date(2023, 4, 1), None, None, date(2023, 3, 15), date(2023, 4, 1)]
    assert list(problems) == [2]
