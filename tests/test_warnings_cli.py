"""`safeguard warnings`, `warnings rebaseline` and `benchmark` on a synthetic council's store.

The store holds three years of monthly Annex A returns of a synthetic council of 10,000
children, with re-referrals planted to rise from June 2024 and cases left unallocated from
November 2024.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from published_data import BENCHMARKS
from safeguard.aggregates.figures import compute_figures
from safeguard.benchmarks.own_figures import financial_year_figures
from safeguard.cli import run
from safeguard.council import Council, Threshold, load_council, save_council
from safeguard.indicators.catalogue import indicator
from safeguard.indicators.population import MidYearPopulation
from safeguard.snapshots import Store
from safeguard.synth import SynthConfig, simulate
from safeguard.warnings.combined import DECISION, SINGLE_MONTH
from safeguard.warnings.evaluation import load_monthly_extracts
from safeguard.warnings.records import format_change
from safeguard.warnings.thresholds import FILE_FORMAT

SHARED = BENCHMARKS
HAVE_BENCHMARKS = (SHARED / "lait" / "bds_long_0.parquet").is_file()
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def council_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("council")
    history = simulate(
        SynthConfig(
            population=10_000,
            years=3,
            end=date(2025, 3, 31),
            seed=4,
            scenarios=("rising_re_referrals@2024-06", "unallocated_spike@2024-11"),
        )
    )
    with Store(home) as store:
        load_monthly_extracts(history, store)
    save_council(
        Council(name="Northshire", la_code="370", population=dict(history.population), thresholds={"assessments_within_45wd": Threshold(low=60)}),
        home,
    )
    if HAVE_BENCHMARKS:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SAFEGUARD_HOME", str(home))
            assert run(["benchmarks", "load", str(SHARED)]) == 0
    return home


@pytest.fixture
def home(council_home: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SAFEGUARD_HOME", str(council_home))
    monkeypatch.setenv("COLUMNS", "200")
    yield council_home
    (council_home / "warnings" / "baselines.json").unlink(missing_ok=True)


def invoke(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = run(arguments)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def warnings_json(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> dict:
    status, out, err = invoke(["warnings", *arguments, "--format", "json"], capsys)
    assert status == 0, err
    return json.loads(out)


def test_the_planted_changes_are_warned_about(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = warnings_json(["--from", "2024-06"], capsys)
    assert document["window"] == {"from": "2024-06", "to": None}
    found = {(w["indicator"], w["source"], w["reading"]) for w in document["warnings"]}
    assert ("re_referral_rate", "control_chart", "concern") in found
    assert ("unallocated_cases", "local_threshold", "concern") in found
    re_referrals = next(w for w in document["warnings"] if w["indicator"] == "re_referral_rate" and w["source"] == "control_chart")
    assert re_referrals["direction"] == "up" and re_referrals["change"] > 0
    assert re_referrals["question"] == indicator("re_referral_rate").question
    assert re_referrals["basis"].startswith("the average of May 2022 to April 2023 (12 months), ")
    assert "without a data query in snapshot" in re_referrals["data_confidence"]
    unallocated = next(w for w in document["warnings"] if w["indicator"] == "unallocated_cases" and w["source"] == "local_threshold")
    assert unallocated["since"] >= "2024-11"


def test_every_warning_carries_what_a_leader_needs(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = warnings_json(["--from", "2023-01"], capsys)
    assert document["warnings"]
    for warning in document["warnings"]:
        assert warning["what_moved"] and warning["how_unusual"] and warning["question"]
        assert warning["how_unusual"].endswith(".") and not warning["how_unusual"].endswith(".."), warning["how_unusual"]
        assert not warning["how_unusual"][0].islower(), warning["how_unusual"]
        assert warning["reading"] in {"concern", "improvement", "unusual"}
        assert warning["since"] <= warning["detected"] <= warning["until"]
        assert warning["change"] == pytest.approx(warning["value"] - warning["reference"], abs=1e-3)
    readings = [warning["reading"] for warning in document["warnings"]]
    assert readings == sorted(readings, key=["concern", "unusual", "improvement"].index)


def test_default_window_is_the_last_six_months(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = warnings_json([], capsys)
    assert document["window"]["from"] == "2024-10"
    assert all(warning["until"] >= "2024-10" for warning in document["warnings"])


def test_default_baselines_are_the_first_twelve_months_of_a_short_series(home: Path, capsys) -> None:
    baselines = warnings_json([], capsys)["baselines"]
    # 36 monthly returns: the first year is look-back, leaving 35 months to chart (< 36).
    assert baselines["re_referral_rate"]["from"] == "2022-05"
    assert baselines["re_referral_rate"]["to"] == "2023-04"
    assert {entry["origin"] for entry in baselines.values()} == {"default"}


def test_rebaseline_is_stored_and_used_until_the_next_one(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = warnings_json([], capsys)["baselines"]["re_referral_rate"]
    status, out, _ = invoke(["warnings", "rebaseline", "--from", "2023-04", "--to", "2024-03", "--indicator", "re_referral_rate"], capsys)
    assert status == 0 and "re_referral_rate" in out
    stored = json.loads((home / "warnings" / "baselines.json").read_text())
    assert set(stored) == {"re_referral_rate"}
    after = warnings_json([], capsys)["baselines"]
    assert after["re_referral_rate"]["origin"] == "stored"
    assert (after["re_referral_rate"]["from"], after["re_referral_rate"]["to"]) == ("2023-04", "2024-03")
    assert after["re_referral_rate"]["mean"] != before["mean"]
    assert after["cpp_repeat_rate"]["origin"] == "default"


def test_a_baseline_for_one_run_is_not_stored(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    baselines = warnings_json(["--baseline-from", "2023-01", "--baseline-to", "2023-12"], capsys)["baselines"]
    assert baselines["re_referral_rate"]["origin"] == "given"
    assert (baselines["re_referral_rate"]["from"], baselines["re_referral_rate"]["to"]) == ("2023-01", "2023-12")
    assert not (home / "warnings" / "baselines.json").exists()


def test_the_table_says_which_baseline_and_how_to_fix_it(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = invoke(["warnings", "--from", "2024-06", "--indicator", "re_referral_rate"], capsys)
    assert status == 0
    assert "Re-referrals within 12 months" in out and "concern" in out
    assert "safeguard warnings rebaseline" in out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--baseline-from", "2023-01"], "Give both --baseline-from and --baseline-to"),
        (["--from", "June 2024"], "write it as YYYY-MM"),
        (["--indicator", "nonsense"], "Unknown indicator nonsense"),
    ],
)
def test_bad_options_are_one_line(home: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str) -> None:
    status, out, err = invoke(["warnings", *arguments], capsys)
    assert status == 1 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_the_help_describes_the_signal_in_use_and_offers_no_setting_it_ignores(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The control chart's run and trend lengths were options that changed nothing once the
    combined signal replaced the chart's rules: gone, and the help says how warnings are found."""
    status, out, _ = invoke(["warnings", "--help"], capsys)
    assert status == 0
    text = " ".join(out.replace("│", " ").split())
    assert f"passes {DECISION:g} spreads" in text and f"more than {SINGLE_MONTH:g} spreads" in text
    assert "--run-length" not in text and "2 of 3 beyond 2 sigma" not in text
    status, _, err = invoke(["warnings", "--run-length", "7"], capsys)
    assert status == 2 and "No such option: --run-length" in err


def test_the_table_says_by_how_much_against_the_baseline_once(home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "2000")  # each cell on one line
    status, out, _ = invoke(["warnings", "--from", "2024-06", "--indicator", "re_referral_rate"], capsys)
    assert status == 0
    text = " ".join(out.replace("│", " ").split())
    (warning,) = warnings_json(["--from", "2024-06", "--indicator", "re_referral_rate"], capsys)["warnings"]
    assert f"By how much: {format_change(warning['change'], 'percent')}, against {warning['basis']}." in text
    assert "Now " not in text


def test_the_pages_warnings_are_those_the_command_line_reports(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The pages work the warnings out from the figures they already hold, the command line from
    the store: the same warnings, and any reason for a missing comparison said once, in the same words."""
    with Store(home) as store:
        figures = compute_figures(store, "test")
    document = warnings_json([], capsys)
    assert [warning.as_dict() for warning in figures.warnings] == document["warnings"] and figures.warnings
    assert len(figures.notes) == len(set(figures.notes))
    assert set(document["notes"]) <= set(figures.notes)


def test_the_help_documents_the_thresholds_file_and_its_example_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    status, out, _ = invoke(["warnings", "--help"], capsys)
    assert status == 0
    assert " ".join(FILE_FORMAT.split()) in " ".join(out.split())
    example = next(line for line in FILE_FORMAT.splitlines() if line.startswith('"thresholds"'))
    (tmp_path / "council.json").write_text("{" + example + "}", encoding="utf-8")
    assert load_council(tmp_path).thresholds == {"re_referral_rate": Threshold(high=25), "assessments_within_45wd": Threshold(low=80)}


def test_no_snapshots_no_warnings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("SAFEGUARD_HOME", str(tmp_path))
    status, _, err = invoke(["warnings"], capsys)
    assert status == 1
    assert "import a return first" in err


@pytest.mark.skipif(not HAVE_BENCHMARKS, reason=f"the published benchmark files are not at {SHARED}")
def test_the_synthetic_council_is_benchmarked_from_its_snapshots(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = invoke(["benchmark", "--format", "json"], capsys)
    assert status == 0, err
    document = json.loads(out)
    assert document["figures_from"] == "snapshots"
    assert document["compared_with"]["name"] == "Barnsley"
    with Store(home) as store:
        population = MidYearPopulation({int(k): v for k, v in json.loads((home / "council.json").read_text())["population"].items()}, "test")
        own = financial_year_figures(store, ["re_referral_rate"], population)
    row = next(item for item in document["benchmarks"] if item["indicator_id"] == "re_referral_rate")
    assert row["year"] == 2025
    assert row["council_value"] == pytest.approx(own[("re_referral_rate", 2025)])
    assert row["councils_ranked"] >= 150


@pytest.mark.skipif(not HAVE_BENCHMARKS, reason=f"the published benchmark files are not at {SHARED}")
def test_neighbour_distance_is_checked_when_benchmarks_are_loaded(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = warnings_json(["--from", "2020-01", "--neighbour-distance", "1"], capsys)
    assert not any("no comparison with England or similar councils" in note for note in document["notes"])
    neighbours = [w for w in document["warnings"] if w["source"] == "neighbours"]
    assert neighbours, "a distance of 1% flags nearly every indicator"
    assert all(w["basis"].endswith("year ending March 2025 (LAIT)") for w in neighbours)


@pytest.mark.skipif(not HAVE_BENCHMARKS, reason=f"the published benchmark files are not at {SHARED}")
def test_warnings_up_to_a_month_compare_with_the_neighbours_in_the_latest_year_over_by_then(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = warnings_json(["--from", "2020-01", "--to", "2024-12", "--neighbour-distance", "1"], capsys)
    neighbours = [w for w in document["warnings"] if w["source"] == "neighbours"]
    assert neighbours, "a distance of 1% flags nearly every indicator"
    assert all(w["basis"].endswith("year ending March 2024 (LAIT)") for w in neighbours)
