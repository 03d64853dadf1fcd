"""`safeguard demo`: a small demo council made, imported and listed; running it again is safe."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from snapshot_support import store_fingerprint

from safeguard.cli import run
from safeguard.cli.demo import DEMO_SEED, demo_config
from safeguard.council import Council, load_council, save_council
from safeguard.snapshots import Store

SMALL_DEMO = ["demo", "--population", "1000", "--years", "2", "--end", "2025-03-31", "--no-serve"]


def test_the_demo_imports_the_whole_history_and_the_last_twelve_months(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "store"
    monkeypatch.setenv("SAFEGUARD_HOME", str(home))
    monkeypatch.setenv("COLUMNS", "200")

    assert run(SMALL_DEMO) == 0
    first = capsys.readouterr().out

    manifest = json.loads((home / "demo" / "manifest.json").read_text())
    assert manifest["seed"] == DEMO_SEED
    assert [scenario["name"] for scenario in manifest["scenarios"]] == [
        "rising_re_referrals",
        "falling_assessment_timeliness",
    ]
    assert [scenario["start"] for scenario in manifest["scenarios"]] == ["2024-03-01", "2024-09-01"]
    assert manifest["faults"] == []
    monthly = manifest["files"]["monthly"]
    assert len(monthly) == 24
    imported = {snapshot.source_name for snapshot in Store(home).list()}
    assert imported == {"annex_a_whole_history.xlsx"} | {Path(name).name for name in monthly[-12:]}
    assert first.count("Imported ") == 13
    assert "What to try next" in first and "safeguard snapshots show latest" in first
    settings = load_council(home)
    assert settings.name == manifest["council"]
    assert settings.population == {int(year): count for year, count in manifest["population_by_mid_year"].items()}
    # The years to March 2024 and March 2025 divide by the mid-year estimates of 2023 and 2024.
    assert sorted(settings.population) == [2023, 2024]
    fingerprint = store_fingerprint(home)

    assert run(SMALL_DEMO) == 0
    second = capsys.readouterr().out

    assert "Reusing the demo council's returns" in second
    assert second.count("Already imported: ") == 13
    assert store_fingerprint(home) == fingerprint


def test_the_demo_keeps_another_council_s_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "store"
    monkeypatch.setenv("SAFEGUARD_HOME", str(home))
    monkeypatch.setenv("COLUMNS", "200")
    home.mkdir()
    save_council(Council(name="Westshire", la_code="850", population={2023: 250_000}), home)

    assert run(SMALL_DEMO) == 0

    assert "Kept the settings of Westshire" in capsys.readouterr().out
    assert load_council(home) == Council(name="Westshire", la_code="850", population={2023: 250_000})


def test_the_demo_council_is_the_default_size_and_has_no_faults() -> None:
    config = demo_config(60_000, 5, date(2025, 10, 31))
    assert (config.population, config.years, config.seed, config.fault_rate, config.monthly) == (
        60_000,
        5,
        DEMO_SEED,
        0.0,
        True,
    )
    assert config.scenarios == ("rising_re_referrals", "falling_assessment_timeliness@2025-04")


def test_a_badly_written_end_date_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SAFEGUARD_HOME", str(tmp_path / "store"))
    assert run(["demo", "--end", "31/03/2025"]) == 1
    assert capsys.readouterr().err.strip() == (
        "Error: --end should be a date written YYYY-MM-DD, such as 2025-03-31, not '31/03/2025'."
    )
