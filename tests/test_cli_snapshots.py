"""`safeguard snapshots list|show|remove` and the command line's exit codes and one-line errors."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from safeguard.cli import run
from safeguard.snapshots import Store
from snapshot_support import CheckedReturn, annex_a_tables, store_fingerprint


def fill(home: Path) -> list[str]:
    """Two snapshots: a whole year to March 2024, and one to March 2025 with 11 rows a list more."""
    with Store(home) as store:
        older = store.commit(
            CheckedReturn(
                tables=annex_a_tables(2, seed=3),
                period_start=date(2023, 4, 1),
                period_end=date(2024, 3, 31),
                source_name="Annex A 2024.xlsx",
                sha256="1a2b3c4d" + "e" * 56,
            ),
            loaded_by="Priya Shah",
        ).snapshot
        newer = store.commit(CheckedReturn(tables=annex_a_tables(13, seed=4)), loaded_by="Tom Reid").snapshot
    return [older.id, newer.id]


def invoke(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = run(arguments)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_list_says_when_the_store_is_empty(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = invoke(["snapshots", "list"], capsys)
    assert status == 0
    assert "There are no snapshots yet" in out


def test_list_shows_every_snapshot_in_period_order(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    older, newer = fill(home)
    status, out, _ = invoke(["snapshots", "list"], capsys)
    assert status == 0
    assert out.index(older) < out.index(newer)
    assert "01 Apr 2023 to 31 Mar 2024" in out
    assert "Priya Shah" in out and "Tom Reid" in out
    assert "Annex A 2024.xlsx" in out
    # 2 rows a list plus the list numbers 1..11: 22 + 66 = 88; 13 a list: 143 + 66 = 209.
    assert " 88 " in out and " 209 " in out


def test_show_latest_gives_metadata_and_rows_per_list(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, newer = fill(home)
    status, out, _ = invoke(["snapshots", "show", "latest"], capsys)
    assert status == 0
    assert newer in out
    assert "01 Apr 2024 to 31 Mar 2025" in out
    assert "by Tom Reid" in out
    assert "ab12cd34" + "0" * 56 in out
    assert "Children subject to a child protection plan" in out
    child_protection_line = next(line for line in out.splitlines() if "child protection plan" in line)
    assert child_protection_line.strip("│ ").split()[-1] == "20"  # 13 rows plus list number 7


def test_unknown_snapshot_is_one_line_and_status_1(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fill(home)
    status, out, err = invoke(["snapshots", "show", "20990331-00000000"], capsys)
    assert status == 1
    assert out == ""
    assert err.strip().splitlines() == [
        "Error: There is no snapshot '20990331-00000000': `safeguard snapshots list` shows the ones there are."
    ]


def test_remove_with_yes_deletes(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    older, newer = fill(home)
    status, out, _ = invoke(["snapshots", "remove", older, "--yes"], capsys)
    assert status == 0
    assert f"Deleted snapshot {older}." in out
    assert [snapshot.id for snapshot in Store(home).list()] == [newer]


@pytest.mark.parametrize(("answer", "status", "remaining"), [("n\n", 1, 2), ("\n", 1, 2), ("y\n", 0, 1)])
def test_remove_asks_first(
    home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    status: int,
    remaining: int,
) -> None:
    older, _ = fill(home)
    fingerprint = store_fingerprint(home)
    monkeypatch.setattr(sys, "stdin", io.StringIO(answer))
    result, out, _ = invoke(["snapshots", "remove", older], capsys)
    assert result == status
    assert f"Delete snapshot {older} (Annex A 2024.xlsx, 01 Apr 2023 to 31 Mar 2024)?" in out
    assert len(Store(home).list()) == remaining
    if remaining == 2:
        assert "Nothing was deleted." in out
        assert store_fingerprint(home) == fingerprint


def test_remove_refuses_latest(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fill(home)
    status, _, err = invoke(["snapshots", "remove", "latest", "--yes"], capsys)
    assert status == 1
    assert "not 'latest'" in err
    assert len(Store(home).list()) == 2


def test_each_store_folder_is_its_own_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    first, second = tmp_path / "north", tmp_path / "south"
    older, _ = fill(first)
    monkeypatch.setenv("SAFEGUARD_HOME", str(second))
    assert "There are no snapshots yet" in invoke(["snapshots", "list"], capsys)[1]
    monkeypatch.setenv("SAFEGUARD_HOME", str(first))
    assert older in invoke(["snapshots", "list"], capsys)[1]
    assert (second / "safeguard.sqlite3").is_file()


def test_usage_errors_keep_their_status(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = invoke(["snapshots", "shwo"], capsys)
    assert status == 2
    assert "No such command 'shwo'" in err


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["--help"], "snapshots"),
        (["import", "--help"], "--loaded-by"),
        (["import", "--help"], "--confirm"),
        (["validate", "--help"], "--severity"),
        (["benchmarks", "compare", "--help"], "--la-code"),
        (["demo", "--help"], "--port"),
        (["serve", "--help"], "--port"),
        (["snapshots", "--help"], "remove"),
        (["snapshots", "list", "--help"], "oldest period first"),
        (["snapshots", "show", "--help"], "latest"),
        (["snapshots", "remove", "--help"], "--yes"),
    ],
)
def test_every_command_has_help(
    home: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], expected: str
) -> None:
    status, out, _ = invoke(arguments, capsys)
    assert status == 0
    assert expected in out


def _safeguard(home: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "safeguard", *arguments],
        env={"PATH": "/usr/bin:/bin", "SAFEGUARD_HOME": str(home), "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_errors_in_a_real_process_are_one_line_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "a file").write_text("not a folder")
    cases = [
        (
            tmp_path / "store",
            ("import", str(tmp_path / "missing.xlsx")),
            f"Error: There is no file or folder called {tmp_path / 'missing.xlsx'}.",
        ),
        (tmp_path / "store", ("snapshots", "show", "latest"), "Error: There are no snapshots yet"),
        (
            tmp_path / "a file" / "store",
            ("snapshots", "list"),
            f"Error: Cannot use the store folder {tmp_path / 'a file' / 'store'}",
        ),
    ]
    for home, arguments, message in cases:
        finished = _safeguard(home, *arguments)
        assert finished.returncode == 1, finished.stderr
        assert "Traceback" not in finished.stderr
        assert len(finished.stderr.strip().splitlines()) == 1, finished.stderr
        assert finished.stderr.startswith(message), finished.stderr


ONE_LINE_ERRORS = [
    (["import", "{tmp}/missing.xlsx"], "There is no file or folder called {tmp}/missing.xlsx."),
    (["import", "{tmp}/empty.xlsx"], "empty.xlsx is empty (0 bytes): nothing was saved into it. Nothing was imported."),
    (["import", "{tmp}/list1.xlsx"], "list1.xlsx is a CSV text file, not an Excel workbook"),
    (["validate", "{tmp}/empty.xlsx"], "empty.xlsx is empty (0 bytes): nothing was saved into it."),
    (["synth", "--out", "{tmp}/council", "--end", "2025-02-30"], "--end must be a date written YYYY-MM-DD"),
    (["synth", "--out", "{tmp}/council", "--scenario", "more_referrals"], "Unknown scenario 'more_referrals'"),
    (["synth", "--out", "{tmp}/council", "--scenario", "icpc_delays@2024-13"], "Scenario 'icpc_delays@2024-13': 13 is not a month (01 to 12)."),
    (["snapshots", "show", "20250331-00000000"], "There is no snapshot '20250331-00000000'"),
    (["snapshots", "remove", "20250331-00000000", "--yes"], "There is no snapshot '20250331-00000000'"),
    (["snapshots", "remove", "latest", "--yes"], "Name the snapshot by its id here, not 'latest'."),
]


@pytest.mark.parametrize(("arguments", "message"), ONE_LINE_ERRORS)
def test_each_mistake_is_one_line_exit_1_and_changes_nothing(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    """The mistakes an analyst makes: a missing, empty or mislabelled file, a bad date, a scenario
    that does not exist, a snapshot id mistyped. Each gets one line on the error stream, status 1,
    and leaves the store and the folders as they were."""
    fill(home)
    (tmp_path / "empty.xlsx").touch()
    (tmp_path / "list1.xlsx").write_text("Child Unique ID,Gender\n1,b) Female\n", encoding="utf-8")
    before = store_fingerprint(home)
    status, out, err = invoke([argument.replace("{tmp}", str(tmp_path)) for argument in arguments], capsys)
    assert status == 1
    assert out == ""
    assert err.strip().splitlines() == [err.strip()]
    assert err.startswith("Error: " + message.replace("{tmp}", str(tmp_path))), err
    assert store_fingerprint(home) == before
    assert not (tmp_path / "council").exists()
