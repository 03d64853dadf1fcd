"""Where a council's store lives: the folder named by ``SAFEGUARD_HOME``.

Several councils, test runs and checks each get their own store by pointing this variable at
their own folder. Unset, the store is ``var/`` inside the checkout, so that a fresh clone's
``make demo`` keeps everything in one place that git ignores.
"""

from __future__ import annotations

import os
from pathlib import Path

ENVIRONMENT_VARIABLE = "SAFEGUARD_HOME"


def checkout_root() -> Path | None:
    """The source checkout this package runs from, if it runs from one."""
    for parent in Path(__file__).resolve().parents:
        if (parent / "pyproject.toml").is_file() and (parent / "src" / "safeguard").is_dir():
            return parent
    return None


PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
"""The store holds children's records: what Safeguard writes there is for the account that runs
it only (read and write for the owner, nothing for the group or anyone else)."""


def private_folder(path: Path) -> Path:
    """Make a folder only its owner can open, or close an existing one to everyone else."""
    path.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    os.chmod(path, PRIVATE_FOLDER)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write a file only its owner can read (created so, never readable by others even briefly)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    os.fchmod(descriptor, PRIVATE_FILE)
    with os.fdopen(descriptor, "wb") as sink:
        sink.write(data)


def safeguard_home() -> Path:
    """The store folder, created if missing (for its owner only)."""
    configured = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if configured:
        home = Path(configured).expanduser()
    else:
        root = checkout_root()
        home = root / "var" if root else Path.home() / ".safeguard"
    home.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    return home.resolve()


SHARED_VARIABLE = "SAFEGUARD_SHARED"


def shared_folder() -> Path | None:
    """The folder of published data (benchmarks, file-format samples), if present: the one
    named by ``SAFEGUARD_SHARED``, else ``shared/`` beside the checkout.

    Only defaults use this (for example where the synthetic council finds England's published
    averages); every command also takes an explicit path. Setting the variable to a folder that
    does not exist runs everything as a machine without the published data would.
    """
    configured = os.environ.get(SHARED_VARIABLE, "").strip()
    if configured:
        candidate = Path(configured).expanduser()
    else:
        root = checkout_root()
        if root is None:
            return None
        candidate = root.parent / "shared"
    return candidate if candidate.is_dir() else None
