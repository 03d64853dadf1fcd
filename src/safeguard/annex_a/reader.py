"""Opening an Annex A return and finding its lists, headers and data rows.

The return is an Excel workbook (xlsx, and the xls and ods that python-calamine also reads) or a
folder of CSV files, one per list. What the file is comes from its first bytes, never its name:
a CSV renamed ``.xlsx`` or a Word document is refused with a sentence saying what it really is.

Lists are found by name first ("List 1", "list1", "List 1 - Contacts", "Annex A - List 3",
"list_1.csv", "referrals.csv"), and a sheet with an unhelpful name ("Sheet1") by its headers.
The header row is whichever of the first `HEADER_SEARCH_ROWS` rows matches most of the list's
headers, so title rows above it do no harm. Headers match loosely (`HeaderIndex`), in any order;
each column keeps its real position, so reports give the column letter the analyst sees.

This module reports facts (what was found where); `safeguard.annex_a.rules` judges them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO, cast
from xml.etree import ElementTree

import python_calamine

from safeguard.annex_a.cells import is_blank, normalise, without_brackets
from safeguard.annex_a.spec import LISTS, AnnexAList

HEADER_SEARCH_ROWS = 20
"""How far down a sheet to look for its header row."""

MINIMUM_HEADER_MATCHES = 3
"""A row is a header row only if at least this many of its cells are the list's headers."""

Progress = Callable[[str, float], None]
"""Told (what is happening, fraction done from 0 to 1) as a return is read and checked."""


class UnreadableSource(Exception):
    """The path cannot be read as an Annex A return at all. ``rule`` is the rule id reported."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


def column_letter(index: int) -> str:
    """Excel's letter for a 0-based column index: 0 -> "A", 25 -> "Z", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


@dataclass(frozen=True)
class ColumnPosition:
    """Where one column of the list sits in the sheet, and its header as written."""

    index: int
    header: str

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass
class SheetGrid:
    """One list's sheet (or CSV file) as found: header, column positions and data rows."""

    annex_list: AnnexAList
    file: str
    sheet: str | None
    """The sheet's name; ``None`` for a CSV file (the file is the list)."""
    header_row: int | None = None
    """The header's Excel row number; ``None`` when no header row was found."""
    columns: dict[str, ColumnPosition] = field(default_factory=dict)
    """Each recognised column of the list, by its key."""
    extra_columns: list[ColumnPosition] = field(default_factory=list)
    """Headers that are none of the list's columns."""
    repeated_columns: list[tuple[str, ColumnPosition]] = field(default_factory=list)
    """A second (third...) column with the header of a column already found; only the first is read."""
    rows: list[list[object]] = field(default_factory=list)
    """The data rows below the header, wholly blank rows left out."""
    row_numbers: list[int] = field(default_factory=list)
    """The Excel row number of each data row."""
    formula_cells: set[tuple[int, int]] = field(default_factory=set)
    """(Excel row, column index) of cells that hold a formula."""
    found_by: str = "name"
    """How the list was recognised: by the sheet's "name" or by its "headers"."""
    title_cells: list[tuple[int, int, str]] = field(default_factory=list)
    """(Excel row, column index, text) of the words written above the header row: a sheet's own
    title, which may say what period the return covers."""

    def column_values(self, key: str) -> list[object]:
        """The raw cells of one recognised column, one per data row."""
        index = self.columns[key].index
        return [row[index] for row in self.rows]


@dataclass
class Source:
    """A return opened: its identity, and each list found in it."""

    path: Path
    name: str
    sha256: str
    grids: dict[str, SheetGrid] = field(default_factory=dict)
    """Each list found, by list key."""
    other_sheets: list[str] = field(default_factory=list)
    """Sheets or CSV files that are none of the lists."""
    repeated_sheets: list[tuple[str, str, str]] = field(default_factory=list)
    """(list key, sheet used, sheet ignored) when two sheets look like the same list."""
    unreadable_files: list[tuple[str, str]] = field(default_factory=list)
    """(CSV file, reason) for CSV files in a folder that could not be read."""


# Recognising lists by name

_LIST_NUMBER = re.compile(r"(?<![a-z])list[\s_\-.:#]*0?(\d{1,2})(?!\d)", re.I)
_ANNEX_A = re.compile(r"^annex a\b\s*")
_LIST_NAMES: dict[str, int] = {
    **{normalise(annex_list.title): annex_list.number for annex_list in LISTS},
    **{normalise(annex_list.key): annex_list.number for annex_list in LISTS},
    "contact": 1,
    "early help": 2,
    "referral": 3,
    "assessment": 4,
    "s47": 5,
    "s47s": 5,
    "section 47": 5,
    "section 47 enquiries": 5,
    "s47 enquiries": 5,
    "s47 and icpc": 5,
    "cin": 6,
    "child in need": 6,
    "cp": 7,
    "cpp": 7,
    "cp plans": 7,
    "child protection": 7,
    "child protection plans": 7,
    "cla": 8,
    "lac": 8,
    "looked after": 8,
    "looked after children": 8,
    "children looked after": 8,
    "care leaver": 9,
    "care leavers": 9,
    "adoption": 10,
    "adoptions": 10,
    "adopter": 11,
    "adopters": 11,
}


def list_for_name(name: str) -> AnnexAList | None:
    """The list a sheet or CSV file name stands for, if it names one."""
    number = _LIST_NUMBER.search(name)
    if number and 1 <= int(number[1]) <= len(LISTS):
        return LISTS[int(number[1]) - 1]
    words = _ANNEX_A.sub("", normalise(name))
    found = _LIST_NAMES.get(words)
    return LISTS[found - 1] if found else None


# Recognising headers

_NUMBERING = re.compile(r"^\s*(?:\(?[a-z0-9]{1,2}[).:]|\d{1,2}\s)\s*", re.I)
_STOPWORDS = frozenset({"the", "of", "a", "an", "y", "n", "yn", "in", "to", "for", "is", "was", "did", "does"})
_ABBREVIATIONS = {
    "icpc": "initial child protection conference",
    "icpcs": "initial child protection conferences",
    "cpp": "child protection plan",
    "cp": "child protection",
    "s47": "section 47",
    "cin": "child need",
    "dob": "date birth",
    "la": "local authority",
    "no": "number",
}


def _words(text: str) -> frozenset[str]:
    """A header's significant words, common abbreviations spelled out ("ICPC", "S47", "DOB")."""
    words = " ".join(_ABBREVIATIONS.get(word, word) for word in normalise(text).split())
    return frozenset(words.split()) - _STOPWORDS


class HeaderIndex:
    """Tolerant matching of one list's headers.

    A header matches a column, in order of preference, when after `normalise` (case, spaces,
    punctuation, curly quotes) it:

    1. equals the column's Ofsted header, one of its aliases or its key ("child_id"), also
       once bracketed parts ("(Years)", "(Y/N)") or a leading "1." / "a)" are removed;
    2. has the same significant words ("Birth Date" = "Date of Birth");
    3. has only words of one column's header, at least three and half of them ("Number of
       episodes missing from placement in last 12 months"); or holds all the words of exactly
       one column's header, and the most of them ("Date of birth dd/mm/yyyy").

    Any loose match that two columns of the list could claim is not made: a header is either
    read as the right column or reported as unknown, never read as the wrong one.
    """

    def __init__(self, annex_list: AnnexAList) -> None:
        self.annex_list = annex_list
        self._exact: dict[str, str] = {}
        words: dict[frozenset[str], set[str]] = {}
        for column in annex_list.columns:
            for spelling in (column.header, *column.header_aliases, column.key):
                for form in (normalise(spelling), normalise(without_brackets(spelling))):
                    if form:
                        self._exact.setdefault(form, column.key)
                words.setdefault(_words(spelling), set()).add(column.key)
        self._words = {key_words: next(iter(keys)) for key_words, keys in words.items() if len(keys) == 1 and key_words}

    def match(self, header: object, loosely: bool = True) -> str | None:
        """The key of the column this header names, if any; ``loosely=False`` leaves out the
        third kind of match."""
        if not isinstance(header, str) or not header.strip():
            return None
        for candidate in (header, without_brackets(header), _NUMBERING.sub("", header, count=1)):
            found = self._exact.get(normalise(candidate))
            if found:
                return found
        written = _words(header)
        return self._words.get(written) or (self._contained(written) if loosely else None)

    def _contained(self, written: frozenset[str]) -> str | None:
        within = {
            key
            for known, key in self._words.items()
            if len(written) >= 3 and written <= known and 2 * len(written) >= len(known)
        }
        if len(within) == 1:
            return within.pop()
        if within:
            return None
        holding = [(len(known), key) for known, key in self._words.items() if len(known) >= 2 and known <= written]
        holding.sort(reverse=True)
        if (
            holding
            and (len(holding) == 1 or holding[0][0] > holding[1][0])
            and len({key for _, key in holding[:1]}) == 1
        ):
            return holding[0][1]
        return None

    def count_matches(self, row: list[object]) -> int:
        """How many different columns of the list a row's cells name."""
        return len({key for key in map(self.match, row) if key})


_HEADER_INDEXES = {annex_list.key: HeaderIndex(annex_list) for annex_list in LISTS}


def header_index(annex_list: AnnexAList) -> HeaderIndex:
    return _HEADER_INDEXES[annex_list.key]


def find_header_row(annex_list: AnnexAList, top_rows: list[list[object]]) -> int | None:
    """The 0-based position of the header among the top rows (most matches; the first on a tie)."""
    index = header_index(annex_list)
    best, best_count = None, MINIMUM_HEADER_MATCHES - 1
    for position, row in enumerate(top_rows[:HEADER_SEARCH_ROWS]):
        count = index.count_matches(row)
        if count > best_count:
            best, best_count = position, count
    return best


def list_for_headers(top_rows: list[list[object]], exclude: set[str]) -> AnnexAList | None:
    """The list whose headers a sheet's top rows match best (at least 60% of its columns), for
    sheets whose name says nothing."""
    best, best_share = None, 0.6
    for annex_list in LISTS:
        if annex_list.key in exclude:
            continue
        index = header_index(annex_list)
        count = max((index.count_matches(row) for row in top_rows[:HEADER_SEARCH_ROWS]), default=0)
        share = count / len(annex_list.columns)
        if count >= MINIMUM_HEADER_MATCHES and share > best_share:
            best, best_share = annex_list, share
    return best


def build_grid(
    annex_list: AnnexAList,
    cells: list[list[object]],
    *,
    file: str,
    sheet: str | None,
    found_by: str,
    formula_cells: set[tuple[int, int]] | None = None,
) -> SheetGrid:
    """A list's grid from all of its sheet's cells (row 0 is Excel row 1)."""
    grid = SheetGrid(annex_list, file, sheet, found_by=found_by, formula_cells=formula_cells or set())
    header_at = find_header_row(annex_list, cells)
    if header_at is None:
        return grid
    grid.header_row = header_at + 1
    grid.title_cells = [
        (number, position, value.strip())
        for number, row in enumerate(cells[:header_at], start=1)
        for position, value in enumerate(row)
        if isinstance(value, str) and value.strip()
    ]
    _place_columns(grid, cells[header_at])
    for number, row in enumerate(cells[header_at + 1 :], start=header_at + 2):
        if _has_content(row):
            grid.rows.append(row)
            grid.row_numbers.append(number)
    return grid


def _place_columns(grid: SheetGrid, headers: list[object]) -> None:
    """Assign each header to a column: close matches first, so that a loose match ("Date of
    Birth of Mother") never takes the place of the real column written elsewhere in the row."""
    index = header_index(grid.annex_list)
    places = [ColumnPosition(position, str(header)) for position, header in enumerate(headers) if not is_blank(header)]
    close = {place.index: index.match(place.header, loosely=False) for place in places}
    claimed = {key for key in close.values() if key}
    for place in places:
        key = close[place.index]
        if key is None:
            loose = index.match(place.header)
            key = loose if loose not in claimed else None
        if key is None:
            grid.extra_columns.append(place)
        elif key in grid.columns:
            grid.repeated_columns.append((key, place))
        else:
            grid.columns[key] = place


def _has_content(row: list[object]) -> bool:
    """Whether a row holds anything but blanks ("#N/A" dragged down a sheet is blank)."""
    return any(value != "" and (value.__class__ is not str or not is_blank(value)) for value in row)


# Opening a path

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def open_source(path: Path, progress: Progress | None = None) -> Source:
    """Read a workbook or a folder of CSV files; raise `UnreadableSource` if it is neither."""
    path = Path(path)
    if not path.exists():
        raise UnreadableSource("file_missing", f"There is no file or folder called {path}.")
    if path.is_dir():
        return _open_folder(path, progress)
    size = path.stat().st_size
    if size == 0:
        raise UnreadableSource("file_empty", f"{path.name} is empty (0 bytes): nothing was saved into it.")
    with open(path, "rb") as stream:
        head = stream.read(8)
    if head.startswith(_ZIP):
        _check_workbook_zip(path)
    elif not head.startswith(_OLE):
        raise UnreadableSource("file_type", _describe_other_file(path))
    return _open_workbook(path, progress)


_ODS = b"application/vnd.oasis.opendocument.spreadsheet"


def _check_workbook_zip(path: Path) -> None:
    """A zip file must be an Excel workbook (xlsx, xlsb) or an OpenDocument spreadsheet, and must
    not unpack to more than `UNPACKED_LIMIT_BYTES` (checked before any parser opens it)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as error:
        raise UnreadableSource("file_unreadable", f"{path.name} is a damaged Excel file ({error}).") from error
    if "word/document.xml" in names:
        raise UnreadableSource("file_type", f"{path.name} is a Word document, not an Excel workbook.")
    check_unpacked_size(path)
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return
    if "mimetype" in names:
        with zipfile.ZipFile(path) as archive:
            if archive.read("mimetype").strip() == _ODS:
                return
    raise UnreadableSource("file_type", f"{path.name} is a zip archive, not an Excel workbook.")


# Zip bombs

UNPACKED_LIMIT_BYTES = 2 * 1024**3
"""The most a workbook may unpack to. A large council's five-year return unpacks to a few hundred
megabytes (the demo council's, 60,000 children, to 54 MB); a file that would unpack to more is
refused before any parser opens it. The web upload sets its own, lower limit."""

MAX_PARTS = 10_000
"""A workbook has tens of parts (sheets, styles, strings); many thousands is not a return."""

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
"""A zip member's local header (APPNOTE 4.3.7): its name and extra-field lengths are the last two."""
_INFLATE_BLOCK = 1 << 20


def check_unpacked_size(path: Path, limit: int | None = None, *, name: str | None = None) -> int:
    """The bytes a zip file really unpacks to, counted while unpacking it, or `UnreadableSource`
    as soon as the count passes ``limit`` (default `UNPACKED_LIMIT_BYTES`). Messages call the file
    ``name`` (default: the path's own), the name its owner knows it by.

    The sizes a zip declares are written by whoever made it: a "zip bomb" declares a few
    kilobytes and unpacks to gigabytes, and a parser that trusts the declaration runs out of
    memory. So nothing declared is believed: each part is inflated here in blocks (nothing kept),
    and a part whose real size or checksum differs from its declaration is refused too, since
    the parser reading it next would be misled. Several parts pointing at the same compressed
    bytes count once each, so overlapping parts are caught as well.
    """
    limit = UNPACKED_LIMIT_BYTES if limit is None else limit
    name = name or path.name
    total = 0
    try:
        with zipfile.ZipFile(path) as archive, open(path, "rb") as stream:
            entries = [entry for entry in archive.infolist() if not entry.is_dir()]
            if len(entries) > MAX_PARTS:
                raise UnreadableSource(
                    "file_too_large", f"{name} holds {len(entries):,} parts, far more than a workbook, so it was not opened."
                )
            for entry in entries:
                real, crc = _unpack(stream, entry, most=limit - total)
                total += real
                if total > limit:
                    raise UnreadableSource(
                        "file_too_large",
                        f"{name} would unpack to more than {_megabytes(limit)}, far more than a return holds, "
                        "so it was not opened (it may be a zip bomb).",
                    )
                if real != entry.file_size or crc != entry.CRC:
                    raise UnreadableSource(
                        "file_unreadable",
                        f"{name} is damaged or altered: its part {entry.filename} says it unpacks to "
                        f"{entry.file_size:,} bytes but really unpacks to {real:,}" + (" with other content." if real == entry.file_size else "."),
                    )
    except (zipfile.BadZipFile, zlib.error, OSError, struct.error) as error:
        raise UnreadableSource("file_unreadable", f"{name} is a damaged Excel file ({error}).") from error
    return total


def _unpack(stream: BinaryIO, entry: zipfile.ZipInfo, *, most: int) -> tuple[int, int]:
    """(bytes, CRC-32) one part really unpacks to; counting stops once it passes ``most``."""
    stream.seek(entry.header_offset)
    header = _LOCAL_HEADER.unpack(stream.read(_LOCAL_HEADER.size))
    if header[0] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"the part {entry.filename} has no header where the archive says")
    stream.seek(header[-2] + header[-1], os.SEEK_CUR)
    if entry.flag_bits & 0x1:
        raise zipfile.BadZipFile(f"the part {entry.filename} is encrypted")
    if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise zipfile.BadZipFile(f"the part {entry.filename} is compressed in a way Excel never uses")
    inflater = zlib.decompressobj(-zlib.MAX_WBITS) if entry.compress_type == zipfile.ZIP_DEFLATED else None
    size, crc, remaining = 0, 0, entry.compress_size
    while remaining and size <= most:
        data = stream.read(min(remaining, _INFLATE_BLOCK))
        if not data:
            raise zipfile.BadZipFile(f"the part {entry.filename} is cut short")
        remaining -= len(data)
        while data and size <= most:
            block = inflater.decompress(data, _INFLATE_BLOCK) if inflater else data
            data = inflater.unconsumed_tail if inflater else b""
            size += len(block)
            crc = zlib.crc32(block, crc)
    if inflater and size <= most:
        block = inflater.flush()
        size += len(block)
        crc = zlib.crc32(block, crc)
    return size, crc


def _megabytes(count: int) -> str:
    return f"{count / (1024 * 1024):,.0f} MB" if count >= 1024 * 1024 else f"{count:,} bytes"


def _describe_other_file(path: Path) -> str:
    with open(path, "rb") as stream:
        sample = stream.read(65536)
    if sample.startswith(b"%PDF"):
        return f"{path.name} is a PDF, not an Excel workbook."
    text = _decode(sample, strict=True)
    if text is not None and not _looks_binary(text):
        if text.lstrip().startswith("<"):
            return f"{path.name} is a web page or XML file, not an Excel workbook."
        if any(separator in text for separator in ",;\t"):
            return (
                f"{path.name} is a CSV text file, not an Excel workbook, whatever its name says. "
                "Put each list's CSV file in a folder (named like 'List 1.csv') and check the folder."
            )
        return f"{path.name} is a plain text file, not an Excel workbook."
    return f"{path.name} is not an Excel workbook or a CSV file (its content is not one Safeguard can read)."


def _open_workbook(path: Path, progress: Progress | None) -> Source:
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError as error:
        raise UnreadableSource(
            "file_unreadable", f"{path.name} is protected by a password; save a copy without one."
        ) from error
    except (python_calamine.CalamineError, OSError, ValueError) as error:
        raise UnreadableSource("file_unreadable", _damaged(path, error)) from error
    try:
        return _read_workbook(path, workbook, progress)
    except python_calamine.CalamineError as error:
        raise UnreadableSource("file_unreadable", _damaged(path, error)) from error


def _damaged(path: Path, error: Exception) -> str:
    return f"{path.name} could not be opened as a workbook (it may be damaged or protected by a password): {error}."


def _read_workbook(path: Path, workbook: python_calamine.CalamineWorkbook, progress: Progress | None) -> Source:
    source = Source(path, path.name, file_sha256(path))
    with workbook:
        names = list(workbook.sheet_names)
        matches = _match_sheets(names, lambda name: _sheet_cells(workbook, name, HEADER_SEARCH_ROWS), source)
        formulas = _formula_cells(path, [sheet for sheet, _, _ in matches])
        for done, (sheet, annex_list, found_by) in enumerate(matches, start=1):
            if progress:
                progress(f"Reading sheet '{sheet}'", (done - 1) / len(matches))
            cells = _sheet_cells(workbook, sheet)
            source.grids[annex_list.key] = build_grid(
                annex_list, cells, file=path.name, sheet=sheet, found_by=found_by, formula_cells=formulas.get(sheet)
            )
    return source


def _sheet_cells(workbook: python_calamine.CalamineWorkbook, name: str, rows: int | None = None) -> list[list[object]]:
    """A sheet's cells from A1 (skip_empty_area=False keeps Excel's row and column numbers)."""
    cells = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=rows)
    return cast(list[list[object]], cells)  # new lists, ours alone: widening what they hold is safe


def _match_sheets(
    names: list[str], top_rows: Callable[[str], list[list[object]]], source: Source
) -> list[tuple[str, AnnexAList, str]]:
    """Assign sheets (or CSV files) to lists: by name, then the rest by headers."""
    chosen: dict[str, tuple[str, AnnexAList, str]] = {}
    unnamed = []
    for name in names:
        annex_list = list_for_name(name)
        if annex_list is None:
            unnamed.append(name)
        elif annex_list.key in chosen:
            source.repeated_sheets.append((annex_list.key, chosen[annex_list.key][0], name))
        else:
            chosen[annex_list.key] = (name, annex_list, "name")
    for name in unnamed:
        annex_list = list_for_headers(top_rows(name), set(chosen))
        if annex_list is None:
            source.other_sheets.append(name)
        else:
            chosen[annex_list.key] = (name, annex_list, "headers")
    return sorted(chosen.values(), key=lambda match: match[1].number)


# Formulas

_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_FORMULA_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*>\s*<(?:\w+:)?f[\s>/]')
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _formula_cells(path: Path, sheets: list[str]) -> dict[str, set[tuple[int, int]]]:
    """The cells holding formulas in the named sheets of an xlsx workbook.

    python-calamine 0.9.1 gives a formula cell's cached result but not whether it was a formula,
    so the sheet's XML is scanned for ``<f>`` elements. A sheet with no formula is recognised by
    one pass over its XML; only then are the formula cells located. Other formats: none found.
    """
    found: dict[str, set[tuple[int, int]]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            parts = _sheet_parts(archive)
            for sheet in sheets:
                part = parts.get(sheet)
                if part is None:
                    continue
                if not _has_formula(archive, part):
                    continue
                found[sheet] = {
                    (int(match[2]), _column_index(match[1].decode()))
                    for match in _FORMULA_CELL.finditer(archive.read(part))
                }
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        return found
    return found


def _has_formula(archive: zipfile.ZipFile, part: str) -> bool:
    """Whether a sheet's XML has any formula, read in blocks so a big sheet is never held whole."""
    tail = b""
    with archive.open(part) as stream:
        for block in iter(lambda: stream.read(1 << 22), b""):
            joined = tail + block
            if (b"<f" in joined or b":f" in joined) and _FORMULA_TAG.search(joined):
                return True
            tail = block[-16:]
    return False


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip member holding its XML, from the workbook's relationships."""
    if "xl/workbook.xml" not in archive.namelist():
        return {}
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {relation.get("Id"): relation.get("Target", "") for relation in relations.iter(_RELATIONSHIPS)}
    parts = {}
    for sheet in workbook.iter():
        name = sheet.get("name")
        if sheet.tag.endswith("}sheet") and name is not None:
            target = targets.get(sheet.get(_OFFICE_ID), "")
            member = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            parts[name] = member
    return parts


# CSV folders


def _open_folder(folder: Path, progress: Progress | None) -> Source:
    files = sorted(
        (
            entry
            for entry in folder.iterdir()
            if entry.is_file() and entry.suffix.lower() == ".csv" and not entry.name.startswith(".")
        ),
        key=lambda entry: entry.name,
    )
    if not files:
        raise UnreadableSource(
            "no_lists",
            f"The folder {folder.name} has no CSV files. Save each Annex A list as a CSV file in it "
            "(named like 'List 1.csv'), or check the Excel workbook itself.",
        )
    source = Source(folder, folder.name, folder_sha256(files))
    contents: dict[str, list[list[object]]] = {}
    for entry in files:
        try:
            contents[entry.name] = read_csv(entry)
        except UnreadableSource as problem:
            source.unreadable_files.append((entry.name, problem.message))
    matches = _match_sheets(list(contents), lambda name: contents[name][:HEADER_SEARCH_ROWS], source)
    for done, (name, annex_list, found_by) in enumerate(matches, start=1):
        if progress:
            progress(f"Reading {name}", (done - 1) / len(matches))
        source.grids[annex_list.key] = build_grid(annex_list, contents[name], file=name, sheet=None, found_by=found_by)
    return source


def _looks_binary(text: str) -> bool:
    """Text with NULs or many control characters is binary data that happened to decode."""
    controls = sum(1 for character in text if character < " " and character not in "\t\n\r\f")
    return "\x00" in text or controls > len(text) / 100


def _decode(data: bytes, strict: bool = False) -> str | None:
    """Text from bytes: UTF-8 (with or without a byte-order mark), else Windows-1252, which is
    what Excel's "CSV" (not "CSV UTF-8") writes. ``strict`` returns None for binary data."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None if strict else data.decode("latin-1")


def read_csv(path: Path) -> list[list[object]]:
    """A CSV file's cells, rows padded to the same width (separator: comma, semicolon, tab or
    bar, whichever the first line uses most)."""
    data = path.read_bytes()
    text = _decode(data, strict=True)
    if text is None or _looks_binary(text):
        raise UnreadableSource("file_type", f"{path.name} is not a text (CSV) file.")
    first_line = text.split("\n", 1)[0]
    separator = max(",;\t|", key=first_line.count)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error as error:
        raise UnreadableSource("file_unreadable", f"{path.name} is not a well-formed CSV file ({error}).") from error
    width = max(map(len, rows), default=0)
    for row in rows:
        row.extend([""] * (width - len(row)))
    return cast(list[list[object]], rows)  # new lists, ours alone: widening what they hold is safe


def _blocks(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as stream:
        yield from iter(lambda: stream.read(1 << 20), b"")


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    for block in _blocks(path):
        digest.update(block)
    return digest.hexdigest()


def folder_sha256(files: list[Path]) -> str:
    """The SHA-256 of a folder's CSV files in name order: each file's name, then its bytes,
    so renaming a list's file changes the fingerprint as much as editing it."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\x00" + str(path.stat().st_size).encode() + b"\x00")
        for block in _blocks(path):
            digest.update(block)
    return digest.hexdigest()
