"""Keeping an uploaded document as evidence, safely (DOMAIN.md §7, Integrity: uploads).

- Only documents are kept, judged by their bytes, never by their name or the type the browser
  claims: a PDF starts ``%PDF-``; a Word, Excel or OpenDocument text file is a zip archive
  holding that format's own parts (an Office file with macros is refused); plain text is UTF-8
  with no control characters beyond tabs and line ends.
- Size: nothing empty, nothing over ``EVIDENCE_MAX_BYTES`` (settings); a zip whose contents
  would unpack to far more than it holds is refused as a zip bomb before anything opens a part.
- The file is kept as ``SAFEGUARD_HOME/documents/<sha256>``: the name it was uploaded with is
  recorded in the database only and never becomes part of a path. The same document uploaded
  twice is one file.
- Nothing is kept unless every check passes and the record is saved: the upload is written to a
  private staging file first and moved into place only then.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings

from safeguard.errors import SafeguardError
from safeguard.home import safeguard_home

FOLDER = "documents"
KINDS = {
    "pdf": ("PDF", "application/pdf"),
    "docx": ("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "odt": ("OpenDocument text", "application/vnd.oasis.opendocument.text"),
    "txt": ("plain text", "text/plain; charset=utf-8"),
}
"""Each kind kept: (what people call it, the type it is served with)."""
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
MAX_ZIP_ENTRIES = 5_000
MAX_COMPRESSION_RATIO = 100
TEXT_CONTROL_ALLOWED = {9, 10, 12, 13}
WHAT_IS_KEPT = "a PDF, Word (.docx), Excel (.xlsx), OpenDocument text (.odt) or plain text file"


class DocumentRefused(SafeguardError):
    """The upload is not kept; the message names the file and says why."""


class Upload(Protocol):
    """An uploaded file as Django hands it over (``UploadedFile``)."""

    name: str | None

    def chunks(self) -> Iterable[bytes]: ...


def documents_folder() -> Path:
    return safeguard_home() / FOLDER


def stored_path(sha256: str) -> Path:
    if len(sha256) != 64 or any(character not in "0123456789abcdef" for character in sha256):
        raise ValueError("a document is stored under its SHA-256 only")
    return documents_folder() / sha256


def _limit_text() -> str:
    limit = settings.EVIDENCE_MAX_BYTES
    return f"{limit / (1024 * 1024):g} MB" if limit >= 1024 * 1024 else f"{limit / 1024:g} KB"


def _zip_kind(path: Path, shown: str) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            if len(entries) > MAX_ZIP_ENTRIES:
                raise DocumentRefused(f"{shown} holds far more parts than a document does, so it was not opened.")
            unpacked = sum(entry.file_size for entry in entries)
            packed = sum(entry.compress_size for entry in entries) or 1
            if unpacked > 20 * settings.EVIDENCE_MAX_BYTES or unpacked / packed > MAX_COMPRESSION_RATIO:
                raise DocumentRefused(f"{shown} would unpack to far more than a document holds, so it was not opened.")
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise DocumentRefused(f"{shown} contains macros; save it without macros (.docx or .xlsx) and upload it again.")
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
            if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names and "content.xml" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                return "odt"
    except zipfile.BadZipFile as error:
        raise DocumentRefused(f"{shown} is damaged and cannot be opened.") from error
    raise DocumentRefused(f"{shown} is a zip archive, not a document. Upload {WHAT_IS_KEPT}.")


def _is_plain_text(path: Path) -> bool:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not any(ord(character) < 32 and ord(character) not in TEXT_CONTROL_ALLOWED for character in text)


def kind_of(path: Path, shown: str) -> str:
    """What the file's bytes show it to be (a key of ``KINDS``), or ``DocumentRefused``."""
    with path.open("rb") as source:
        head = source.read(8)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if zipfile.is_zipfile(path):
        return _zip_kind(path, shown)
    if _is_plain_text(path):
        return "txt"
    raise DocumentRefused(f"{shown} is not a document Safeguard keeps. Upload {WHAT_IS_KEPT}.")


@dataclass
class ReceivedDocument:
    """An upload that passed every check, waiting in staging until its record is saved."""

    staged: Path
    original_name: str
    sha256: str
    size: int
    kind: str

    def keep(self) -> Path:
        """Move the file into place under its SHA-256 (one file however often it is uploaded)."""
        target = stored_path(self.sha256)
        if target.exists():
            self.staged.unlink(missing_ok=True)
        else:
            os.replace(self.staged, target)
        return target

    def discard(self) -> None:
        self.staged.unlink(missing_ok=True)


def receive(upload: Upload) -> ReceivedDocument:
    """Stage, measure, hash and check an upload; ``DocumentRefused`` (nothing left behind) if it
    is empty, too large or not a document."""
    original = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1][-255:] or "unnamed file"
    shown = f"“{original}”"
    folder = documents_folder()
    folder.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(prefix=".upload-", dir=folder)
    staged = Path(name)
    try:
        digest = hashlib.sha256()
        size = 0
        with os.fdopen(descriptor, "wb") as sink:
            for chunk in upload.chunks():
                size += len(chunk)
                if size > settings.EVIDENCE_MAX_BYTES:
                    raise DocumentRefused(f"{shown} is larger than the {_limit_text()} limit for evidence documents.")
                digest.update(chunk)
                sink.write(chunk)
        if size == 0:
            raise DocumentRefused(f"{shown} is empty.")
        kind = kind_of(staged, shown)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    return ReceivedDocument(staged=staged, original_name=original, sha256=digest.hexdigest(), size=size, kind=kind)
