"""The period a return states in its own words (its name, its title cells), and how it settles
the period when its dates agree or disagree."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from annex_a_support import PERIOD_END, PERIOD_START, TODAY, valid_return, write_workbook
from safeguard.annex_a.stated_period import Precision, stated_period
from safeguard.annex_a.validation import settle_period, validate


@pytest.mark.parametrize(
    ("name", "start", "end", "precision", "words"),
    [
        ("Annex_A_2024_Jan.xlsx", None, date(2024, 1, 31), Precision.MONTH, "2024_Jan"),
        ("Annex A March 2025.xlsx", None, date(2025, 3, 31), Precision.MONTH, "March 2025"),
        ("annex a sept-2023.xlsx", None, date(2023, 9, 30), Precision.MONTH, "sept-2023"),
        ("Annex A 2024-02.xlsx", None, date(2024, 2, 29), Precision.MONTH, "2024-02"),
        ("annex_a_2024-01-31.xlsx", None, date(2024, 1, 31), Precision.DAY, "2024-01-31"),
        ("return 31.03.2024.xlsx", None, date(2024, 3, 31), Precision.DAY, "31.03.2024"),
        ("AnnexA_20240131.xlsx", None, date(2024, 1, 31), Precision.DAY, "20240131"),
        ("Annex A 2023-24.xlsx", date(2023, 4, 1), date(2024, 3, 31), Precision.RANGE, "2023-24"),
        ("Annex A 2023-2024", date(2023, 4, 1), date(2024, 3, 31), Precision.RANGE, "2023-2024"),
    ],
)
def test_a_file_name_that_names_a_period(
    name: str, start: date | None, end: date, precision: Precision, words: str
) -> None:
    stated = stated_period(name, [])
    assert stated is not None
    assert (stated.start, stated.end, stated.precision, stated.words, stated.where) == (
        start, end, precision, words, "the file's name"
    )


@pytest.mark.parametrize(
    "name", ["Annex A 2024.xlsx", "annex_a_whole_history.xlsx", "Annex A return.xlsx", "a.xlsx", "Annex A 2024-13.xlsx"]
)
def test_a_file_name_that_names_no_period(name: str) -> None:
    assert stated_period(name, []) is None


def test_title_cells_come_before_the_name_and_name_a_range() -> None:
    cells = [("sheet 'List 1', cell A1", "Annex A"), ("sheet 'List 1', cell A2", "Contacts from 01/04/2023 to 31/03/2024")]
    stated = stated_period("Annex A March 2025.xlsx", cells)
    assert stated is not None
    assert (stated.start, stated.end, stated.where) == (date(2023, 4, 1), date(2024, 3, 31), "sheet 'List 1', cell A2")
    assert stated.describe() == "1 April 2023 to 31 March 2024"


@pytest.mark.parametrize(
    ("data_end", "agrees"),
    [
        (date(2024, 1, 31), True),
        (date(2024, 1, 3), True),
        (date(2023, 12, 1), True),  # a return named for the month it was sent in
        (date(2024, 2, 10), True),
        (date(2023, 11, 30), False),
        (date(2024, 2, 11), False),
        (date(2020, 9, 18), False),
    ],
)
def test_a_month_agrees_with_data_ending_in_it_or_a_month_before(data_end: date, agrees: bool) -> None:
    stated = stated_period("Annex_A_2024_Jan.xlsx", [])
    assert stated is not None and stated.agrees_with(data_end) is agrees


def test_a_day_agrees_with_a_quiet_christmas_before_it() -> None:
    stated = stated_period("annex_a_2024-12-31.xlsx", [])
    assert stated is not None
    assert stated.agrees_with(date(2024, 12, 17)) and stated.agrees_with(date(2024, 11, 30))
    assert not stated.agrees_with(date(2024, 11, 29))


def test_when_they_agree_the_dates_decide_the_days() -> None:
    stated = stated_period("Annex A March 2024.xlsx", [])
    assert settle_period(stated, date(2023, 3, 29), date(2024, 3, 28)) == (date(2023, 3, 29), date(2024, 3, 28), "its dates")


def test_when_they_disagree_the_file_s_words_decide() -> None:
    stated = stated_period("Annex_A_2024_Jan.xlsx", [])
    assert settle_period(stated, date(2020, 9, 16), date(2020, 9, 18)) == (
        date(2023, 2, 1), date(2024, 1, 31), "the file's name"
    )


def test_a_stated_range_is_taken_as_written_when_the_dates_fit_it() -> None:
    stated = stated_period("Annex A 2023-24.xlsx", [])
    assert settle_period(stated, date(2019, 1, 5), date(2024, 3, 29)) == (date(2023, 4, 1), date(2024, 3, 31), "the file's name")


def test_a_return_whose_name_fits_its_dates_raises_no_query(tmp_path: Path) -> None:
    result = validate(write_workbook(tmp_path / "Annex A March 2024.xlsx"), today=TODAY)
    assert result.findings == []
    assert (result.period_start, result.period_end, result.period_from) == (PERIOD_START, PERIOD_END, "its dates")


def test_a_return_named_for_another_year_gets_a_query_and_the_named_period(tmp_path: Path) -> None:
    result = validate(write_workbook(tmp_path / "Annex A March 2022.xlsx"), today=TODAY)
    [query] = [finding for finding in result.findings if finding.rule == "period_mismatch"]
    assert {finding.rule for finding in result.findings} - {"period_mismatch"} <= {"date_after_period", "age_mismatch"}
    assert (query.rule, query.severity.value, query.sheet) == ("period_mismatch", "query", None)
    assert query.message == (
        "The file's name says March 2022 ('March 2022'), but its dates of contact, early help, referral, assessment "
        "and S47 enquiry run to 31 March 2024. The period is taken from the file's name: 1 April 2021 to 31 March 2022. "
        "Check that this is the return you meant before accepting it."
    )
    assert (result.period_start, result.period_end) == (date(2021, 4, 1), date(2022, 3, 31))
    assert result.data_period_end == PERIOD_END


def test_a_title_cell_above_the_headers_is_read(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "return.xlsx", valid_return(), title_rows={"contacts": ["Annex A", "Contacts, 1 April 2022 to 31 March 2023", ""]}
    )
    result = validate(path, today=TODAY)
    assert result.stated_period is not None and result.stated_period.where == "sheet 'List 1', cell A2"
    assert (result.period_start, result.period_end) == (date(2022, 4, 1), date(2023, 3, 31))
    assert [finding.rule for finding in result.findings if finding.rule == "period_mismatch"] == ["period_mismatch"]


def test_an_upload_is_read_under_the_person_s_name_for_it(tmp_path: Path) -> None:
    saved = write_workbook(tmp_path / "0b7c2f9e.xlsx")
    result = validate(saved, today=TODAY, name="Annex A March 2022.xlsx")
    assert result.source_name == "Annex A March 2022.xlsx"
    assert result.stated_period is not None and result.stated_period.describe() == "March 2022"
    assert {finding.file for finding in result.findings} == {"Annex A March 2022.xlsx"}
