"""`safeguard synth`: what an analyst types and sees."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from safeguard.cli import run
from safeguard.synth import SynthConfig, generate
from safeguard.synth.config import default_end


@pytest.fixture(autouse=True)
def own_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFEGUARD_HOME", str(tmp_path / "store"))
    monkeypatch.setenv("COLUMNS", "200")


def test_the_command_writes_the_council_and_says_what_it_wrote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "council"
    status = run(
        ["synth", "--out", str(out), "--population", "2000", "--years", "1", "--end", "2024-12-31", "--seed", "9",
         "--fault-rate", "0.02", "--scenario", "icpc_delays@2024-06"]
    )
    printed = capsys.readouterr().out
    assert status == 0
    assert (out / "annex_a_whole_history.xlsx").is_file()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["arguments"]["seed"] == 9
    assert manifest["scenarios"][0]["start"] == "2024-06-01"
    assert "England's published averages" in printed
    assert "List 3: Referrals" in printed
    assert "Scenario icpc_delays from 2024-06-01: icpc_within_15wd should go down." in printed
    assert f"Faults planted: {len(manifest['faults']):,}" in printed


def test_an_unknown_scenario_is_one_line_naming_the_valid_ones(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "council"
    status = run(["synth", "--out", str(out), "--population", "2000", "--years", "1", "--end", "2024-12-31", "--scenario", "more_referrals"])
    error = capsys.readouterr().err.strip()
    assert status == 1
    assert len(error.splitlines()) == 1
    assert "Unknown scenario 'more_referrals'" in error and "rising_missing_from_care" in error
    assert not out.exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--end", "31/03/2025"], "--end must be a date written YYYY-MM-DD"),
        (["--population", "10"], "--population must be between"),
        (["--fault-rate", "0.9"], "--fault-rate must be between"),
        (["--years", "0"], "--years must be between"),
    ],
)
def test_bad_options_are_refused_before_anything_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str) -> None:
    status = run(["synth", "--out", str(tmp_path / "never"), *arguments])
    assert status == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "never").exists()


def test_help_explains_every_option_in_plain_words(capsys: pytest.CaptureFixture[str]) -> None:
    run(["synth", "--help"])
    text = capsys.readouterr().out
    for phrase in ("--population", "Children aged 0-17", "--scenario", "rising_re_referrals", "--fault-rate", "--monthly", "same files"):
        assert phrase in text


def test_progress_is_reported_as_stages_and_fractions(tmp_path: Path) -> None:
    reports: list[tuple[str, float]] = []
    generate(SynthConfig(population=1_500, years=1, end=date(2024, 12, 31)), tmp_path, lambda stage, done: reports.append((stage, done)))
    assert {stage for stage, _ in reports} >= {"Simulating casework", "Writing the whole-history workbook"}
    assert all(0.0 <= done <= 1.0 for _, done in reports)


def test_the_default_end_is_the_last_day_of_the_previous_month() -> None:
    assert default_end(date(2025, 3, 15)) == date(2025, 2, 28)
    assert default_end(date(2024, 3, 1)) == date(2024, 2, 29)
    assert default_end(date(2025, 1, 31)) == date(2024, 12, 31)
    assert SynthConfig(end=date(2025, 3, 31), years=5).window_start == date(2020, 4, 1)
