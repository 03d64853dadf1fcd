"""Tests: the base settings with a fast password hash and plain static files.

The database is whatever the base settings choose (``DATABASE_URL`` for the PostgreSQL run),
and pytest-django makes its own test database from it. Argon2 stays first for the tests that
exercise the real hash; the others create users through ``force_login`` or the fast hasher.
"""

from __future__ import annotations

import os

# A fixed key, so that test runs never write a key file into the developer's store folder.
os.environ.setdefault("SAFEGUARD_SECRET_KEY", "test-only-key-" + "x" * 50)

from safeguard.web.settings.base import *  # noqa: F403 (a settings module extends the base)

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import tempfile

    # A file, not SQLite's shared in-memory database: the concurrency tests need each thread's
    # connection to take the write lock and wait for it (WAL, BEGIN IMMEDIATE, a busy timeout)
    # exactly as the served application does; shared memory answers "table is locked" at once.
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(tempfile.gettempdir(), f"safeguard-test-{os.getpid()}.sqlite3")}  # noqa: F405
