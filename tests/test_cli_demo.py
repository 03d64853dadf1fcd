"""`safeguard demo`: a small demo council made, imported and listed; running it again is safe."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from safeguard.benchmarks.loader import current_load
from safeguard.cli import run
from safeguard.cli.demo import DEMO_SEED, STAND_IN_LA_CODE, demo_config
from safeguard.council import Council, load_council, save_council
from safeguard.home import shared_folder
from safeguard.snapshots import Store, WorkforceStore
from snapshot_support import store_fingerprint

SMALL_DEMO = ["demo", "--population", "1000", "--years", "2", "--end", "2025-03-31", "--no-serve"]
TWELVE_MONTH_ENDS = [
    "2024-04-30", "2024-05-31", "2024-06-30", "2024-07-31", "2024-08-31", "2024-09-30",
    "2024-10-31", "2024-11-30", "2024-12-31", "2025-01-31", "2025-02-28", "2025-03-31",
]


@pytest.fixture
def home(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test's own store (conftest's), and the demo's users in the store's own database,
    whatever ``DATABASE_URL`` the test run was given."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return home


@pytest.mark.slow
def test_the_demo_imports_the_whole_history_and_the_last_twelve_months_then_a_second_run_changes_nothing(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(SMALL_DEMO) == 0
    first = capsys.readouterr().out

    manifest = json.loads((home / "demo" / "manifest.json").read_text())
    assert manifest["seed"] == DEMO_SEED
    assert [scenario["name"] for scenario in manifest["scenarios"]] == [
        "rising_re_referrals",
        "rising_turnover",
        "falling_assessment_timeliness",
    ]
    assert [scenario["start"] for scenario in manifest["scenarios"]] == ["2024-03-01", "2024-06-01", "2024-09-01"]
    assert manifest["files"]["workforce"][-12:] == [f"workforce/workforce_{day}.csv" for day in TWELVE_MONTH_ENDS]
    assert {snapshot.as_at.isoformat() for snapshot in WorkforceStore(home).list()} >= set(TWELVE_MONTH_ENDS)
    assert manifest["faults"] == []
    monthly = manifest["files"]["monthly"]
    assert monthly == [f"monthly/annex_a_{day}.xlsx" for day in TWELVE_MONTH_ENDS], "only the months imported are made"
    imported = {snapshot.source_name for snapshot in Store(home).list()}
    assert imported == {"annex_a_whole_history.xlsx"} | {Path(name).name for name in monthly}
    assert first.count("Imported ") == 13
    assert "What to try next" in first and "safeguard snapshots show latest" in first
    # April 2024 to March 2025: twelve briefings; scrutiny's and the Chief Executive's packs for
    # June, September, December and March; the partnership's report for 2023-24, issued in September 2024.
    assert "Packs: 21 issued over the past year" in first
    settings = load_council(home)
    assert settings.name == manifest["council"]
    assert settings.population == {int(year): count for year, count in manifest["population_by_mid_year"].items()}
    # The years to March 2024 and March 2025 divide by the mid-year estimates of 2023 and 2024.
    assert sorted(settings.population) == [2023, 2024]
    assert settings.la_code == STAND_IN_LA_CODE, "set beside a real council's region and neighbours"
    if shared_folder() is not None:
        assert current_load(home).files, "the published benchmarks are loaded for the comparison"
        assert "Loaded the published benchmarks" in first
    fingerprint = store_fingerprint(home)
    # Another council's settings in the store: the demo run again must keep them, not put its own back.
    westshire = Council(name="Westshire", la_code="850", population={2023: 250_000})
    save_council(westshire, home)

    assert run(SMALL_DEMO) == 0
    second = capsys.readouterr().out

    assert "Reusing the demo council's returns" in second
    assert "Loaded the published benchmarks" not in second
    assert second.count("Already imported: ") == 13
    assert "Packs:" not in second, "issued once"
    assert store_fingerprint(home) == fingerprint
    assert "Kept the settings of Westshire" in second
    assert load_council(home) == westshire


def test_the_demo_council_is_the_default_size_and_has_no_faults() -> None:
    config = demo_config(60_000, 5, date(2025, 10, 31))
    assert (config.population, config.years, config.seed, config.fault_rate, config.monthly, config.monthly_last) == (
        60_000,
        5,
        DEMO_SEED,
        0.0,
        True,
        12,
    )
    assert config.scenarios == ("rising_re_referrals", "falling_assessment_timeliness@2025-04", "rising_turnover@2025-01")


def test_a_badly_written_end_date_is_one_clear_error(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["demo", "--end", "31/03/2025"]) == 1
    assert capsys.readouterr().err.strip() == (
        "Error: --end should be a date written YYYY-MM-DD, such as 2025-03-31, not '31/03/2025'."
    )


def test_a_demo_council_asks_for_at_least_one_monthly_workbook() -> None:
    from safeguard.errors import SafeguardError
    from safeguard.synth import SynthConfig

    with pytest.raises(SafeguardError, match="At least one monthly workbook"):
        SynthConfig(monthly=True, monthly_last=0).check()


@pytest.fixture
def busy_port():
    """A port another program is listening on."""
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


@pytest.mark.parametrize(
    "arguments",
    [
        ["demo", "--population", "1000", "--years", "2", "--end", "2025-03-31", "--port", "{port}"],
        ["serve", "--port", "{port}"],
    ],
    ids=["demo", "serve"],
)
def test_a_busy_port_is_one_line_before_anything_is_made(
    home: Path, capsys: pytest.CaptureFixture[str], busy_port: int, arguments: list[str]
) -> None:
    status = run([argument.replace("{port}", str(busy_port)) for argument in arguments])
    captured = capsys.readouterr()
    assert status == 1 and captured.out == ""
    assert captured.err.strip().splitlines() == [
        f"Error: Port {busy_port} on 127.0.0.1 is in use by another program: stop that program, "
        "or choose another port with --port."
    ]
    assert not (home / "demo").exists(), "checked before minutes of work, not after"


def test_every_command_s_help_starts_with_what_to_do(capsys: pytest.CaptureFixture[str]) -> None:
    """Short imperative help in one voice: "Check a return...", "Serve the web application..."."""
    import typer.main

    from safeguard.cli import _register_commands, app

    _register_commands()
    group = typer.main.get_command(app)
    summaries = {}
    for name, command in group.commands.items():
        if command.hidden:
            continue
        summaries[name] = command.get_short_help_str(limit=300)
        for sub_name, sub_command in getattr(command, "commands", {}).items():
            summaries[f"{name} {sub_name}"] = sub_command.get_short_help_str(limit=300)
    assert "benchmark" not in summaries and {"benchmarks load", "benchmarks compare"} <= set(summaries)
    for name, summary in summaries.items():
        first = summary.split()[0]
        assert first[0].isupper() and first not in {"The", "A", "An", "What", "How", "This"}, (name, summary)
        assert not first.endswith(("ing", "s")), (name, summary)
