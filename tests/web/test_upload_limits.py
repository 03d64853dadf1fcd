"""Receiving a return safely (DOMAIN.md §7, "Integrity"; issue 12, points 2 and 8): an oversized
upload is stopped while it arrives, not after; a workbook whose archive lies about its sizes is
refused before anything parses it; what is kept of an upload is for the service's account only."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from test_data_pages import XLSX_TYPE, upload

from annex_a_support import add_lying_part
from safeguard.web.access.policy import Role
from safeguard.web.audit.models import AccessRecord, Outcome
from safeguard.web.data.models import Upload

MEGABYTE = 1024 * 1024
BOUNDARY = "safeguard-test-boundary"


class EndlessBody:
    """A request body that starts like the upload form's and then never ends: a server that
    reads it to the end never answers. Counts what was read, and fails the test once far more
    than the limit has been read."""

    def __init__(self, ceiling: int) -> None:
        self.head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="return_file"; filename="huge.xlsx"\r\n'
            f"Content-Type: {XLSX_TYPE}\r\n\r\n"
        ).encode()
        self.ceiling = ceiling
        self.read_so_far = 0

    def read(self, size: int = -1) -> bytes:
        assert size is not None and size >= 0, "asked for the whole of an endless body"
        start = self.read_so_far
        self.read_so_far += size
        assert self.read_so_far <= self.ceiling, f"kept reading: {self.read_so_far:,} bytes so far"
        head = self.head[start : start + size]
        return head + b"P" * (size - len(head))

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


@override_settings(UPLOAD_MAX_BYTES=MEGABYTE)
def test_an_upload_declaring_more_than_the_limit_is_stopped_before_its_file_is_read(client_as):
    """Guards the early refusal: a request declaring 10 GB is answered after reading its first
    block, with the reason, instead of being received whole (here it would never end)."""
    client = client_as(Role.ANALYST)
    body = EndlessBody(ceiling=8 * MEGABYTE)
    response = client.post(
        reverse("data:imports"),
        **{
            "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
            "CONTENT_LENGTH": str(10 * 1024 * MEGABYTE),
            "wsgi.input": body,
        },
    )
    assert response.status_code == 200
    assert "The file is larger than the 1 MB limit, so it was not uploaded." in response.content.decode()
    assert body.read_so_far < MEGABYTE
    assert not Upload.objects.exists()
    assert list(AccessRecord.objects.values_list("action", "outcome")) == [("upload_return", Outcome.FAILED)]


@override_settings(UPLOAD_MAX_BYTES=1000)
def test_the_upload_stops_once_the_bytes_received_pass_the_limit_and_says_so_to_the_script(client_as, workbook):
    """Guards the streamed count (the declared length is within the form's allowance here): the
    page's script gets the reason as JSON with 413."""
    document = SimpleUploadedFile(workbook.name, workbook.read_bytes(), XLSX_TYPE)
    response = client_as(Role.ANALYST).post(
        reverse("data:imports"), {"return_file": document}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 413
    assert response.json() == {"problem": "The file is larger than the 1,000 bytes limit, so it was not uploaded."}
    assert AccessRecord.objects.filter(action="upload_return", outcome=Outcome.FAILED).count() == 1


def test_the_upload_form_tells_the_page_its_limit(client_as):
    page = client_as(Role.ANALYST).get(reverse("data:imports")).content.decode()
    assert 'data-max-bytes="52428800"' in page
    assert 'data-too-large="The file is larger than the 50 MB limit, so it was not uploaded."' in page


@override_settings(UPLOAD_MAX_UNPACKED_BYTES=2 * MEGABYTE)
def test_a_workbook_whose_archive_understates_its_sizes_is_refused_on_upload(client_as, workbook, store_home):
    """Guards against believing declared sizes: this workbook declares 1 KB for a part that
    unpacks to 3 MB, so adding up the declarations passes it; counting while unpacking does not."""
    add_lying_part(workbook, unpacked=3 * MEGABYTE, declared=1024)
    response = upload(client_as(Role.ANALYST), workbook)
    assert response.status_code == 200
    assert (
        "Annex A return.xlsx would unpack to more than 2 MB, far more than a return holds, so it was not opened "
        "(it may be a zip bomb)."
    ) in response.content.decode()
    assert not Upload.objects.exists()
    assert not any((store_home / "uploads").iterdir())


def test_a_workbook_whose_archive_misstates_a_size_under_the_limit_is_refused_too(client_as, workbook):
    add_lying_part(workbook, unpacked=20_000, declared=10)
    response = upload(client_as(Role.ANALYST), workbook)
    assert "Annex A return.xlsx is damaged or altered: its part xl/media/padding.xml says it unpacks to 10 bytes" in (
        response.content.decode()
    )
    assert not Upload.objects.exists()


@contextmanager
def umask(mask: int) -> Iterator[None]:
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_an_upload_and_its_findings_are_readable_by_the_service_account_only(client_as, workbook, store_home):
    """Guards the files' permissions: with the usual umask (022) the upload folder would be open
    to every account on the server and the findings, which quote children's ids, readable by all."""
    with umask(0o022):
        upload(client_as(Role.ANALYST), workbook)
    item = Upload.objects.get()
    folder = store_home / "uploads"
    assert mode(folder) == 0o700
    assert mode(item.path) == 0o600
    assert mode(item.path.with_suffix(".findings.json")) == 0o600


def test_a_new_store_folder_is_closed_to_other_accounts(tmp_path, monkeypatch):
    from safeguard.home import safeguard_home

    monkeypatch.setenv("SAFEGUARD_HOME", str(tmp_path / "new store"))
    with umask(0o022):
        home = safeguard_home()
    assert mode(home) == 0o700


def test_the_sqlite_database_and_its_log_are_readable_by_the_service_account_only(tmp_path, django_db_blocker):
    """Guards the application database's file: SQLite makes it (and its write-ahead log) with the
    process's umask, 0644 here, unless the service closes it."""
    from django.db.utils import ConnectionHandler

    from safeguard.web.settings.base import database_settings

    handler = ConnectionHandler({"default": database_settings(None, tmp_path)})
    connection = handler["default"]
    with umask(0o022), django_db_blocker.unblock():
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE note (id INTEGER)")
            cursor.execute("INSERT INTO note VALUES (1)")
    try:
        files = sorted(tmp_path.glob("web.sqlite3*"))
        assert [path.name for path in files][:1] == ["web.sqlite3"]
        assert {path.name: mode(path) for path in files} == {path.name: 0o600 for path in files}
    finally:
        connection.close()
