"""The code's own standards, enforced by `make test`: the architecture's import contracts
(DOMAIN.md §6, ``.importlinter``) and ruff over ``src/``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
TOOLS = Path(sys.executable).parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(command), cwd=CHECKOUT, capture_output=True, text=True, timeout=600)


def test_the_import_contracts_hold():
    result = _run(str(TOOLS / "lint-imports"), "--config", ".importlinter", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
    for contract in ("Data flows one way", "Leader-facing pages reach children's data only through the aggregates service"):
        assert f"{contract}" in result.stdout and "KEPT" in result.stdout


def test_ruff_finds_nothing_in_the_source():
    result = _run(str(TOOLS / "ruff"), "check", "src")
    assert result.returncode == 0, result.stdout + result.stderr
