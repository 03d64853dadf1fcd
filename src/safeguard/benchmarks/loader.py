"""Loading the published benchmark files into the store, all or nothing.

``safeguard benchmarks load PATH`` reads each published file once and keeps a typed Parquet copy
under ``SAFEGUARD_HOME/benchmarks/``, so that every later comparison is a quick query and does
not depend on the download folder still being there. A load is written to a temporary folder,
renamed into place when complete, and only then made current by atomically replacing the small
``current.json`` pointer. A reader therefore sees either the previous load or the new one, never
half of each, and a file that fails to read leaves the previous load untouched.

Each load records which file fed each table, its size and SHA-256, so a figure in a pack can be
traced to the exact publication it came from.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from safeguard.benchmarks.sources import find_sources
from safeguard.errors import SafeguardError
from safeguard.home import safeguard_home

FOLDER_NAME = "benchmarks"
POINTER_NAME = "current.json"
MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class LoadedFile:
    """One published file as loaded: which table it fed, from where, and its fingerprint."""

    role: str
    description: str
    source: str
    sha256: str
    size: int
    rows: int


@dataclass(frozen=True)
class BenchmarkLoad:
    """A complete load of the published files: its folder in the store and what it holds."""

    load_id: str
    folder: Path
    loaded_at: str
    source_folder: str
    files: tuple[LoadedFile, ...]

    def table(self, role: str) -> Path:
        """The Parquet file holding one table (``lait_values``, ``neighbours``, ...)."""
        return self.folder / f"{role}.parquet"


def benchmarks_folder(home: Path | None = None) -> Path:
    folder = (home or safeguard_home()) / FOLDER_NAME
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_json_atomically(path: Path, content: dict[str, object]) -> None:
    """Write a small JSON file so that readers see the old or the new content, nothing between."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(content, stream, indent=2)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_benchmarks(source_folder: Path, home: Path | None = None) -> BenchmarkLoad:
    """Import every published file found under ``source_folder`` and make it the current load."""
    source_folder = Path(source_folder).expanduser().resolve()
    found = find_sources(source_folder)
    store = benchmarks_folder(home)
    loaded_at = datetime.now(UTC).replace(microsecond=0)
    load_id = f"{loaded_at:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    staging = Path(tempfile.mkdtemp(dir=store, prefix=".loading-"))
    try:
        files = []
        for source in found:
            rows = source.kind.read(source.path, staging / f"{source.kind.role}.parquet")
            files.append(
                LoadedFile(
                    role=source.kind.role,
                    description=source.kind.description,
                    source=str(source.path.relative_to(source_folder)),
                    sha256=_sha256(source.path),
                    size=source.path.stat().st_size,
                    rows=rows,
                )
            )
        load = BenchmarkLoad(load_id, store / load_id, loaded_at.isoformat(), str(source_folder), tuple(files))
        _write_json_atomically(staging / MANIFEST_NAME, _manifest(load))
        staging.rename(load.folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _write_json_atomically(store / POINTER_NAME, {"load_id": load_id})
    _remove_superseded(store, keep=load_id)
    return load


def _manifest(load: BenchmarkLoad) -> dict[str, object]:
    return {
        "load_id": load.load_id,
        "loaded_at": load.loaded_at,
        "source_folder": load.source_folder,
        "files": [file.__dict__ for file in load.files],
    }


def _remove_superseded(store: Path, keep: str) -> None:
    """Delete earlier loads once the pointer has moved on; a reader mid-query keeps its open files."""
    for entry in store.iterdir():
        if entry.is_dir() and entry.name != keep and not entry.name.startswith(".loading-"):
            shutil.rmtree(entry, ignore_errors=True)


def current_load(home: Path | None = None) -> BenchmarkLoad:
    """The load ``current.json`` points at; a clear error when none has been made yet."""
    store = benchmarks_folder(home)
    pointer = store / POINTER_NAME
    if not pointer.is_file():
        raise SafeguardError(
            f"No published benchmarks in {store}: run 'safeguard benchmarks load PATH' with the "
            "folder of LAIT, neighbour, population and Ofsted files first."
        )
    load_id = json.loads(pointer.read_text(encoding="utf-8"))["load_id"]
    manifest_path = store / load_id / MANIFEST_NAME
    if not manifest_path.is_file():
        raise SafeguardError(f"{pointer}: points at load {load_id}, whose folder is missing; load the benchmarks again.")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    return BenchmarkLoad(
        load_id=load_id,
        folder=store / load_id,
        loaded_at=manifest["loaded_at"],
        source_folder=manifest["source_folder"],
        files=tuple(LoadedFile(**entry) for entry in manifest["files"]),
    )
