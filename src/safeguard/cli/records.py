"""The command line's way into the application database, where the governance records live.

Commands about self-assessments, challenges, audits or the improvement plan read the same
database as the web application (``DATABASE_URL``, or ``web.sqlite3`` in the store), brought up
to date first so that a fresh store works without running the server.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from safeguard.cli.serve import DEFAULT_SETTINGS


@contextmanager
def application_database() -> Iterator[None]:
    """Django set up over the store's application database, its tables migrated."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    yield
