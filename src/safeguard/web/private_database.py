"""The application database's files are for the service's account only.

On PostgreSQL the server keeps its own files. On SQLite the database is a file in the store
(``web.sqlite3``), with its write-ahead log and shared-memory files beside it; SQLite creates
those two with the main file's permissions, so keeping the main file at ``0600`` keeps all three
private. Every new connection sets them (cheap: three ``chmod`` calls at most), whatever the
umask of the process that first made the file.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabaseWrapper

from safeguard.home import PRIVATE_FILE

SQLITE_COMPANIONS = ("", "-wal", "-shm")


def keep_sqlite_files_private(sender: object, connection: BaseDatabaseWrapper, **kwargs: object) -> None:
    """``connection_created`` receiver: owner-only permissions on a file-backed SQLite database."""
    if not isinstance(connection, SQLiteDatabaseWrapper) or connection.is_in_memory_db():
        return
    database = Path(str(connection.settings_dict["NAME"]))
    for suffix in SQLITE_COMPANIONS:
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            os.chmod(companion, PRIVATE_FILE)
