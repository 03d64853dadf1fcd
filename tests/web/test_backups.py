"""Backup and restore (issue 12, point 10): ``safeguard backup`` writes the whole store and the
application database as one archive with a manifest of SHA-256 hashes; ``safeguard restore``
rebuilds it in an empty place with the same snapshots, the same figures and the same audit
trail; a damaged backup (a flipped byte, a file cut short, a missing member) is refused in one
line and changes nothing. On SQLite and, in the PostgreSQL run, PostgreSQL (``pg_dump``)."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from served_site import Site, prepared_site, serving, sign_in, upload
from site_databases import ON_POSTGRESQL, fresh_postgresql_database
from workbooks import annex_a_workbook

from safeguard.council import Council, save_council
from safeguard.snapshots.staging import READ_ONLY_FOLDER

pytestmark = pytest.mark.slow

TRAIL = """
import json, uuid
from datetime import UTC, datetime
from django.contrib.contenttypes.models import ContentType
from safeguard.governance.workflow.models import TransitionRecord
from safeguard.web.accounts.models import RoleGrant, User
from safeguard.web.audit.models import AccessRecord, AccessedChild
from safeguard.web.data.models import Upload
analyst = User.objects.create(username="analyst", first_name="Ana", last_name="Lyst")
RoleGrant.objects.create(user=analyst, role="analyst")
for day, children in ((1, ["CH100231", "CH100232"]), (2, ["CH100233"])):
    entry = AccessRecord.objects.create(
        at=datetime(2026, 4, day, 9, tzinfo=UTC), request_id=str(uuid.uuid4()), user_id=analyst.pk, username="analyst",
        role="analyst", action="view_list_rows", object_type="snapshot_list", object_id="s/referrals",
        purpose="Checking and correcting data quality", outcome="allowed")
    AccessedChild.objects.bulk_create([AccessedChild(access=entry, child_id=child) for child in children])
waiting = Upload.objects.create(original_name="return.xlsx", extension="xlsx", size=5, sha256="0" * 64, uploaded_by=analyst)
waiting.path.parent.mkdir(parents=True, exist_ok=True)
waiting.path.write_bytes(b"bytes")
waiting.path.with_suffix(".findings.json").write_text('{"findings": []}')
decided = Upload.objects.create(original_name="old.xlsx", extension="xlsx", size=5, sha256="1" * 64, uploaded_by=analyst,
                                status="rejected", version=2, decided_by=analyst, decided_at=datetime(2026, 4, 3, tzinfo=UTC))
TransitionRecord.objects.create(
    content_type=ContentType.objects.get_for_model(Upload), object_id=str(decided.pk), transition="reject",
    from_state="checked", to_state="rejected", by=analyst, by_name="Ana Lyst", role="analyst",
    at=datetime(2026, 4, 3, tzinfo=UTC))
print(json.dumps(True))
"""

AUDIT_TRAIL = {
    "audit_accessrecord": "SELECT at, request_id, username, role, action, object_type, object_id, purpose, outcome "
                          "FROM audit_accessrecord ORDER BY id",
    "audit_accessedchild": "SELECT access_id, child_id FROM audit_accessedchild ORDER BY id",
    "workflow_transitionrecord": "SELECT object_id, transition, from_state, to_state, by_name, role, at "
                                 "FROM workflow_transitionrecord ORDER BY id",
    "data_upload": "SELECT original_name, status, version, sha256 FROM data_upload ORDER BY original_name",
    "accounts_user": "SELECT username FROM accounts_user ORDER BY username",
}
NOT_COMPARED = ("web.sqlite3", "safeguard.sqlite3", "static", "tmp")
"""Compared by their rows (databases) or remade by design (collected static files, staging)."""


def _files(home: Path) -> dict[str, str]:
    """Every file of a store, by path, with its SHA-256 (databases and remade folders aside)."""
    found = {}
    for path in sorted(home.rglob("*")):
        relative = path.relative_to(home)
        if path.is_file() and not relative.parts[0].startswith(NOT_COMPARED) and not path.name.endswith(".lock"):
            found[relative.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _trail(site: Site) -> dict[str, list[tuple]]:
    return {table: [tuple(str(value) for value in row) for row in site.rows(query)] for table, query in AUDIT_TRAIL.items()}


def _catalogue(home: Path) -> list[tuple]:
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(home / "safeguard.sqlite3")) as connection:
        return connection.execute("SELECT * FROM snapshot ORDER BY id").fetchall()


def _safeguard(site_environment: dict[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "safeguard", *arguments], env=site_environment, capture_output=True,
                          text=True, timeout=600)


@contextmanager
def _empty_place(tmp_path: Path, name: str) -> Iterator[Site]:
    """An empty store folder and (PostgreSQL run) an empty database, with the production roles."""
    from web_load import site_environment

    home = tmp_path / name
    home.mkdir()
    if not ON_POSTGRESQL:
        yield Site(home, site_environment(home), None)
        return
    with fresh_postgresql_database() as database:
        yield Site(home, site_environment(home, database.environment()), database)


@pytest.fixture(scope="module")
def backed_up(prepared_store, tmp_path_factory) -> Iterator[tuple[Site, Path]]:
    """A store with a snapshot, the council's settings, figures worked out, a return waiting for
    a decision and an audit trail in the application database; and its backup (made once for
    the module: the tests only read it)."""
    from safeguard.aggregates import published

    folder = tmp_path_factory.mktemp("backed-up")
    home = folder / "home"
    shutil.copytree(prepared_store[0], home)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SAFEGUARD_HOME", str(home))
        save_council(Council(name="Northbrook", la_code="370", population={2024: 61_000, 2025: 61_500}), home)
        published()
    with prepared_site(home) as site:
        site.query(TRAIL)
        archive = folder / "backup.tar"
        done = _safeguard(site.environment, "backup", "--out", str(archive))
        assert done.returncode == 0, done.stderr
        assert "Backed up" in done.stdout and archive.stat().st_mode & 0o777 == 0o600
        yield site, archive


def test_a_restored_backup_has_the_same_snapshots_figures_and_audit_trail(backed_up, tmp_path):
    site, archive = backed_up
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert names[-2:] == ["manifest.json", "archive.sha256"]
    assert any(name.startswith("store/snapshots/") and name.endswith("/referrals.parquet") for name in names)
    assert {"store/council.json", "store/web-secret-key", "store/safeguard.sqlite3"} <= set(names)
    assert any(name.startswith("store/figures/") for name in names)
    assert manifest["database"]["kind"] == ("postgresql" if ON_POSTGRESQL else "sqlite")
    assert all(len(entry["sha256"]) == 64 for entry in manifest["members"] if not entry.get("folder"))
    with _empty_place(tmp_path, "restored") as restored:
        done = _safeguard(restored.environment, "restore", str(archive))
        assert done.returncode == 0, done.stderr
        assert _files(restored.home) == _files(site.home), "the same snapshots, settings, figures, key and uploads"
        assert _catalogue(restored.home) == _catalogue(site.home)
        assert _trail(restored) == _trail(site), "the same audit trail"
        assert restored.home.joinpath("web-secret-key").stat().st_mode & 0o777 == 0o600
        snapshot = next(path for path in (restored.home / "snapshots").iterdir())
        assert snapshot.stat().st_mode & 0o777 == READ_ONLY_FOLDER, "snapshots stay read-only, for the owner only"
        again = _safeguard(restored.environment, "restore", str(archive))
        assert again.returncode == 1 and "is not empty" in again.stderr and "--replace" in again.stderr
        replaced = _safeguard(restored.environment, "restore", str(archive), "--replace")
        assert replaced.returncode == 0, replaced.stderr
        assert _trail(restored) == _trail(site)


def _flip(archive: Path, offset: int, target: Path) -> Path:
    content = bytearray(archive.read_bytes())
    content[offset] ^= 0x01
    target.write_bytes(bytes(content))
    return target


def _member_offset(archive: Path, ending: str) -> int:
    with tarfile.open(archive) as tar:
        member = next(member for member in tar.getmembers() if member.name.endswith(ending))
        return member.offset_data + member.size // 2


def _without(archive: Path, ending: str, target: Path) -> Path:
    """The same archive, byte for byte member by member, less one member (its checksum and
    manifest copied as they were)."""
    with tarfile.open(archive) as source, tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as copy:
        for member in source.getmembers():
            if member.name.endswith(ending):
                continue
            copy.addfile(member, source.extractfile(member) if member.isfile() else None)
    return target


DAMAGE = {
    "a flipped byte in a snapshot": (lambda archive, target: _flip(archive, _member_offset(archive, "/referrals.parquet"), target),
                                     "is damaged"),
    "a flipped byte in the manifest": (lambda archive, target: _flip(archive, _member_offset(archive, "manifest.json"), target),
                                       "is damaged"),
    "a flipped byte in the padding at the end": (lambda archive, target: _flip(archive, archive.stat().st_size - 3, target),
                                                 "is damaged"),
    "a file cut short": (lambda archive, target: target.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2]) and target,
                         "backup"),
    "a missing member": (lambda archive, target: _without(archive, "council.json", target), "lacks store/council.json"),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_backup_is_refused_in_one_line_and_changes_nothing(backed_up, tmp_path, damage):
    _, archive = backed_up
    make, message = DAMAGE[damage]
    damaged = make(archive, tmp_path / "damaged.tar")
    with _empty_place(tmp_path, "target") as target:
        done = _safeguard(target.environment, "restore", str(damaged))
        assert done.returncode == 1
        [line] = done.stderr.strip().splitlines()
        assert line.startswith("Error: The backup") and message in line and "nothing was restored" in line, line
        assert list(target.home.iterdir()) == [], "the folder restored into is as it was"
        if target.database is not None:
            assert target.rows("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()") == [(0,)]


def test_a_backup_taken_while_the_service_runs_restores_whole(snapshot_id, store_home, tmp_path):
    """Uploads arrive while the backup is written: every upload the restored database knows has
    its file, and the restored database is sound."""
    workbooks = [annex_a_workbook(tmp_path / f"return {number}.xlsx", rows=3 + number) for number in range(4)]
    archive = tmp_path / "live.tar"
    with prepared_site(store_home) as site:
        [analyst] = site.people("analyst", prefix="live")
        with serving(site) as server:
            visitor = sign_in(server.url, analyst)
            statuses: list[int] = []
            sender = threading.Thread(target=lambda: statuses.extend(upload(visitor, workbook).status for workbook in workbooks))
            sender.start()
            done = _safeguard(site.environment, "backup", "--out", str(archive))
            sender.join()
        assert done.returncode == 0, done.stderr
        assert statuses == [302] * len(workbooks)
    with _empty_place(tmp_path, "restored") as restored:
        assert _safeguard(restored.environment, "restore", str(archive)).returncode == 0
        waiting = [str(upload_id).replace("-", "") for (upload_id,) in restored.rows("SELECT id FROM data_upload")]
        on_disk = {path.name.split(".")[0].replace("-", "") for path in (restored.home / "uploads").glob("*.xlsx")} \
            if (restored.home / "uploads").is_dir() else set()
        assert set(waiting) <= on_disk, "every upload the database knows came with its file"
        if restored.database is None:
            assert restored.rows("PRAGMA integrity_check") == [("ok",)]


def test_the_backup_is_refused_inside_the_store_it_backs_up(store_home):
    from web_load import site_environment

    done = _safeguard(site_environment(store_home), "backup", "--out", str(store_home / "backup.tar"))
    assert done.returncode == 1 and "outside the store" in done.stderr
    assert not (store_home / "backup.tar").exists()


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    from web_load import site_environment

    home = tmp_path / "empty"
    home.mkdir()
    not_a_backup = tmp_path / "notes.tar"
    with tarfile.open(not_a_backup, "w") as tar:
        info = tarfile.TarInfo("notes.txt")
        info.size = 5
        tar.addfile(info, io.BytesIO(b"hello"))
    done = _safeguard(site_environment(home), "restore", str(not_a_backup))
    assert done.returncode == 1 and "no Safeguard backup holds" in done.stderr
    assert list(home.iterdir()) == []
