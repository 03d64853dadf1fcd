"""The synthetic council's workforce files: the same workers as its Annex A lists, and rising turnover when planted."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from safeguard.synth import Manifest, SynthConfig, generate
from safeguard.workforce import read_workforce

CONFIG = SynthConfig(population=8_000, years=3, end=date(2025, 3, 31), seed=5)


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    config = SynthConfig(
        population=CONFIG.population, years=CONFIG.years, end=CONFIG.end, seed=CONFIG.seed, scenarios=("rising_turnover@2023-10",)
    )
    return generate(config, tmp_path_factory.mktemp("planted"))


def leavers_in_year(path: Path, year_end: date) -> int:
    rows = read_workforce(path).table.to_pylist()
    year_start = date(year_end.year - 1, year_end.month, year_end.day)
    return sum(1 for row in rows if row["leaving_date"] is not None and year_start < row["leaving_date"] <= year_end)


def test_every_allocated_worker_in_annex_a_is_in_the_workforce_file(planted: Manifest) -> None:
    from safeguard.annex_a.validation import validate

    annex_a = validate(planted.whole_history_path)
    allocated = set()
    for key in ("children_in_need", "child_protection_plans", "children_in_care"):
        allocated |= {worker for worker in annex_a.tables[key].column("worker").to_pylist() if worker and worker != "Unallocated"}
    checked = read_workforce(planted.workforce_paths[-1])

    assert not checked.findings
    assert allocated
    assert allocated <= set(checked.table.column("worker_id").to_pylist())


def test_every_file_checks_clean_and_is_dated_by_its_name(planted: Manifest) -> None:
    assert [path.name for path in planted.workforce_paths] == [
        "workforce_2022-09-30.csv",
        "workforce_2023-09-30.csv",
        "workforce_2024-09-30.csv",
        "workforce_2025-03-31.csv",
    ]
    for path in planted.workforce_paths:
        assert not read_workforce(path).findings, path


def test_planted_turnover_gives_more_leavers_than_the_year_before(planted: Manifest, tmp_path: Path) -> None:
    clean = generate(CONFIG, tmp_path)
    latest = planted.workforce_paths[2]

    assert leavers_in_year(latest, date(2024, 9, 30)) > 1.5 * leavers_in_year(clean.workforce_paths[2], date(2024, 9, 30))
    assert leavers_in_year(planted.workforce_paths[1], date(2023, 9, 30)) == leavers_in_year(clean.workforce_paths[1], date(2023, 9, 30))


def test_the_early_warning_finds_the_planted_turnover(planted: Manifest, tmp_path: Path) -> None:
    from safeguard.indicators.engine import choose
    from safeguard.snapshots import Store, WorkforceStore
    from safeguard.warnings.baselines import baselines_in_force
    from safeguard.warnings.scan import scan
    from safeguard.warnings.series import monthly_series

    home = tmp_path / "store"
    with Store(home) as store:
        store.import_file(planted.whole_history_path)
    WorkforceStore(home).import_file(planted.workforce_paths[-1])
    ids = ["social_worker_turnover_rate"]
    with Store(home) as store:
        series = monthly_series(store, ids, None)
    found = [warning for warning in scan(choose(ids), series, baselines_in_force(series, {})) if warning.source == "control_chart"]

    concerns = [warning for warning in found if warning.reading == "concern" and warning.direction == "up"]
    assert concerns, found
    # Seen within six months of the planted start (a run of months may begin a little before it).
    assert any(date(2023, 10, 1) <= warning.detected <= date(2024, 4, 1) for warning in concerns), concerns
