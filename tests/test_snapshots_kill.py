"""`safeguard import` killed with SIGKILL while it writes a snapshot leaves the store as it was.

SIGKILL cannot be caught: no clean-up code runs, exactly as in a power cut or the out-of-memory
killer. The import runs in its own process through the real command line; to be sure the kill
lands while Parquet files are being written (not before, not after the commit), that process
slows the Parquet writer down with a pause after each list, and the test kills it as soon as
the first list's file has appeared in the staging folder.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from safeguard.snapshots import ImportStatus, Store
from safeguard.synth import SynthConfig, generate
from snapshot_support import staging_entries, store_fingerprint

SLOW_IMPORT = """
import sys, time
import pyarrow.parquet as parquet
from safeguard.cli import main

write_table = parquet.write_table

def write_table_slowly(*arguments, **options):
    write_table(*arguments, **options)
    time.sleep(0.5)

parquet.write_table = write_table_slowly
sys.argv = ["safeguard", "import", sys.argv[1]]
main()
"""


def _first_parquet_in_staging(home: Path, process: subprocess.Popen[bytes], timeout: float) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the import finished before it could be killed"
        written = list((home / "tmp").glob("import-*/*/*.parquet"))
        if written:
            return written[0]
        time.sleep(0.005)
    raise AssertionError("the import never started writing its snapshot")


def test_an_import_killed_while_writing_changes_nothing(tmp_path: Path) -> None:
    earlier = generate(SynthConfig(population=1_000, years=1, end=date(2024, 3, 31), seed=5), tmp_path / "earlier")
    later = generate(SynthConfig(population=3_000, years=2, end=date(2025, 3, 31), seed=5), tmp_path / "later")
    home = tmp_path / "store"
    with Store(home) as store:
        assert store.import_file(earlier.whole_history_path).status is ImportStatus.CREATED
    fingerprint = store_fingerprint(home)

    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_IMPORT, str(later.whole_history_path)],
        env={**os.environ, "SAFEGUARD_HOME": str(home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _first_parquet_in_staging(home, process, timeout=120)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)

    assert process.returncode == -signal.SIGKILL
    assert store_fingerprint(home) == fingerprint
    leftovers = staging_entries(home)
    assert len(leftovers) == 2 and leftovers[0].startswith("import-") and leftovers[1] == leftovers[0] + ".lock"

    with Store(home) as reopened:
        assert staging_entries(home) == []
        assert store_fingerprint(home) == fingerprint
        assert reopened.import_file(later.whole_history_path).status is ImportStatus.CREATED
        assert len(reopened.list()) == 2
