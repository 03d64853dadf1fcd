"""Receiving an uploaded return safely, before anything reads it as data (DOMAIN.md §7, Integrity).

- The file's name is only looked at for its extension; the file is saved under a new random name.
- Size: nothing empty, nothing over ``UPLOAD_MAX_BYTES``.
- The content must be what the extension says: an xlsx is a zip holding a workbook, and the type
  the browser claimed must fit too. (The validator reads CSV returns as a folder of files, one
  per list, which the command line takes; the web page takes the workbook.)
- An xlsx whose contents would unpack to more than ``UPLOAD_MAX_UNPACKED_BYTES``, or that
  compresses suspiciously well, is refused as a zip bomb before any parser opens it.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from safeguard.errors import SafeguardError

CLAIMED_TYPES = {
    "xlsx": {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/octet-stream",
        "application/zip",
    },
}
WORKBOOK_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
MAX_COMPRESSION_RATIO = 200
MAX_ZIP_ENTRIES = 10_000


class UploadRefused(SafeguardError):
    """The upload is not something Safeguard will read; the message says why."""


@dataclass(frozen=True)
class ReceivedFile:
    path: Path
    extension: str
    size: int
    sha256: str


def extension_of(name: str) -> str:
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix not in CLAIMED_TYPES:
        raise UploadRefused("The file must be an Excel workbook (.xlsx).")
    return suffix


def check_claims(uploaded: UploadedFile) -> str:
    """The extension, once the name, size and claimed type pass."""
    extension = extension_of(uploaded.name or "")
    if not uploaded.size:
        raise UploadRefused("The file is empty.")
    if uploaded.size > settings.UPLOAD_MAX_BYTES:
        limit = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
        raise UploadRefused(f"The file is larger than the {limit} MB limit.")
    claimed = (uploaded.content_type or "").split(";")[0].strip().lower()
    if claimed and claimed not in CLAIMED_TYPES[extension]:
        raise UploadRefused(f"The file says it is {claimed}, which is not a .{extension} file.")
    return extension


def save(uploaded: UploadedFile, folder: Path, stored_name: str) -> tuple[int, str]:
    """Write the upload to ``folder/stored_name`` (readable by its owner only); its size and SHA-256."""
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    descriptor = os.open(folder / stored_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as sink:
        for chunk in uploaded.chunks():
            size += len(chunk)
            if size > settings.UPLOAD_MAX_BYTES:
                raise UploadRefused("The file is larger than the upload limit.")
            digest.update(chunk)
            sink.write(chunk)
    return size, digest.hexdigest()


def check_content(path: Path) -> None:
    """Refuse content that is not a workbook, and zip bombs, before any parser opens the file."""
    if not zipfile.is_zipfile(path):
        raise UploadRefused("The file is named .xlsx but is not an Excel workbook.")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile as error:
        raise UploadRefused("The workbook is damaged and cannot be opened.") from error
    names = {entry.filename for entry in entries}
    if not all(part in names for part in WORKBOOK_PARTS):
        raise UploadRefused("The file is a zip archive but not an Excel workbook.")
    if len(entries) > MAX_ZIP_ENTRIES:
        raise UploadRefused("The workbook holds far more parts than a return would.")
    unpacked = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries) or 1
    if unpacked > settings.UPLOAD_MAX_UNPACKED_BYTES or unpacked / packed > MAX_COMPRESSION_RATIO:
        raise UploadRefused("The workbook would unpack to far more than a return holds, so it was not opened.")

