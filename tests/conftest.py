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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The test files longest to run first: those marked ``slow`` or ``browser`` (a served site,
    a demo council, a large workbook; a minute or more each), then the others, most tests first.
    ``make test`` gives each core a test file at a time in this order (``--dist loadfile``, with
    xdist's own reordering, by number of tests alone, turned off in pyproject.toml): a long file
    given out last kept one core busy minutes after the other had finished. Each file's tests
    keep their order."""
    files: dict[Path, list[pytest.Item]] = {}
    for item in items:
        files.setdefault(item.path, []).append(item)

    def longest_first(tests: list[pytest.Item]) -> tuple[bool, int]:
        slow = any(test.get_closest_marker("slow") or test.get_closest_marker("browser") for test in tests)
        return (not slow, -len(tests))

    items[:] = [item for tests in sorted(files.values(), key=longest_first) for item in tests]
