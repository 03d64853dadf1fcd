"""Zip bombs (DOMAIN.md §7, "Integrity"; issue 12, point 2): a workbook is a zip, and the sizes
a zip declares are whatever its maker wrote. The reader counts what each part really unpacks to,
stops at a limit, and refuses a part whose declaration is false, each with a one-line message
naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from annex_a_support import add_lying_part, valid_return, write_workbook
from safeguard.annex_a import reader
from safeguard.annex_a.reader import UnreadableSource, check_unpacked_size, open_source
from safeguard.annex_a.validation import validate

MEGABYTE = 1024 * 1024


def test_a_part_that_declares_one_kilobyte_but_unpacks_to_megabytes_is_refused_while_unpacking(tmp_path: Path, monkeypatch):
    """Guards against trusting declared sizes: without the count of real bytes, this workbook
    passes every size check and its padding is unpacked in full by whatever reads it."""
    bomb = add_lying_part(write_workbook(tmp_path / "Annex A.xlsx", valid_return()), unpacked=3 * MEGABYTE, declared=1024)
    monkeypatch.setattr(reader, "UNPACKED_LIMIT_BYTES", 2 * MEGABYTE)
    with pytest.raises(UnreadableSource) as problem:
        open_source(bomb)
    assert problem.value.rule == "file_too_large"
    assert problem.value.message.startswith("Annex A.xlsx would unpack to more than 2 MB")
    assert "\n" not in problem.value.message
    [only] = validate(bomb).findings
    assert (only.rule, only.file) == ("file_too_large", "Annex A.xlsx")


def test_a_part_whose_declared_size_is_false_is_refused_even_under_the_limit(tmp_path: Path):
    """Guards the declaration itself: a part that unpacks to more than it says would mislead the
    parser that reads it next, however small it is."""
    altered = add_lying_part(write_workbook(tmp_path / "return.xlsx", valid_return()), unpacked=50_000, declared=100)
    with pytest.raises(UnreadableSource) as problem:
        open_source(altered)
    assert problem.value.rule == "file_unreadable"
    assert problem.value.message == (
        "return.xlsx is damaged or altered: its part xl/media/padding.xml says it unpacks to 100 bytes "
        "but really unpacks to 50,000."
    )


def test_an_honest_workbook_is_counted_exactly_and_read(tmp_path: Path):
    import zipfile

    workbook = write_workbook(tmp_path / "return.xlsx", valid_return())
    with zipfile.ZipFile(workbook) as archive:
        declared = sum(entry.file_size for entry in archive.infolist())
    assert check_unpacked_size(workbook) == declared
    assert check_unpacked_size(workbook, limit=declared) == declared
    with pytest.raises(UnreadableSource, match="would unpack to more than"):
        check_unpacked_size(workbook, limit=declared - 1)
    assert open_source(workbook).grids
