"""A gunicorn configuration file for the tests that kill the server in the middle of a change
(``test_server_killed.py``): with ``GUNICORN_CMD_ARGS="--config <this file>"`` and
``SAFEGUARD_TEST_FAULT_POINT`` naming a point, every worker stops dead when a request reaches
that point, after writing the point's name to the file ``SAFEGUARD_TEST_FAULT_MARK`` so the test
knows it is there; the test then kills the server with SIGKILL. Nothing in the application knows
about these points: they are installed from outside, once each worker has loaded it.

- ``import``: an upload saved and checked, its row and access record not yet written;
- ``acceptance``: the snapshot's files all written in the store's staging folder, not yet
  renamed into place, the decision not yet saved;
- ``edit``: a person's old roles deleted, the new ones not yet granted.
"""

import os
import time
from pathlib import Path


def _stop_here(point: str) -> None:
    Path(os.environ["SAFEGUARD_TEST_FAULT_MARK"]).write_text(point, encoding="utf-8")
    while True:
        time.sleep(60)


def _stop_after(module, name: str, point: str) -> None:
    original = getattr(module, name)

    def stopped_after(*args, **kwargs):
        result = original(*args, **kwargs)
        _stop_here(point)
        return result

    setattr(module, name, stopped_after)


def _stop_before(module, name: str, point: str) -> None:
    def stopped_before(*args, **kwargs):
        _stop_here(point)

    setattr(module, name, stopped_before)


def post_worker_init(worker) -> None:
    point = os.environ.get("SAFEGUARD_TEST_FAULT_POINT", "")
    if point == "import":
        from safeguard.annex_a import validation

        _stop_after(validation, "validate", point)
    elif point == "acceptance":
        from safeguard.snapshots import store

        _stop_after(store, "_write_snapshot", point)
    elif point == "edit":
        from safeguard.web.accounts import users

        _stop_before(users, "_grant", point)
