"""``safeguard indicators``: its JSON, CSV and table output, populations, and its refusals."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from indicator_returns import list_table, plan, referral
from published_data import needs_benchmarks
from safeguard.annex_a.spec import LISTS
from safeguard.cli import run
from safeguard.council import Council, save_council
from safeguard.indicators.catalogue import INDICATORS
from safeguard.reference import markdown
from safeguard.snapshots import Store
from snapshot_support import CheckedReturn

REFERRALS = [
    referral("A", date(2023, 4, 20), team="North"),
    referral("A", date(2023, 9, 1), team="North", nfa=True),
    referral("B", date(2024, 1, 10), team="=SUM(A1)"),
]


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store holding one return for 2023-24 and an older one for 2022-23."""
    monkeypatch.setenv("SAFEGUARD_HOME", str(tmp_path))
    with Store() as opened:
        for start, end, digest, rows in [
            (date(2022, 4, 1), date(2023, 3, 31), "11", {"referrals": [referral("A", date(2022, 6, 1))]}),
            (date(2023, 4, 1), date(2024, 3, 31), "22", {"referrals": REFERRALS, "child_protection_plans": [plan("A", date(2023, 9, 5))]}),
        ]:
            tables = {annex_list.key: list_table(annex_list.key, rows.get(annex_list.key, ())) for annex_list in LISTS}
            outcome = opened.commit(CheckedReturn(tables, start, end, f"annex_a_{end.year}.xlsx", digest * 32), loaded_by="test")
            assert outcome.snapshot is not None
    return tmp_path


def invoke(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    status = run(["indicators", *arguments])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_json_is_one_object_per_indicator_for_the_latest_snapshots_period(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = invoke(capsys, "--format", "json", "--population", "20000")
    assert status == 0, err
    rows = json.loads(out)
    assert [row["id"] for row in rows] == [item.id for item in INDICATORS]
    assert set(rows[0]) == {"id", "title", "period_start", "period_end", "numerator", "denominator", "value", "unit", "note"}
    by_id = {row["id"]: row for row in rows}
    assert by_id["referrals_per_10k"] == {
        "id": "referrals_per_10k",
        "title": "Referrals per 10,000 children",
        "period_start": "2023-04-01",
        "period_end": "2024-03-31",
        "numerator": 3,
        "denominator": 20000,
        "value": 1.5,
        "unit": "per_10k",
        "note": None,
    }
    # A's referral of 1 September 2023 follows those of 20 April 2023 and 1 June 2022.
    assert (by_id["re_referral_rate"]["numerator"], by_id["re_referral_rate"]["denominator"]) == (2, 3)
    assert by_id["assessments_within_45wd"]["value"] is None
    assert err == ""


@needs_benchmarks
def test_the_installed_command_keeps_the_contract(store: Path) -> None:
    """The contract other tools rely on, through the `safeguard` executable itself."""
    command = [str(Path(sys.executable).parent / "safeguard"), "indicators", "--snapshot", "latest", "--from", "2023-04-01", "--to", "2023-06-30"]
    environment = {**os.environ, "SAFEGUARD_HOME": str(store)}

    def rows(*options: str) -> list[dict]:
        finished = subprocess.run([*command, *options], capture_output=True, text=True, env=environment, timeout=120, check=True)
        return json.loads(finished.stdout)

    whole = rows("--la-code", "850", "--format", "json")
    assert [row["id"] for row in whole] == [item.id for item in INDICATORS]  # no --by: one row each for the whole range
    for row in whole:
        assert {"id", "period_start", "period_end", "numerator", "denominator", "value", "unit"} <= set(row)
        assert (row["period_start"], row["period_end"]) == ("2023-04-01", "2023-06-30")
    referrals = next(row for row in whole if row["id"] == "referrals_per_10k")
    assert (referrals["numerator"], referrals["denominator"]) == (1, 287_030)  # A on 20 April; Hampshire, mid-2023
    monthly = rows("--by", "month", "--population", "10000", "--format", "json")
    assert len(monthly) == 3 * len(INDICATORS)
    assert [row["numerator"] for row in monthly if row["id"] == "referrals_per_10k"] == [1, 0, 0]
    assert {row["denominator"] for row in monthly if row["unit"] == "per_10k"} == {10_000}


def test_without_a_population_rates_are_null_with_one_warning(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = invoke(capsys, "--format", "json", "--id", "referrals_per_10k", "--id", "cpp_per_10k")
    assert status == 0
    rows = json.loads(out)
    assert [(row["id"], row["numerator"], row["value"]) for row in rows] == [("referrals_per_10k", 3, None), ("cpp_per_10k", 1, None)]
    assert err.count("Warning") == 1
    assert "--population N" in err and "--la-code CODE" in err


def test_by_quarter_and_team(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = invoke(
        capsys, "--from", "2023-04-01", "--to", "2024-03-31", "--by", "quarter", "--team", "--id", "referral_nfa_rate", "--format", "json"
    )
    assert status == 0
    rows = json.loads(out)
    assert {(row["period_start"], row["team"]): (row["numerator"], row["denominator"]) for row in rows} == {
        ("2023-04-01", "=SUM(A1)"): (0, 0),
        ("2023-04-01", "North"): (0, 1),
        ("2023-07-01", "=SUM(A1)"): (0, 0),
        ("2023-07-01", "North"): (1, 1),
        ("2023-10-01", "=SUM(A1)"): (0, 0),
        ("2023-10-01", "North"): (0, 0),
        ("2024-01-01", "=SUM(A1)"): (0, 1),
        ("2024-01-01", "North"): (0, 0),
    }


def test_team_mode_says_which_indicators_it_leaves_out(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = invoke(capsys, "--team", "--format", "json")
    assert status == 0
    assert "referrals_per_10k" in err and "Not shown by team" in err
    assert not any(row["unit"] == "per_10k" for row in json.loads(out))


def test_csv_output_escapes_formulas(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = invoke(capsys, "--team", "--id", "referral_nfa_rate", "--format", "csv")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["id", "title", "period_start", "period_end", "team", "numerator", "denominator", "value", "unit", "note"]
    assert {row["team"] for row in rows} == {"'=SUM(A1)", "North"}


def test_the_table_shows_titles_values_and_notes(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = invoke(capsys, "--population", "20000", "--id", "referrals_per_10k", "--id", "re_referral_rate")
    assert status == 0
    assert "2023-24" in out and "1.5" in out and "66.7%" in out
    assert "Referrals per 10,000" in " ".join(out.split())


@needs_benchmarks
def test_population_from_the_council_settings_and_from_ons(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save_council(Council(name="Northshire", population={2023: 30_000}))
    _, out, err = invoke(capsys, "--format", "json", "--id", "referrals_per_10k")
    assert json.loads(out)[0]["denominator"] == 30_000 and err == ""
    _, out, _ = invoke(capsys, "--format", "json", "--id", "referrals_per_10k", "--la-code", "850")
    assert json.loads(out)[0]["denominator"] == 287_030  # Hampshire at mid-2023
    save_council(Council(name="Hampshire", la_code="E10000014"))
    _, out, _ = invoke(capsys, "--format", "json", "--id", "referrals_per_10k")
    assert json.loads(out)[0]["denominator"] == 287_030


def test_an_earlier_snapshot_recomputes_the_data_as_it_stood(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store() as opened:
        first = opened.list()[0].id
    _, out, _ = invoke(capsys, "--snapshot", first, "--format", "json", "--id", "referrals_per_10k")
    row = json.loads(out)[0]
    assert (row["period_start"], row["period_end"], row["numerator"]) == ("2022-04-01", "2023-03-31", 1)
    # The later snapshot is not used: 2023-24 has no data as it stood then.
    _, out, _ = invoke(capsys, "--snapshot", first, "--from", "2023-04-01", "--to", "2024-03-31", "--format", "json", "--id", "referrals_per_10k")
    assert json.loads(out)[0]["note"].startswith("no snapshot covers this period")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--format", "xml"], "--format must be one of table, json, csv"),
        (["--from", "31/03/2024"], "--from must be a date written YYYY-MM-DD"),
        (["--by", "week"], "--by must be month, quarter or year"),
        (["--population", "10", "--la-code", "850"], "either --population or --la-code"),
        (["--id", "made_up"], "Unknown indicator made_up"),
        (["--snapshot", "20200101-00000000"], "There is no snapshot"),
    ],
)
def test_bad_options_are_one_line_errors(store: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str) -> None:
    status, out, err = invoke(capsys, *arguments)
    assert status == 1
    assert message in " ".join(err.split())
    assert out == ""


def test_an_empty_store_says_to_import_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SAFEGUARD_HOME", str(tmp_path))
    status, _, err = invoke(capsys)
    assert status == 1 and "import a return first" in err


def test_docs_prints_the_reference(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = invoke(capsys, "docs")
    assert status == 0
    assert out == markdown()


def test_the_engine_takes_the_store_itself(store: Path) -> None:
    from safeguard.indicators.engine import compute

    with Store() as opened:
        values = compute(opened, date(2022, 4, 1), date(2024, 3, 31), by="year", ids=["referrals_per_10k"])
    assert [(value.period_start, value.numerator) for value in values] == [(date(2022, 4, 1), 1), (date(2023, 4, 1), 3)]


@needs_benchmarks
def test_a_council_code_without_ons_figures_warns_and_carries_on(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save_council(Council(name="Nowhere", la_code="999"))
    status, out, err = invoke(capsys, "--format", "json", "--id", "referrals_per_10k", "--id", "referral_nfa_rate")
    assert status == 0
    assert [row["value"] for row in json.loads(out)] == [None, pytest.approx(100 / 3)]
    assert "No council with code '999'" in " ".join(err.split())
