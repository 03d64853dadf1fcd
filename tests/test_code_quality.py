"""The code's own standards, enforced by `make test`: the architecture's import contracts
(DOMAIN.md §6, ``.importlinter``), ruff over ``src/``, ``tests/`` and ``bench/``, and mypy (with django-stubs) over ``src/``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
TOOLS = Path(sys.executable).parent


def _run(*command: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    # This checkout's source first, so django-stubs' plugin reads this checkout's settings.
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(CHECKOUT / "src"), os.environ.get("PYTHONPATH")]))}
    return subprocess.run(list(command), cwd=CHECKOUT, capture_output=True, text=True, timeout=timeout, env=environment)


def test_the_import_contracts_hold():
    result = _run(str(TOOLS / "lint-imports"), "--config", ".importlinter", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
    for contract in ("Data flows one way", "Leader-facing pages reach children's data only through the aggregates service"):
        assert f"{contract}" in result.stdout and "KEPT" in result.stdout


def test_ruff_finds_nothing_in_the_source_the_tests_or_the_benchmarks():
    result = _run(str(TOOLS / "ruff"), "check", "src", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing_in_the_source():
    """The types hold across ``src/`` (the ``[tool.mypy]`` settings in pyproject.toml, with
    django-stubs' plugin): a call that passes None where a value must be, or a view that reads
    something its request does not carry, fails here. Later runs reuse mypy's cache."""
    result = _run(str(TOOLS / "mypy"), timeout=1800)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout
