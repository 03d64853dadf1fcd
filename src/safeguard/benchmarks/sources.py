"""Finding and reading the published benchmark files, however their publishers lay them out.

The files come from several publishers (DfE's LAIT, the ONS through DfE, Ofsted through a
community scraper), each with its own habits: LAIT keeps numbers as text with "-" for missing,
the neighbour workbook has two banner rows above its header and pairs each neighbour with a
closeness column, and the ONS file writes "x" for a figure it does not publish. Each reader
here turns one file into a Parquet file with plain, typed columns, and stops with one line
naming the file and what it lacks when the file is not what its name promises.

Column headers are matched without regard to case, spaces or punctuation, so a re-saved file
("LA number" for "LA Number") still loads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from python_calamine import CalamineError, CalamineWorkbook

from safeguard.errors import SafeguardError


def header_key(name: object) -> str:
    """A header reduced to lower-case letters and digits, so spelling variants compare equal."""
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


@dataclass(frozen=True)
class SourceKind:
    """One kind of published file: what it is, how to recognise it, how to read it."""

    role: str
    description: str
    expected: str
    patterns: tuple[str, ...]
    read: Callable[[Path, Path], int]


@dataclass(frozen=True)
class FoundSource:
    """The file chosen for one kind of source."""

    kind: SourceKind
    path: Path


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns_of(connection: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    return [row[0] for row in connection.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()]


def _match_columns(path: Path, present: Sequence[str], wanted: dict[str, tuple[str, ...]], what: str) -> dict[str, str]:
    """Map each wanted field to the file's own header, or stop naming the headers missing.

    ``wanted`` maps our field name to the header keys it may appear under; the first present wins.
    """
    by_key = {header_key(name): name for name in present}
    found: dict[str, str] = {}
    missing: list[str] = []
    for field, keys in wanted.items():
        header = next((by_key[key] for key in keys if key in by_key), None)
        if header is None:
            missing.append(keys[0])
        else:
            found[field] = header
    if missing:
        raise SafeguardError(
            f"{path}: not a {what}: no column {', '.join(repr(name) for name in missing)} "
            f"(columns found: {', '.join(present[:12])})."
        )
    return found


def _copy_to_parquet(select: str, destination: Path) -> int:
    """Run one SELECT with DuckDB and write its rows to ``destination``; return the row count."""
    connection = duckdb.connect()
    try:
        table = connection.sql(select).to_arrow_table()
    finally:
        connection.close()
    pq.write_table(table, destination)
    return table.num_rows


def _relation(path: Path) -> str:
    """A DuckDB table function reading ``path`` with every column as text (CSV) or as stored."""
    literal = "'" + str(path).replace("'", "''") + "'"
    if path.suffix.lower() == ".parquet":
        return f"read_parquet({literal})"
    return f"read_csv({literal}, all_varchar = true, header = true)"


def _open_relation(path: Path) -> tuple[duckdb.DuckDBPyConnection, str, list[str]]:
    connection = duckdb.connect()
    relation = _relation(path)
    try:
        columns = _columns_of(connection, relation)
    except duckdb.Error as error:
        connection.close()
        raise SafeguardError(f"{path}: cannot be read as {path.suffix.lstrip('.')}: {error}".splitlines()[0]) from error
    return connection, relation, columns


def _whole_number(expression: str) -> str:
    """SQL turning a code such as '301', '301.0' or 301.0 into the integer 301 (else NULL)."""
    return f"TRY_CAST(TRY_CAST(trim(CAST({expression} AS VARCHAR)) AS DOUBLE) AS INTEGER)"


def read_lait_values(path: Path, destination: Path) -> int:
    """LAIT's long data: one row per measure, year label and area, the value as a number.

    LAIT stores values as text; anything that is not a number (its "-" for not available) becomes
    NULL and the original text is kept in ``value_note``. ``year`` is the first four-digit year of
    the label, as LAIT itself orders years.
    """
    connection, relation, columns = _open_relation(path)
    connection.close()
    names = _match_columns(
        path,
        columns,
        {
            "measure": ("shortdesc", "measureshort", "measure"),
            "year_label": ("years", "year"),
            "area": ("laandregions", "area", "laname"),
            "value": ("values", "value"),
            "la_number": ("lanumber", "lanum", "lacode"),
        },
        "LAIT long data file",
    )
    text_value = f"trim(CAST({_quoted(names['value'])} AS VARCHAR))"
    select = f"""
        SELECT
            CAST({_quoted(names['measure'])} AS VARCHAR) AS measure,
            CAST({_quoted(names['year_label'])} AS VARCHAR) AS year_label,
            TRY_CAST(regexp_extract(CAST({_quoted(names['year_label'])} AS VARCHAR), '(\\d{{4}})', 1) AS INTEGER) AS year,
            {_whole_number(_quoted(names['la_number']))} AS la_number,
            CAST({_quoted(names['area'])} AS VARCHAR) AS area,
            TRY_CAST({text_value} AS DOUBLE) AS value,
            CASE WHEN TRY_CAST({text_value} AS DOUBLE) IS NULL THEN {text_value} END AS value_note
        FROM {relation}
        WHERE {_quoted(names['measure'])} IS NOT NULL
    """
    return _copy_to_parquet(select, destination)


def read_lait_dictionary(path: Path, destination: Path) -> int:
    """LAIT's data dictionary: each measure's title, polarity, unit label and year type.

    A measure listed under two topics appears once (its first listing); the two listings agree
    on polarity in the published file. ``polarity`` is ``high`` or ``low`` where LAIT ranks the
    measure, NULL where it does not ("-" or "NA").
    """
    connection, relation, columns = _open_relation(path)
    connection.close()
    names = _match_columns(
        path,
        columns,
        {
            "measure": ("measureshort",),
            "measure_id": ("measurecode",),
            "topic": ("topic",),
            "title": ("measure",),
            "polarity": ("polarity",),
            "unit_label": ("yaxisname",),
            "year_type": ("yeartype",),
        },
        "LAIT data dictionary",
    )
    optional = {header_key(name): name for name in columns}
    no_quartile = optional.get("noquartile")
    no_quartile_sql = f"coalesce(upper(trim({_quoted(no_quartile)})) = 'N', false)" if no_quartile else "false"
    select = f"""
        SELECT measure, measure_id, topic, title, polarity, polarity_text, unit_label, year_type, no_quartile
        FROM (
            SELECT
                trim({_quoted(names['measure'])}) AS measure,
                trim({_quoted(names['measure_id'])}) AS measure_id,
                {_quoted(names['topic'])} AS topic,
                {_quoted(names['title'])} AS title,
                CASE lower(trim({_quoted(names['polarity'])})) WHEN 'high' THEN 'high' WHEN 'low' THEN 'low' END AS polarity,
                trim({_quoted(names['polarity'])}) AS polarity_text,
                {_quoted(names['unit_label'])} AS unit_label,
                {_quoted(names['year_type'])} AS year_type,
                {no_quartile_sql} AS no_quartile,
                row_number() OVER (PARTITION BY trim({_quoted(names['measure'])})) AS listing
            FROM {relation}
            WHERE {_quoted(names['measure'])} IS NOT NULL
        )
        WHERE listing = 1
        ORDER BY measure
    """
    return _copy_to_parquet(select, destination)


def _sheet_rows(path: Path) -> list[list[object]]:
    """The rows of a workbook's first sheet that has any, as Python values."""
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            if rows:
                return cast(list[list[object]], rows)  # new lists, ours alone: widening what they hold is safe
    except (CalamineError, OSError, ValueError) as error:
        raise SafeguardError(f"{path}: cannot be read as a workbook: {error}".splitlines()[0]) from error
    raise SafeguardError(f"{path}: the workbook has no rows.")


def _table_rows(path: Path) -> list[list[object]]:
    """A small table (workbook or CSV) as rows of values, header row included."""
    if path.suffix.lower() in {".xlsx", ".xlsm", ".xls", ".ods"}:
        return _sheet_rows(path)
    connection, relation, columns = _open_relation(path)
    try:
        body = connection.execute(f"SELECT * FROM {relation}").fetchall()
    finally:
        connection.close()
    return [list(columns), *[list(row) for row in body]]


def _header_row(path: Path, rows: list[list[object]], required_keys: Iterable[str], what: str) -> int:
    """The index of the first row (within the first 20) holding every required header."""
    required = set(required_keys)
    for index, row in enumerate(rows[:20]):
        if required <= {header_key(cell) for cell in row}:
            return index
    raise SafeguardError(
        f"{path}: not a {what}: no row among the first 20 has the headers "
        f"{', '.join(sorted(required))}."
    )


def _code(value: object) -> int | None:
    """A council number from a cell (301, 301.0, '301', '301.0'); None for blanks and words."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _text(value: object) -> str | None:
    text = "" if value is None else str(value).strip()
    return text or None


def _write_rows(destination: Path, schema: pa.Schema, records: list[dict[str, object]]) -> int:
    pq.write_table(pa.Table.from_pylist(records, schema=schema), destination)
    return len(records)


def read_council_list(path: Path, destination: Path) -> int:
    """LAIT's list of councils with their region and type (England and regions are kept too)."""
    rows = _table_rows(path)
    start = _header_row(path, rows, ("lanumber", "laname"), "council code list")
    headers = [header_key(cell) for cell in rows[start]]
    position = {key: headers.index(key) for key in ("lanumber", "laname", "region", "type") if key in headers}
    if "region" not in position:
        raise SafeguardError(f"{path}: not a council code list: no column 'Region'.")
    records: list[dict[str, object]] = []
    for row in rows[start + 1:]:
        number = _code(row[position["lanumber"]])
        if number is None:
            continue
        records.append(
            {
                "la_number": number,
                "name": _text(row[position["laname"]]),
                "region": _text(row[position["region"]]),
                "type": _text(row[position["type"]]) if "type" in position else None,
            }
        )
    schema = pa.schema([("la_number", pa.int32()), ("name", pa.string()), ("region", pa.string()), ("type", pa.string())])
    return _write_rows(destination, schema, records)


NEIGHBOUR_SCHEMA = pa.schema(
    [
        ("la_number", pa.int32()),
        ("la_name", pa.string()),
        ("comparison_region", pa.string()),
        ("rank", pa.int16()),
        ("neighbour_la_number", pa.int32()),
        ("closeness", pa.string()),
    ]
)


def read_neighbours(path: Path, destination: Path) -> int:
    """The statistical neighbours: ten per council, in order, with DfE's closeness label.

    Reads either LAIT's workbook (a header row with ``LA num``, ``GOReg`` and ``SN1``..``SN10``,
    each followed by its ``SNP`` closeness column) or the long CSV (council, neighbour, rank,
    closeness). Only the workbook names the region LAIT compares each council with
    (``GOReg``, e.g. "London (Inner)"); from the long file it is left empty and taken from the
    council list instead.
    """
    rows = _table_rows(path)
    keys_in_first_rows = {header_key(cell) for row in rows[:20] for cell in row}
    if {"lanum", "sn1"} <= keys_in_first_rows or {"lanumber", "sn1"} <= keys_in_first_rows:
        records = _neighbours_from_wide(path, rows)
    else:
        records = _neighbours_from_long(path, rows)
    if not records:
        raise SafeguardError(f"{path}: no statistical neighbours found in the file.")
    return _write_rows(destination, NEIGHBOUR_SCHEMA, records)


def _neighbours_from_wide(path: Path, rows: list[list[object]]) -> list[dict[str, object]]:
    start = next(
        index
        for index, row in enumerate(rows[:20])
        if "sn1" in {header_key(cell) for cell in row}
    )
    headers = [header_key(cell) for cell in rows[start]]
    council_column = headers.index("lanum") if "lanum" in headers else headers.index("lanumber")
    name_column = headers.index("laname") if "laname" in headers else None
    region_column = headers.index("goreg") if "goreg" in headers else None
    neighbour_columns = []
    for rank in range(1, 11):
        key = f"sn{rank}"
        if key not in headers:
            raise SafeguardError(f"{path}: not a statistical neighbours workbook: no column 'SN{rank}'.")
        column = headers.index(key)
        closeness = column + 1 if column + 1 < len(headers) and headers[column + 1] == "snp" else None
        neighbour_columns.append((rank, column, closeness))
    records: list[dict[str, object]] = []
    for row in rows[start + 1:]:
        council = _code(row[council_column])
        if council is None:
            continue
        for rank, column, closeness in neighbour_columns:
            neighbour = _code(row[column]) if column < len(row) else None
            if neighbour is None:
                continue
            records.append(
                {
                    "la_number": council,
                    "la_name": _text(row[name_column]) if name_column is not None else None,
                    "comparison_region": _text(row[region_column]) if region_column is not None else None,
                    "rank": rank,
                    "neighbour_la_number": neighbour,
                    "closeness": _text(row[closeness]) if closeness is not None else None,
                }
            )
    return records


def _neighbours_from_long(path: Path, rows: list[list[object]]) -> list[dict[str, object]]:
    start = _header_row(path, rows, ("lacode", "snlacode", "rank"), "statistical neighbours file")
    headers = [header_key(cell) for cell in rows[start]]
    column = {key: headers.index(key) for key in ("lacode", "laname", "rank", "snlacode", "closeness") if key in headers}
    records: list[dict[str, object]] = []
    for row in rows[start + 1:]:
        council, neighbour, rank = (_code(row[column[key]]) for key in ("lacode", "snlacode", "rank"))
        if council is None or neighbour is None or rank is None:
            continue
        records.append(
            {
                "la_number": council,
                "la_name": _text(row[column["laname"]]) if "laname" in column else None,
                "comparison_region": None,
                "rank": rank,
                "neighbour_la_number": neighbour,
                "closeness": _text(row[column["closeness"]]) if "closeness" in column else None,
            }
        )
    return records


def read_populations(path: Path, destination: Path) -> int:
    """ONS mid-year estimates of children aged 0 to 17, for England, regions and councils.

    ``mid_year`` is the year of the estimate (30 June); DfE divides a year ending March by the
    estimate of the mid-year before it. Figures the file withholds ("x") are NULL.
    """
    connection, relation, columns = _open_relation(path)
    connection.close()
    names = _match_columns(
        path,
        columns,
        {
            "mid_year": ("timeperiod",),
            "level": ("geographiclevel",),
            "la_number": ("oldlacode",),
            "ons_code": ("newlacode",),
            "la_name": ("laname",),
            "region_name": ("regionname",),
            "age_group": ("agegroup",),
            "population": ("populationestimate",),
        },
        "ONS mid-year population file",
    )
    select = f"""
        SELECT
            TRY_CAST({_quoted(names['mid_year'])} AS INTEGER) AS mid_year,
            lower({_quoted(names['level'])}) AS level,
            {_whole_number(_quoted(names['la_number']))} AS la_number,
            NULLIF(trim({_quoted(names['ons_code'])}), '') AS ons_code,
            coalesce(NULLIF(trim({_quoted(names['la_name'])}), ''), NULLIF(trim({_quoted(names['region_name'])}), ''), 'England') AS name,
            TRY_CAST(TRY_CAST(trim({_quoted(names['population'])}) AS DOUBLE) AS BIGINT) AS population
        FROM {relation}
        WHERE regexp_matches(lower({_quoted(names['age_group'])}), '0 to 17')
        ORDER BY mid_year, level, la_number
    """
    count = _copy_to_parquet(select, destination)
    if count == 0:
        raise SafeguardError(f"{path}: no rows for children aged 0 to 17.")
    return count


OFSTED_FIELDS: dict[str, tuple[str, ...]] = {
    "la_number": ("lacode",),
    "name": ("localauthority",),
    "overall_effectiveness": ("overalleffectivenessgrade",),
    "impact_of_leaders": ("impactofleadersgrade",),
    "help_and_protection": ("helpandprotectiongrade",),
    "in_care": ("incaregrade",),
    "care_leavers": ("careleaversgrade",),
    "framework": ("inspectionframework",),
    "inspection_start": ("inspectionstartdate",),
    "inspection_end": ("inspectionenddate",),
    "published": ("publicationdate",),
    "report_link": ("inspectionlink",),
}


def read_ofsted_grades(path: Path, destination: Path) -> int:
    """Each council's latest ILACS judgements, as the scraper of Ofsted's reports lists them.

    Grades stay in Ofsted's words ("requires improvement"); dates stay as published text
    (day/month/year), since the scraper mixes two- and four-digit years.
    """
    rows = _table_rows(path)
    start = _header_row(path, rows, ("lacode", "overalleffectivenessgrade"), "Ofsted ILACS grades file")
    headers = [header_key(cell) for cell in rows[start]]
    position = {field: next((headers.index(key) for key in keys if key in headers), None) for field, keys in OFSTED_FIELDS.items()}
    number_column = headers.index("lacode")  # _header_row has found it
    records: list[dict[str, object]] = []
    for row in rows[start + 1:]:
        number = _code(row[number_column])
        if number is None:
            continue
        record: dict[str, object] = {"la_number": number}
        for field, column in position.items():
            if field != "la_number":
                record[field] = _text(row[column]) if column is not None and column < len(row) else None
        records.append(record)
    schema = pa.schema([("la_number", pa.int32()), *[(field, pa.string()) for field in OFSTED_FIELDS if field != "la_number"]])
    return _write_rows(destination, schema, records)


SOURCE_KINDS: tuple[SourceKind, ...] = (
    SourceKind("lait_values", "LAIT long data", "bds_long*.parquet (or .csv)", ("bds_long*.parquet", "bds_long*.csv"), read_lait_values),
    SourceKind("lait_measures", "LAIT data dictionary", "lait_data_dictionary.csv", ("*data_dictionary*.csv",), read_lait_dictionary),
    SourceKind("councils", "council code list", "la_code_list.xlsx (or .csv)", ("la_code_list*.xlsx", "la_code_list*.csv"), read_council_list),
    SourceKind(
        "neighbours",
        "statistical neighbours",
        "sn_<month>_<year>.xlsx or sn_<month>_<year>_long.csv",
        ("sn_*.xlsx", "sn_*_long.csv"),
        read_neighbours,
    ),
    SourceKind(
        "populations",
        "ONS mid-year populations aged 0 to 17",
        "ons_mid-year_population_estimates_*.csv",
        ("*mid-year_population_estimates*.csv", "*mid_year_population_estimates*.csv"),
        read_populations,
    ),
    SourceKind("ofsted_grades", "Ofsted ILACS grades", "ofsted_csc_ilacs_overview.xlsx", ("*ilacs_overview*.xlsx", "*ilacs_overview*.csv"), read_ofsted_grades),
)


_NEIGHBOUR_NAME = re.compile(r"^sn_[a-z]+_(\d{4})(_long)?\.(xlsx|csv)$", re.IGNORECASE)


def _preference(kind: SourceKind, path: Path) -> tuple[int, int, str]:
    """How to choose among several matching files: newest neighbour year, then workbook, then name.

    The neighbour workbook is preferred to its long CSV because only the workbook names the
    region LAIT compares each council with.
    """
    if kind.role == "neighbours":
        match = _NEIGHBOUR_NAME.match(path.name)
        year = int(match.group(1)) if match else 0
        return (-year, 0 if path.suffix.lower() == ".xlsx" else 1, str(path))
    return (0, 0, str(path))


def find_sources(folder: Path) -> list[FoundSource]:
    """Choose one file per kind of source under ``folder``; stop at the first kind with none."""
    if not folder.is_dir():
        raise SafeguardError(f"{folder}: no such folder of published benchmark files.")
    found = []
    for kind in SOURCE_KINDS:
        candidates = {path for pattern in kind.patterns for path in folder.rglob(pattern) if path.is_file()}
        if kind.role == "neighbours":
            candidates = {path for path in candidates if _NEIGHBOUR_NAME.match(path.name)}
        if not candidates:
            raise SafeguardError(f"{folder}: no {kind.description} file (expected {kind.expected}).")
        found.append(FoundSource(kind, min(candidates, key=lambda path: _preference(kind, path))))
    return found
