"""Small Annex A returns for the validator's tests, written with XlsxWriter or as CSV files.

`valid_return()` is one consistent council return for the year 1 April 2023 to 31 March 2024,
written the way Ofsted's template writes values ("a) Male", "q) 6: Police", real Excel dates).
Every list has at least one row and the children flow through the lists as they should, so the
validator must find nothing at all in it; each test then changes one thing and looks for exactly
the finding that change should cause, at the right cell.
"""

from __future__ import annotations

import copy
import csv
import random
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import xlsxwriter

from safeguard.annex_a.cells import excel_serial
from safeguard.annex_a.spec import AnnexAList, list_by_key

TODAY = date(2024, 6, 1)
PERIOD_START = date(2023, 4, 1)
PERIOD_END = date(2024, 3, 31)

Rows = dict[str, list[dict[str, Any]]]

_ALLOCATION = {"team": "Assessment Team North", "worker": "Amira Khan"}
_CHILD = {
    "child_id": "C1001",
    "gender": "b) Female",
    "ethnicity": "a) WBRI",
    "date_of_birth": date(2015, 6, 1),
    "age": 8,
}


def valid_return() -> Rows:
    """A return with no errors and no queries (see the module's docstring)."""
    return copy.deepcopy(
        {
            "contacts": [
                {**_CHILD, "contact_date": date(2023, 4, 1), "contact_source": "q) 6: Police"},
                {
                    **_CHILD,
                    "child_id": "C1002",
                    "gender": "a) Male",
                    "contact_date": PERIOD_END,
                    "contact_source": "e) 2A: Schools",
                },
            ],
            "early_help": [
                {
                    **_CHILD,
                    "child_id": "C1003",
                    "assessment_start_date": date(2023, 5, 2),
                    "assessment_completion_date": date(2023, 5, 20),
                    "organisation": "Early Help Hub",
                }
            ],
            "referrals": [
                {
                    **_CHILD,
                    "referral_date": date(2023, 4, 12),
                    "referral_source": "q) 6: Police",
                    "referral_nfa": "b) No",
                    "referrals_last_12_months": 1,
                    **_ALLOCATION,
                },
                {
                    **_CHILD,
                    "child_id": "C1002",
                    "gender": "a) Male",
                    "referral_date": PERIOD_END,
                    "referral_source": "e) 2A: Schools",
                    "referral_nfa": "a) Yes",
                    "referrals_last_12_months": 1,
                    **_ALLOCATION,
                },
            ],
            "assessments": [
                {
                    **_CHILD,
                    "disability": "b) No",
                    "assessment_start_date": date(2023, 4, 13),
                    "child_seen": "a) Yes",
                    "assessment_authorised_date": date(2023, 6, 1),
                    "further_action": "a) Yes",
                    **_ALLOCATION,
                }
            ],
            "s47_enquiries": [
                {
                    **_CHILD,
                    "disability": "b) No",
                    "s47_start_date": date(2023, 4, 14),
                    "icpc_not_required": "b) No",
                    "icpc_date": date(2023, 5, 2),
                    "icpc_outcome_plan": "a) Yes",
                    "s47_last_12_months": 1,
                    "icpc_last_12_months": 1,
                    **_ALLOCATION,
                }
            ],
            "children_in_need": [
                {
                    **_CHILD,
                    "disability": "b) No",
                    "cin_start_date": date(2023, 4, 13),
                    "primary_need": "a) N1: Abuse or neglect",
                    "last_seen_date": date(2024, 3, 20),
                    "case_status": "b) Child Protection plan",
                    **_ALLOCATION,
                }
            ],
            "child_protection_plans": [
                {
                    **_CHILD,
                    "disability": "b) No",
                    "cpp_start_date": date(2023, 5, 2),
                    "initial_category": "a) Neglect",
                    "latest_category": "a) Neglect",
                    "last_visit_date": date(2024, 3, 20),
                    "seen_alone": "a) Yes",
                    "last_review_date": date(2023, 8, 1),
                    "emergency_protection": "b) No",
                    "previous_plans": 0,
                    **_ALLOCATION,
                }
            ],
            "children_in_care": [
                {
                    "child_id": "C2001",
                    "gender": "a) Male",
                    "ethnicity": "b) WIRI",
                    "date_of_birth": date(2010, 3, 3),
                    "age": 14,
                    "uasc": "b) No",
                    "disability": "b) No",
                    "care_start_date": date(2020, 9, 1),
                    "category_of_need": "a) N1: Abuse or neglect",
                    "subsequent_period": "b) No",
                    "legal_status_start_date": date(2020, 9, 1),
                    "legal_status": "b) C2: Full care order",
                    "last_review_date": date(2024, 2, 1),
                    "last_visit_date": date(2024, 3, 15),
                    "permanence_plan": "f) Long-term fostering",
                    "last_iro_contact_date": date(2024, 2, 1),
                    "last_health_assessment_date": date(2023, 12, 1),
                    "last_dental_check_date": date(2023, 11, 1),
                    "placements_last_12_months": 1,
                    "placement_start_date": date(2020, 9, 1),
                    "placement_type": "f) U6: Foster placement - not FFA",
                    "placement_provider": "b) PR1: Own provision",
                    "placement_postcode": "AB1 2CD",
                    "placement_location": "a) In",
                    "placement_la": "Home Town",
                    "missing_episodes": 0,
                    "absent_episodes": 0,
                    "team": "Children in Care Team",
                    "worker": "Ben O'Neill",
                }
            ],
            "care_leavers": [
                {
                    "child_id": "C3001",
                    "gender": "b) Female",
                    "ethnicity": "p) BAFR",
                    "date_of_birth": date(2004, 10, 10),
                    "age": 19,
                    "uasc": "b) No",
                    "disability": "b) No",
                    "team": "Leaving Care",
                    "worker": "Chloë Adeyemi",
                    "personal_advisor": "Dafydd Price",
                    "eligibility": "b) Former relevant child",
                    "pathway_plan_review_date": date(2024, 2, 1),
                    "in_touch": "a) Yes",
                    "latest_contact_date": date(2024, 3, 1),
                    "accommodation": "U: Independent living",
                    "accommodation_suitable": "a) Suitable",
                    "activity": "F2: Full time in education other than higher",
                }
            ],
            "adoption": [
                {
                    "child_id": "C4001",
                    "family_id": "F1",
                    "gender": "a) Male",
                    "ethnicity": "a) WBRI",
                    "date_of_birth": date(2021, 1, 1),
                    "age": 3,
                    "disability": "b) No",
                    "care_start_date": date(2021, 2, 1),
                    "adoption_decision_date": date(2021, 6, 1),
                    "placement_order_date": date(2021, 9, 1),
                    "matched_date": date(2021, 11, 1),
                    "placed_date": date(2021, 12, 1),
                    "adoption_order_date": date(2022, 6, 1),
                }
            ],
            "adopters": [
                {
                    "adopter_id": "A5001",
                    "family_id": "F1",
                    "gender": "a) Male",
                    "ethnicity": "a) WBRI",
                    "disability": "b) No",
                    "fostering_for_adoption": "b) No",
                    "enquiry_date": date(2021, 1, 1),
                    "stage1_start_date": date(2021, 1, 15),
                    "stage1_end_date": date(2021, 3, 1),
                    "stage2_start_date": date(2021, 3, 15),
                    "stage2_end_date": date(2021, 7, 1),
                    "application_date": date(2021, 3, 15),
                    "approved_date": date(2021, 8, 1),
                    "matched_date": date(2021, 11, 1),
                    "placed_date": date(2021, 12, 1),
                    "children_placed": 1,
                    "adoption_order_date": date(2022, 6, 1),
                }
            ],
        }
    )


def column_order(annex_list: AnnexAList, order: list[str] | None = None) -> list[str]:
    """The list's column keys in the given order (default: the specification's)."""
    return order if order is not None else [column.key for column in annex_list.columns]


def write_workbook(
    path: Path,
    rows: Rows | None = None,
    *,
    headers: dict[str, dict[str, str]] | None = None,
    orders: dict[str, list[str]] | None = None,
    sheet_names: dict[str, str] | None = None,
    title_rows: dict[str, list[str]] | None = None,
    formulas: dict[tuple[str, int, str], tuple[str, Any]] | None = None,
    extra_sheets: dict[str, list[list[Any]]] | None = None,
) -> Path:
    """Write an Annex A workbook: one sheet per list in ``rows`` (default `valid_return()`).

    ``headers`` renames columns by key; ``orders`` sets a list's column order; ``sheet_names``
    renames sheets; ``title_rows`` puts lines above a header; ``formulas`` replaces the cell of
    (list key, data row position, column key) with (formula, cached value); ``extra_sheets``
    adds sheets of plain cells after the lists.
    """
    rows = valid_return() if rows is None else rows
    workbook = xlsxwriter.Workbook(str(path))
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for list_key, records in rows.items():
        annex_list = list_by_key(list_key)
        sheet = workbook.add_worksheet((sheet_names or {}).get(list_key, annex_list.sheet))
        top = 0
        for line in (title_rows or {}).get(list_key, []):
            sheet.write_string(top, 0, line)
            top += 1
        keys = column_order(annex_list, (orders or {}).get(list_key))
        renamed = (headers or {}).get(list_key, {})
        for position, key in enumerate(keys):
            sheet.write_string(top, position, renamed.get(key, annex_list.column(key).header))
        for offset, record in enumerate(records, start=1):
            for position, key in enumerate(keys):
                formula = (formulas or {}).get((list_key, offset - 1, key))
                if formula is not None:
                    sheet.write_formula(top + offset, position, formula[0], date_format, formula[1])
                else:
                    _write_cell(sheet, top + offset, position, record.get(key), date_format)
    for name, cells in (extra_sheets or {}).items():
        sheet = workbook.add_worksheet(name)
        for row, values in enumerate(cells):
            for column, value in enumerate(values):
                _write_cell(sheet, row, column, value, date_format)
    workbook.close()
    return path


def _write_cell(sheet: Any, row: int, column: int, value: Any, date_format: Any) -> None:
    if value is None:
        return
    if isinstance(value, (date, datetime)):
        moment = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
        sheet.write_datetime(row, column, moment, date_format)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, column, value)
    else:
        sheet.write_string(row, column, str(value))


def write_csv_folder(
    folder: Path,
    rows: Rows | None = None,
    *,
    names: dict[str, str] | None = None,
    separator: str = ",",
    encoding: str = "utf-8",
) -> Path:
    """Write each list as a CSV file in ``folder`` (dates as dd/mm/yyyy, as Excel saves them)."""
    rows = valid_return() if rows is None else rows
    folder.mkdir(parents=True, exist_ok=True)
    for list_key, records in rows.items():
        annex_list = list_by_key(list_key)
        name = (names or {}).get(list_key, f"{annex_list.sheet}.csv")
        keys = column_order(annex_list)
        with open(folder / name, "w", encoding=encoding, newline="") as sink:
            writer = csv.writer(sink, delimiter=separator)
            writer.writerow([annex_list.column(key).header for key in keys])
            for record in records:
                writer.writerow([_csv_cell(record.get(key)) for key in keys])
    return folder


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def write_big_contacts(path: Path, rows: int) -> None:
    """A workbook whose List 1 has ``rows`` contacts in the year to 31 March 2024, written fast
    (constant memory; ids as floats and dates as plain serial numbers, as some exports do)."""
    chooser = random.Random(11)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("List 1")
    sheet.write_row(
        0, 0, ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Date of Contact", "Contact Source"]
    )
    first, end = date(2023, 4, 1), date(2024, 3, 31)
    genders, ethnicities = ("a) Male", "b) Female"), ("a) WBRI", "s) NOBT", "k) APKN", "WBRI - White British")
    sources = ("q) 6: Police", "b) 1B: Individual", "e) 2A: Schools", "j) 3D: Health services")
    for row in range(1, rows + 1):
        birth = date(2006, 4, 1) + timedelta(days=chooser.randrange(6000))
        contact = first + timedelta(days=chooser.randrange(366))
        age = end.year - birth.year - ((end.month, end.day) < (birth.month, birth.day))
        sheet.write_row(
            row,
            0,
            [
                float(500000 + row),
                chooser.choice(genders),
                chooser.choice(ethnicities),
                excel_serial(birth),
                age,
                excel_serial(contact),
                chooser.choice(sources),
            ],
        )
    workbook.close()


def add_lying_part(workbook: Path, *, unpacked: int, declared: int, name: str = "xl/media/padding.xml") -> Path:
    """Add to a workbook a part that really unpacks to ``unpacked`` bytes (spaces, which compress
    a thousandfold) but whose local header and central directory both declare ``declared``: the
    shape of a zip bomb, which trusts readers to believe what the archive says."""
    import struct
    import zipfile

    with zipfile.ZipFile(workbook, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, b" " * unpacked)
    data = bytearray(workbook.read_bytes())
    encoded = name.encode()
    patched = 0
    for signature, size_at, name_length_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        start = data.find(signature)
        while start != -1:
            length = struct.unpack_from("<H", data, start + name_length_at)[0]
            if bytes(data[start + name_at : start + name_at + length]) == encoded:
                struct.pack_into("<L", data, start + size_at, declared)
                patched += 1
            start = data.find(signature, start + 4)
    assert patched == 2, "the part's local header and its central directory entry"
    workbook.write_bytes(bytes(data))
    return workbook
