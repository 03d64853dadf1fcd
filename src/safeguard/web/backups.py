"""Backing up the whole store into one file, and rebuilding a store from it (DOMAIN.md §7,
"Integrity": backups use the databases' own tools, and a restored backup is checked by its
checksums).

A backup is one tar archive, readable with any tar tool::

    store/...              every file of SAFEGUARD_HOME: the snapshots, their catalogue, the
                           council's settings, the figures, the loaded benchmarks, the warnings'
                           baselines, returns waiting for a decision, the signing key
    database/web.sqlite3   the application database (or database/web.pgdump, from pg_dump)
    manifest.json          the format, when, and every member with its size, mode and SHA-256
    archive.sha256         the SHA-256 of every byte of the archive before it

It is written while the service runs, and consistently. Snapshots never change once written;
SQLite files are copied with SQLite's online backup API, never as files (a copy of a live
database file can be torn). The application database and the uploads folder are copied while the
database refuses writers for a moment (SQLite's write lock; on PostgreSQL a share lock on the
uploads table and ``pg_dump`` of the very snapshot the lock was taken in), so every upload the
copied database knows has its file. What is left out: staging folders (``tmp/``), collected
static files, temporary and lock files, all of which are remade.

Restoring checks everything before it changes anything: each member against the manifest, the
manifest and every other byte against ``archive.sha256``. A flipped byte, a file cut short or a
missing member is refused with one line saying so, and the folder (and database) restored into
are left as they were. A store is only restored into an empty folder (and, on PostgreSQL, an
empty database) unless the person says to replace what is there. The archive holds children's
records and the signing key: it is written readable by its owner only.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import tarfile
import tempfile
import uuid
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

from safeguard.errors import SafeguardError
from safeguard.home import safeguard_home

FORMAT = "safeguard-backup/1"
MANIFEST = "manifest.json"
SEAL = "archive.sha256"
STORE = "store"
DATABASE = "database"
SQLITE_DUMP = "web.sqlite3"
POSTGRESQL_DUMP = "web.pgdump"
LEFT_OUT_FOLDERS = frozenset({"tmp", "static"})
"""Top-level folders of the store that are remade, never backed up: staging, collected static files."""
SQLITE_SIDECARS = ("-wal", "-shm", "-journal")
SQLITE_HEADER = b"SQLite format 3\x00"
BLOCK = 512
CHUNK = 1 << 20


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    files: int
    bytes: int
    database: str
    """What the application database was: "sqlite", "postgresql", or "none" (never migrated)."""


@dataclass(frozen=True)
class RestoreSummary:
    home: Path
    files: int
    snapshots: int
    database: str
    written_at: str


# ---------------------------------------------------------------------------------------------
# The application database, as the settings name it


@dataclass(frozen=True)
class ApplicationDatabase:
    """Where the application database is, and the connection backups use (the owner's when
    ``SAFEGUARD_MIGRATION_DATABASE_URL`` gives one)."""

    kind: str
    settings: dict[str, Any]

    @classmethod
    def from_settings(cls) -> ApplicationDatabase:
        from django.conf import settings

        from safeguard.web.audit.privileges import migration_database

        chosen = dict(settings.DATABASES[migration_database()])
        engine = str(chosen["ENGINE"])
        if engine.endswith("sqlite3"):
            return cls("sqlite", chosen)
        if engine.endswith("postgresql"):
            return cls("postgresql", chosen)
        raise SafeguardError(f"Backups know SQLite and PostgreSQL, not the database engine {engine}.")

    @property
    def path(self) -> Path:
        return Path(self.settings["NAME"]).resolve()

    def connection_arguments(self) -> dict[str, str]:
        arguments = {"host": self.settings.get("HOST") or "", "port": str(self.settings.get("PORT") or ""),
                     "user": self.settings.get("USER") or "", "password": self.settings.get("PASSWORD") or "",
                     "dbname": self.settings["NAME"]}
        return {name: value for name, value in arguments.items() if value}

    def command_line(self, program: str, *arguments: str) -> tuple[list[str], dict[str, str]]:
        """A PostgreSQL client program's command line and environment (the password never on it)."""
        found = shutil.which(program)
        if found is None:
            raise SafeguardError(f"{program} is not installed: install PostgreSQL's client programs to back up or restore.")
        connection = self.connection_arguments()
        command = [found, "--no-password"]
        for option, key in (("--host", "host"), ("--port", "port"), ("--username", "user")):
            if key in connection:
                command += [option, connection[key]]
        environment = {**os.environ, "PGPASSWORD": connection.get("password", "")}
        return [*command, *arguments], environment

    def exists(self) -> bool:
        return self.kind == "postgresql" or self.path.is_file()

    def is_empty(self) -> bool:
        if self.kind == "sqlite":
            return not self.path.exists()
        import psycopg
        from psycopg.conninfo import make_conninfo

        with closing(psycopg.connect(make_conninfo(**self.connection_arguments()))) as connection:
            [(tables,)] = connection.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
            ).fetchall()
        return tables == 0


def _run(command: list[str], environment: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise SafeguardError(f"{what} failed: {last}")


# ---------------------------------------------------------------------------------------------
# Writing


class _HashingWriter:
    """The archive's file: counts and hashes every byte written, for ``archive.sha256``."""

    def __init__(self, sink: IO[bytes]) -> None:
        self.sink = sink
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return self.sink.write(data)

    def tell(self) -> int:
        return self.sink.tell()


class _HashingReader:
    def __init__(self, source: IO[bytes]) -> None:
        self.source = source
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.digest.update(data)
        return data


class _Archive:
    """The members written so far and their manifest entries."""

    def __init__(self, tar: tarfile.TarFile) -> None:
        self.tar = tar
        self.entries: list[dict[str, Any]] = []
        self.bytes = 0

    def add_folder(self, name: str, mode: int) -> None:
        info = tarfile.TarInfo(name)
        info.type = tarfile.DIRTYPE
        info.mode = mode
        info.mtime = int(datetime.now(UTC).timestamp())
        self.tar.addfile(info)
        self.entries.append({"name": name, "folder": True, "mode": mode})

    def add_open_file(self, name: str, source: IO[bytes], mode: int) -> None:
        size = os.fstat(source.fileno()).st_size
        info = tarfile.TarInfo(name)
        info.size = size
        info.mode = mode
        info.mtime = int(datetime.now(UTC).timestamp())
        reader = _HashingReader(source)
        self.tar.addfile(info, reader)
        self.entries.append({"name": name, "size": size, "mode": mode, "sha256": reader.digest.hexdigest()})
        self.bytes += size

    def add_path(self, name: str, path: Path) -> None:
        with open(path, "rb") as source:
            self.add_open_file(name, source, stat.S_IMODE(os.fstat(source.fileno()).st_mode))

    def add_bytes(self, name: str, content: bytes) -> None:
        info = tarfile.TarInfo(name)
        info.size = len(content)
        info.mode = 0o600
        info.mtime = int(datetime.now(UTC).timestamp())
        self.tar.addfile(info, io.BytesIO(content))


def _member_name(*parts: str) -> str:
    return str(PurePosixPath(*parts))


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as source:
            return source.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database, by its online backup API."""
    with closing(sqlite3.connect(source, timeout=60)) as reading, closing(sqlite3.connect(target)) as writing:
        reading.backup(writing)


def _left_out(relative: PurePosixPath, database_files: set[Path], path: Path) -> bool:
    parts = relative.parts
    return (
        parts[0] in LEFT_OUT_FOLDERS
        or any(part.startswith(".") for part in parts)
        or relative.name.endswith(SQLITE_SIDECARS)
        or relative.suffix == ".lock"
        or path in database_files
    )


def write_backup(out: Path, home: Path | None = None) -> BackupSummary:
    """Write the whole store and the application database to the archive ``out`` (see the
    module's docstring); ``out`` appears only once complete."""
    from safeguard.web.data.models import UPLOAD_FOLDER_NAME

    home = (home or safeguard_home()).resolve()
    out = Path(out).expanduser().resolve()
    if out == home or home in out.parents:
        raise SafeguardError(f"Write the backup outside the store it backs up ({home}), not to {out}.")
    if not out.parent.is_dir():
        raise SafeguardError(f"There is no folder {out.parent} to write the backup into.")
    database = ApplicationDatabase.from_settings()
    partial = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as sink, tempfile.TemporaryDirectory(prefix=".safeguard-backup-", dir=out.parent) as work:
            writer = _HashingWriter(sink)
            with tarfile.open(fileobj=writer, mode="w", format=tarfile.PAX_FORMAT) as tar:  # type: ignore[call-overload]
                archive = _Archive(tar)
                database_member = _add_database_and_uploads(archive, database, home, home / UPLOAD_FOLDER_NAME, Path(work))
                database_files = {database.path} if database.kind == "sqlite" else set()
                _add_store(archive, home, database_files, skip_folders={UPLOAD_FOLDER_NAME})
                manifest = {
                    "format": FORMAT,
                    "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "database": database_member,
                    "members": archive.entries,
                }
                archive.add_bytes(MANIFEST, json.dumps(manifest, indent=1).encode("utf-8"))
                archive.add_bytes(SEAL, f"{writer.digest.hexdigest()}\n".encode("ascii"))
            sink.flush()
            os.fsync(sink.fileno())
        os.replace(partial, out)
    except OSError as error:
        raise SafeguardError(f"The backup could not be written to {out}: {error.strerror or error}.") from error
    finally:
        partial.unlink(missing_ok=True)
    store_files = [entry for entry in archive.entries if not entry.get("folder") and entry["name"].startswith(f"{STORE}/")]
    return BackupSummary(out, len(store_files), out.stat().st_size,
                         database_member["kind"] if database_member else "none")


def _add_database_and_uploads(
    archive: _Archive, database: ApplicationDatabase, home: Path, uploads: Path, work: Path
) -> dict[str, str] | None:
    """The application database and the uploads folder, copied while nobody can write to the
    database, so that each upload the copy knows has its file."""
    if not database.exists():
        _add_tree(archive, home, uploads, set())
        return None
    if database.kind == "sqlite":
        with closing(sqlite3.connect(database.path, timeout=60, isolation_level=None)) as holding:
            holding.execute("BEGIN IMMEDIATE")
            try:
                _add_tree(archive, home, uploads, set())
                copy = work / SQLITE_DUMP
                _copy_sqlite(database.path, copy)
                os.chmod(copy, 0o600)
            finally:
                holding.execute("ROLLBACK")
        archive.add_path(_member_name(DATABASE, SQLITE_DUMP), copy)
        return {"kind": "sqlite", "member": _member_name(DATABASE, SQLITE_DUMP)}
    import psycopg
    from psycopg.conninfo import make_conninfo

    from safeguard.web.data.models import Upload

    dump = work / POSTGRESQL_DUMP
    with closing(psycopg.connect(make_conninfo(**database.connection_arguments()))) as holding:
        holding.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        holding.execute(f'LOCK TABLE "{Upload._meta.db_table}" IN SHARE MODE')
        [(snapshot,)] = holding.execute("SELECT pg_export_snapshot()").fetchall()
        _add_tree(archive, home, uploads, set())
        command, environment = database.command_line(
            "pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}", "--file", str(dump),
            "--dbname", database.settings["NAME"],
        )
        _run(command, environment, "pg_dump")
        holding.rollback()
    os.chmod(dump, 0o600)
    archive.add_path(_member_name(DATABASE, POSTGRESQL_DUMP), dump)
    return {"kind": "postgresql", "member": _member_name(DATABASE, POSTGRESQL_DUMP)}


def _add_store(archive: _Archive, home: Path, database_files: set[Path], skip_folders: set[str]) -> None:
    """Every other file of the store: SQLite databases through the backup API, each snapshot
    folder whole or not at all (one being removed as the backup runs is left out)."""
    for entry in sorted(home.iterdir()):
        relative = PurePosixPath(entry.name)
        if entry.name in skip_folders or _left_out(relative, database_files, entry.resolve()):
            continue
        if entry.name == "snapshots" and entry.is_dir():
            archive.add_folder(_member_name(STORE, entry.name), stat.S_IMODE(entry.stat().st_mode))
            for folder in sorted(entry.iterdir()):
                if folder.is_dir() and not folder.name.startswith("."):
                    _add_whole_folder(archive, home, folder)
        elif entry.is_dir():
            _add_tree(archive, home, entry, database_files)
        else:
            _add_store_file(archive, home, entry)


def _add_tree(archive: _Archive, home: Path, folder: Path, database_files: set[Path]) -> None:
    if not folder.is_dir():
        return
    archive.add_folder(_member_name(STORE, folder.relative_to(home).as_posix()), stat.S_IMODE(folder.stat().st_mode))
    for entry in sorted(folder.iterdir()):
        relative = PurePosixPath(entry.relative_to(home).as_posix())
        if _left_out(relative, database_files, entry.resolve()):
            continue
        if entry.is_dir():
            _add_tree(archive, home, entry, database_files)
        else:
            _add_store_file(archive, home, entry)


def _add_store_file(archive: _Archive, home: Path, path: Path) -> None:
    name = _member_name(STORE, path.relative_to(home).as_posix())
    if path.suffix in {".sqlite3", ".sqlite", ".db"} and _is_sqlite(path):
        with tempfile.TemporaryDirectory(prefix=".safeguard-sqlite-") as work:
            copy = Path(work) / path.name
            _copy_sqlite(path, copy)
            with open(copy, "rb") as source:
                archive.add_open_file(name, source, stat.S_IMODE(path.stat().st_mode))
        return
    try:
        source = open(path, "rb")  # noqa: SIM115 (closed below; a file that vanished is left out)
    except FileNotFoundError:
        return
    with source:
        archive.add_open_file(name, source, stat.S_IMODE(os.fstat(source.fileno()).st_mode))


def _add_whole_folder(archive: _Archive, home: Path, folder: Path) -> None:
    """A snapshot folder: every file opened first, so it goes in whole even if it is removed
    while being read, and not at all if it was already half gone."""
    opened: list[tuple[Path, IO[bytes]]] = []
    try:
        for path in sorted(folder.iterdir()):
            opened.append((path, open(path, "rb")))  # noqa: SIM115 (closed in the finally below)
        archive.add_folder(_member_name(STORE, folder.relative_to(home).as_posix()), stat.S_IMODE(folder.stat().st_mode))
        for path, source in opened:
            archive.add_open_file(_member_name(STORE, path.relative_to(home).as_posix()), source,
                                  stat.S_IMODE(os.fstat(source.fileno()).st_mode))
    except FileNotFoundError:
        return
    finally:
        for _, source in opened:
            source.close()


# ---------------------------------------------------------------------------------------------
# Restoring


def restore_backup(archive: Path, home: Path | None = None, *, replace: bool = False) -> RestoreSummary:
    """Rebuild the store (and the application database) from a backup, after checking every
    byte of it; refused, changing nothing, if the backup is damaged or the place is not empty
    (unless ``replace``)."""
    archive = Path(archive).expanduser()
    if not archive.is_file():
        raise SafeguardError(f"There is no backup file {archive}.")
    home = (home or safeguard_home()).resolve()
    database = ApplicationDatabase.from_settings()
    if not replace:
        if any(home.iterdir()):
            raise SafeguardError(
                f"{home} is not empty: restore into an empty folder, or add --replace to replace what it holds."
            )
        if not database.is_empty():
            raise SafeguardError(
                "The application database already holds tables: restore into an empty one, or add --replace."
            )
    staging = Path(tempfile.mkdtemp(prefix=".restoring-", dir=home))
    try:
        manifest = _unpack(archive, staging)
        _restore_database(staging, manifest.get("database"), database, replace)
        files = _put_in_place(staging, home, manifest, database, replace)
    finally:
        _remove_tree(staging)
    snapshots = home / "snapshots"
    count = sum(1 for folder in snapshots.iterdir() if folder.is_dir()) if snapshots.is_dir() else 0
    kind = (manifest.get("database") or {}).get("kind", "none")
    return RestoreSummary(home, files, count, kind, manifest.get("written_at", ""))


def _damaged(archive: Path, what: str) -> SafeguardError:
    return SafeguardError(f"The backup {archive} is damaged: {what}; nothing was restored.")


def _safe_name(archive: Path, name: str) -> str:
    path = PurePosixPath(name)
    if (
        path.is_absolute() or ".." in path.parts or "\\" in name or not path.parts
        or (path.parts[0] not in {STORE, DATABASE} and name not in {MANIFEST, SEAL})
    ):
        raise _damaged(archive, f"it holds {name!r}, which no Safeguard backup holds")
    return path.as_posix()


@dataclass
class _Unpacked:
    files: dict[str, tuple[int, str]]
    folders: set[str]
    seal: bytes | None = None
    seal_offset: int = 0
    seal_end: int = 0


def _unpack(archive: Path, staging: Path) -> dict[str, Any]:
    """Extract every member into ``staging`` and check it all: the manifest is returned only if
    every byte is as it was written. The members are checked against the manifest first, so
    that a missing or changed one is named; then every other byte against the checksum."""
    try:
        unpacked = _extract(archive, staging)
    except (tarfile.TarError, EOFError, OSError, UnicodeDecodeError) as error:
        raise _damaged(archive, f"it cannot be read as a Safeguard backup ({error})") from error
    manifest_file = staging / MANIFEST
    if not manifest_file.is_file():
        raise SafeguardError(
            f"The backup {archive} is incomplete: it has no {MANIFEST} (it may have been cut short); nothing was restored."
        )
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    except ValueError as error:
        raise _damaged(archive, f"its {MANIFEST} cannot be read") from error
    if manifest.get("format") != FORMAT:
        raise _damaged(archive, f"it is not a backup this version can restore (format {manifest.get('format')!r})")
    _check_members(archive, manifest, unpacked)
    _check_seal(archive, unpacked)
    return manifest


def _extract(archive: Path, staging: Path) -> _Unpacked:
    unpacked = _Unpacked({}, set())
    with open(archive, "rb") as raw, tarfile.open(fileobj=raw, mode="r:") as tar:
        for member in tar:
            if unpacked.seal is not None:
                raise _damaged(archive, f"{member.name!r} follows its checksum, which is always last")
            name = _safe_name(archive, member.name)
            if member.isdir():
                (staging / name).mkdir(parents=True, exist_ok=True, mode=0o700)
                unpacked.folders.add(name)
                continue
            if not member.isfile():
                raise _damaged(archive, f"{name} is neither a file nor a folder")
            source = tar.extractfile(member)
            if source is None:
                raise _damaged(archive, f"{name} cannot be read")
            if name == SEAL:
                unpacked.seal = source.read()
                unpacked.seal_offset = member.offset
                unpacked.seal_end = member.offset_data + -(-member.size // BLOCK) * BLOCK
                continue
            unpacked.files[name] = (member.size, _write_out(source, staging / name))
    return unpacked


def _write_out(source: IO[bytes], target: Path) -> str:
    """Copy a member to ``target`` (readable by its owner only until put in place); its SHA-256."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    digest = hashlib.sha256()
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as sink:
        while block := source.read(CHUNK):
            digest.update(block)
            sink.write(block)
    return digest.hexdigest()


def _check_seal(archive: Path, unpacked: _Unpacked) -> None:
    """Every byte before ``archive.sha256`` hashes to what it says, and nothing but the tar's
    closing zeros follows it: a flipped byte anywhere, even in padding, is caught."""
    if unpacked.seal is None:
        if MANIFEST in unpacked.files:
            raise _damaged(archive, f"its checksum {SEAL} is missing")
        return
    digest = hashlib.sha256()
    with open(archive, "rb") as raw:
        remaining = unpacked.seal_offset
        while remaining:
            block = raw.read(min(CHUNK, remaining))
            if not block:
                raise _damaged(archive, "it ends before its checksum")
            digest.update(block)
            remaining -= len(block)
        raw.seek(unpacked.seal_end)
        tail = raw.read()
    if unpacked.seal.decode("ascii", errors="replace").strip() != digest.hexdigest():
        raise _damaged(archive, f"its contents do not match its checksum ({SEAL})")
    if len(tail) < 2 * BLOCK or tail.strip(b"\x00"):
        raise _damaged(archive, "it does not end as the archive it was written as")


def _check_members(archive: Path, manifest: dict[str, Any], unpacked: _Unpacked) -> None:
    listed = {entry["name"]: entry for entry in manifest.get("members", []) if not entry.get("folder")}
    folders = {entry["name"] for entry in manifest.get("members", []) if entry.get("folder")}
    for name, entry in listed.items():
        if name not in unpacked.files:
            raise SafeguardError(
                f"The backup {archive} is incomplete: it lacks {name}, which its manifest lists; nothing was restored."
            )
        size, sha256 = unpacked.files[name]
        if size != entry["size"] or sha256 != entry["sha256"]:
            raise _damaged(archive, f"{name} is not what was backed up (its SHA-256 differs from the manifest's)")
    extra = sorted((set(unpacked.files) - set(listed) - {MANIFEST}) | (unpacked.folders - folders))
    if extra:
        raise _damaged(archive, f"it holds {extra[0]}, which its manifest does not list")
    missing_folders = sorted(folders - unpacked.folders)
    if missing_folders:
        raise SafeguardError(
            f"The backup {archive} is incomplete: it lacks the folder {missing_folders[0]}; nothing was restored."
        )


def _restore_database(staging: Path, described: dict[str, str] | None, database: ApplicationDatabase, replace: bool) -> None:
    """PostgreSQL first, in one transaction, so a failure leaves the store's folder untouched
    (SQLite's file is put in place with the others)."""
    if not described:
        return
    if described["kind"] != database.kind:
        raise SafeguardError(
            f"The backup holds a {described['kind']} application database, but DATABASE_URL names a "
            f"{database.kind} one: point DATABASE_URL at a database of the backup's kind; nothing was restored."
        )
    if database.kind == "postgresql":
        options = ["--clean", "--if-exists"] if replace else []
        command, environment = database.command_line(
            "pg_restore", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", *options,
            "--dbname", database.settings["NAME"], str(staging / described["member"]),
        )
        _run(command, environment, "pg_restore")


def _put_in_place(staging: Path, home: Path, manifest: dict[str, Any], database: ApplicationDatabase, replace: bool) -> int:
    """Move the checked files into the store (removing what was there, with ``replace``), put
    the SQLite database where the settings say, and give every file and folder its mode."""
    if replace:
        for entry in home.iterdir():
            if entry != staging:
                _remove_tree(entry)
        if database.kind == "sqlite":
            for suffix in ("", *SQLITE_SIDECARS):
                Path(f"{database.path}{suffix}").unlink(missing_ok=True)
    restored = staging / STORE
    if restored.is_dir():
        for entry in sorted(restored.iterdir()):
            os.rename(entry, home / entry.name)
    described = manifest.get("database")
    if described and described["kind"] == "sqlite":
        database.path.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(staging / described["member"], database.path)
    files = 0
    folders = []
    for entry in manifest.get("members", []):
        name = PurePosixPath(entry["name"])
        if name.parts[0] != STORE:
            continue
        path = home.joinpath(*name.parts[1:])
        if entry.get("folder"):
            folders.append((path, entry["mode"]))
        else:
            os.chmod(path, entry["mode"] & 0o777)
            files += 1
    for path, mode in sorted(folders, key=lambda item: len(item[0].parts), reverse=True):
        os.chmod(path, mode & 0o777)
    return files


def _remove_tree(path: Path) -> None:
    """Delete a file or folder, read-only snapshot folders included."""
    if not path.exists() and not path.is_symlink():
        return
    if path.is_dir() and not path.is_symlink():
        for folder, _, _ in os.walk(path):
            os.chmod(folder, 0o700)
        shutil.rmtree(path)
    else:
        path.unlink()
