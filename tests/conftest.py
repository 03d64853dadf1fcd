"""Fixtures shared by the tests outside ``tests/web`` (which has its own)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store of the test's own (``SAFEGUARD_HOME``, not yet created), with a terminal wide
    enough that the command line's tables print each row on one line for the assertions."""
    folder = tmp_path / "store"
    monkeypatch.setenv("SAFEGUARD_HOME", str(folder))
    monkeypatch.setenv("COLUMNS", "200")
    return folder
