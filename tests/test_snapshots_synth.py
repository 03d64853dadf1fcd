"""The whole way through: the synthetic council's truth -> workbook -> import -> snapshot tables.

What the generator knows about its council (`CouncilHistory.records`) must come back out of
the store unchanged, value for value and row for row, for every list: nothing lost, reordered
or retyped by writing the workbook, reading and checking it, or storing it as Parquet.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from safeguard.annex_a.spec import LISTS
from safeguard.snapshots import ImportStatus, Store
from safeguard.synth import SynthConfig, generate, simulate


@pytest.mark.parametrize("seed", [3, 11])
def test_a_small_council_reads_back_exactly_as_generated(tmp_path: Path, seed: int) -> None:
    config = SynthConfig(population=1_000, years=2, end=date(2025, 3, 31), seed=seed)
    manifest = generate(config, tmp_path / "council")
    history = simulate(config)
    truth = history.records(as_at=history.end, since=history.window_start)

    with Store(tmp_path / "store") as store:
        outcome = store.import_file(manifest.whole_history_path)
        assert outcome.status is ImportStatus.CREATED, [finding.message for finding in outcome.validation.errors]
        for annex_list in LISTS:
            stored = store.table(outcome.snapshot.id, annex_list.key)
            assert stored.column("source_row").to_pylist() == list(range(2, stored.num_rows + 2))
            assert stored.drop_columns(["source_row"]).to_pylist() == truth[annex_list.key], annex_list.key
        assert sum(len(rows) for rows in truth.values()) == outcome.snapshot.total_rows > 0
