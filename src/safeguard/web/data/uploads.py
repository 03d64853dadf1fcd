"""Receiving an uploaded return safely, before anything reads it as data (DOMAIN.md §7, Integrity).

- The file's name is only looked at for its extension; the file is saved under a new random name.
- Size: nothing empty, nothing over ``UPLOAD_MAX_BYTES``; an oversized upload is stopped as soon
  as its declared length or its bytes pass the limit (`SizeLimitedUpload`), not received whole.
- Where: ``uploads/`` in the store, a folder only the service's account can open, each file
  readable by that account only (so are the findings kept beside it).
- The content must be what the extension says: an xlsx is a zip holding a workbook, and the type
  the browser claimed must fit too. (The validator reads CSV returns as a folder of files, one
  per list, which the command line takes; the web page takes the workbook.)
- An xlsx whose contents would unpack to more than ``UPLOAD_MAX_UNPACKED_BYTES``, or that
  compresses suspiciously well, is refused as a zip bomb before any parser opens it. The sizes
  the archive declares are not believed: every part is unpacked and counted, stopping at the
  limit (``safeguard.annex_a.reader.check_unpacked_size``).
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest

from safeguard.annex_a.reader import UnreadableSource, check_unpacked_size
from safeguard.errors import SafeguardError
from safeguard.home import PRIVATE_FILE, private_folder

CLAIMED_TYPES = {
    "xlsx": {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/octet-stream",
        "application/zip",
    },
}
WORKBOOK_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
MAX_COMPRESSION_RATIO = 200
"""Real Annex A workbooks unpack to about ten times their size."""


class UploadRefused(SafeguardError):
    """The upload is not something Safeguard will read; the message says why."""


@dataclass(frozen=True)
class ReceivedFile:
    path: Path
    extension: str
    size: int
    sha256: str


FORM_ALLOWANCE_BYTES = 64 * 1024
"""What the upload form adds to the file's own bytes (the CSRF token, the multipart boundaries)."""
REFUSAL_ATTRIBUTE = "safeguard_upload_refused"


def size_in_words(count: int) -> str:
    return f"{count / (1024 * 1024):,.0f} MB" if count >= 1024 * 1024 else f"{count:,} bytes"


def too_large() -> str:
    return f"The file is larger than the {size_in_words(settings.UPLOAD_MAX_BYTES)} limit, so it was not uploaded."


class SizeLimitedUpload(FileUploadHandler):
    """The first upload handler of every request: stops reading the body as soon as the length
    the request declares (``Content-Length``), or the bytes of the file received so far, pass
    ``UPLOAD_MAX_BYTES``, instead of receiving the whole of an oversized file first.

    It stops with ``StopUpload(connection_reset=True)``, so Django reads no further; the fields
    before the file (the CSRF token) are already parsed, and the reason is left on the request
    (`refusal`) for the page to show. The other handlers (memory, then a temporary file) still
    receive the file when it is within the limit.
    """

    def new_file(self, field_name: str, file_name: str, content_type: str, content_length: int | None,
                 charset: str | None = None, content_type_extra: dict | None = None) -> None:
        if self.request is None:
            raise RuntimeError("SizeLimitedUpload reads the length its request declares: Django gives it the request.")
        declared = int(self.request.META.get("CONTENT_LENGTH") or 0)
        if declared > settings.UPLOAD_MAX_BYTES + FORM_ALLOWANCE_BYTES or (content_length or 0) > settings.UPLOAD_MAX_BYTES:
            self._stop()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > settings.UPLOAD_MAX_BYTES:
            self._stop()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

    def _stop(self) -> None:
        setattr(self.request, REFUSAL_ATTRIBUTE, too_large())
        raise StopUpload(connection_reset=True)


def refusal(request: HttpRequest) -> str | None:
    """Why `SizeLimitedUpload` stopped this request's upload, if it did (read the body first)."""
    return getattr(request, REFUSAL_ATTRIBUTE, None)


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
        raise UploadRefused(too_large())
    claimed = (uploaded.content_type or "").split(";")[0].strip().lower()
    if claimed and claimed not in CLAIMED_TYPES[extension]:
        raise UploadRefused(f"The file says it is {claimed}, which is not a .{extension} file.")
    return extension


def save(uploaded: UploadedFile, folder: Path, stored_name: str) -> tuple[int, str]:
    """Write the upload to ``folder/stored_name`` (the folder and the file for their owner only);
    its size and SHA-256."""
    private_folder(folder)
    digest = hashlib.sha256()
    size = 0
    descriptor = os.open(folder / stored_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with os.fdopen(descriptor, "wb") as sink:
        for chunk in uploaded.chunks():
            size += len(chunk)
            if size > settings.UPLOAD_MAX_BYTES:
                raise UploadRefused(too_large())
            digest.update(chunk)
            sink.write(chunk)
    return size, digest.hexdigest()


def check_content(path: Path, shown_name: str) -> None:
    """Refuse content that is not a workbook, and zip bombs, before any parser opens the file.
    ``shown_name`` is the name the person gave the file, for the messages."""
    if not zipfile.is_zipfile(path):
        raise UploadRefused("The file is named .xlsx but is not an Excel workbook.")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as error:
        raise UploadRefused("The workbook is damaged and cannot be opened.") from error
    if not all(part in names for part in WORKBOOK_PARTS):
        raise UploadRefused("The file is a zip archive but not an Excel workbook.")
    try:
        unpacked = check_unpacked_size(path, settings.UPLOAD_MAX_UNPACKED_BYTES, name=shown_name)
    except UnreadableSource as problem:
        raise UploadRefused(problem.message) from problem
    if unpacked / max(path.stat().st_size, 1) > MAX_COMPRESSION_RATIO:
        raise UploadRefused(
            f"{shown_name} would unpack to {MAX_COMPRESSION_RATIO} times its size or more, far more than a return "
            "does, so it was not opened (it may be a zip bomb)."
        )
