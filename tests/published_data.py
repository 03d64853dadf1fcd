"""Where the tests find the published data (``../shared`` beside the checkout, or the folder
named by ``SAFEGUARD_SHARED``), and the mark that skips a test, saying why, on a machine without it.

The data are read where they lie, never copied into the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from safeguard.home import shared_folder

PUBLISHED = shared_folder()
MISSING = Path("/nonexistent-published-data")
BENCHMARKS = (PUBLISHED or MISSING) / "benchmarks"
ANNEX_A_SAMPLES = (PUBLISHED or MISSING) / "formats" / "annex_a"

needs_benchmarks = pytest.mark.skipif(
    not BENCHMARKS.is_dir(), reason="the published benchmarks are not here (../shared, or SAFEGUARD_SHARED)"
)
