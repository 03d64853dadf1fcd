"""The store's staging area (``tmp/``) and the small file-system steps that make a change durable.

Every change to the store is prepared in a private folder under ``tmp/`` and then committed by a
single ``rename``. ``tmp/`` sits inside the store so the rename never crosses file systems (a
cross-device move is a copy, which is not atomic).

A process that is killed leaves its staging folder behind; the next process to open the store
clears it. To avoid clearing a folder that another process is still filling, each staging folder
has a lock file beside it (``tmp/<name>.lock``) that its owner holds with ``flock``. The
operating system releases that lock when the owner exits for any reason, SIGKILL included, so
"the lock can be taken" means exactly "the owner is gone".
"""

from __future__ import annotations

import fcntl
import os
import shutil
import stat
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_SUFFIX = ".lock"
READ_ONLY_FILE = 0o400
READ_ONLY_FOLDER = 0o500
WRITABLE_FOLDER = 0o700
"""Snapshots hold children's records: read-only once committed, and for the store's owner only."""


def fsync_file(path: Path) -> None:
    """Force a written file's bytes to disk, so a power cut cannot leave it half written."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def fsync_folder(path: Path) -> None:
    """Force a folder's entries (created, renamed or removed names) to disk."""
    descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def seal(folder: Path) -> None:
    """Make a committed snapshot read-only: its files, then the folder itself (no new files)."""
    for entry in folder.iterdir():
        os.chmod(entry, READ_ONLY_FILE)
    os.chmod(folder, READ_ONLY_FOLDER)


def unseal(folder: Path) -> None:
    """Let a sealed folder be moved and emptied (renaming a folder rewrites its ``..`` entry)."""
    os.chmod(folder, WRITABLE_FOLDER)


def remove_tree(path: Path) -> None:
    """Delete a folder and everything in it, sealed snapshot folders included."""
    if path.is_symlink() or path.is_file():
        path.unlink()
        return
    if not path.exists():
        return
    for folder, _, _ in os.walk(path):
        mode = stat.S_IMODE(os.lstat(folder).st_mode)
        os.chmod(folder, mode | stat.S_IRWXU)
    shutil.rmtree(path, ignore_errors=True)


class Staging:
    """The folder ``tmp/`` of one store, handing out locked private folders."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    @contextmanager
    def folder(self, purpose: str) -> Iterator[Path]:
        """A new empty folder owned by this process; whatever is still in it is deleted on exit.

        ``purpose`` ("import", "remove") only makes leftovers recognisable to a person looking.
        """
        name, lock = self._claim(purpose)
        path = self.root / name
        try:
            path.mkdir()
            yield path
        finally:
            remove_tree(path)
            (self.root / f"{name}{LOCK_SUFFIX}").unlink(missing_ok=True)
            os.close(lock)

    def clear_leftovers(self) -> list[str]:
        """Delete the staging folders of processes that have gone; return their names.

        Folders whose owner is still running (its lock is held) are left alone.
        """
        cleared = []
        names = {entry.name.removesuffix(LOCK_SUFFIX) for entry in self.root.iterdir()}
        for name in sorted(names):
            if self._clear_if_abandoned(name):
                cleared.append(name)
        return cleared

    def _clear_if_abandoned(self, name: str) -> bool:
        lock_path = self.root / f"{name}{LOCK_SUFFIX}"
        try:
            lock = os.open(lock_path, os.O_RDWR)
        except FileNotFoundError:
            # An owner creates its lock before its folder and removes it after, so a folder
            # without a lock file has no owner.
            remove_tree(self.root / name)
            return True
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(lock)
            return False
        try:
            remove_tree(self.root / name)
            lock_path.unlink(missing_ok=True)
        finally:
            os.close(lock)
        return True

    def _claim(self, purpose: str) -> tuple[str, int]:
        """A fresh name and its held lock.

        A process clearing leftovers may take and delete a lock file in the instant between its
        creation and our ``flock``; checking afterwards that the name still points at our file
        closes that gap.
        """
        while True:
            name = f"{purpose}-{uuid.uuid4().hex[:12]}"
            lock_path = self.root / f"{name}{LOCK_SUFFIX}"
            lock = os.open(lock_path, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                if os.stat(lock_path).st_ino == os.fstat(lock).st_ino:
                    return name, lock
            except (BlockingIOError, FileNotFoundError):
                pass
            os.close(lock)
