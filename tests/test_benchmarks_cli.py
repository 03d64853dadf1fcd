"""`safeguard benchmarks load` and `safeguard benchmarks compare` (and the old spelling
`safeguard benchmark`) on the real published files; the comparison names the council itself."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from published_data import BENCHMARKS
from safeguard.benchmarks.comparison import BenchmarkData, Council, benchmark
from safeguard.cli import run
from safeguard.cli.benchmarks import DEPRECATION, comparison_title, council_name
from safeguard.council import Council as Settings
from safeguard.indicators.catalogue import INDICATORS

SHARED = BENCHMARKS
pytestmark = pytest.mark.skipif(
    not (SHARED / "lait" / "bds_long_0.parquet").is_file(),
    reason=f"the published benchmark files are not at {SHARED} (the shared folder beside the checkout)",
)


@pytest.fixture(scope="module")
def loaded_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("store")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SAFEGUARD_HOME", str(home))
        patch.setenv("COLUMNS", "200")
        assert run(["benchmarks", "load", str(SHARED)]) == 0
    return home


@pytest.fixture
def home(loaded_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SAFEGUARD_HOME", str(loaded_home))
    monkeypatch.setenv("COLUMNS", "200")
    return loaded_home


def invoke(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = run(arguments)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_load_lists_what_it_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SAFEGUARD_HOME", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "200")
    status, out, _ = invoke(["benchmarks", "load", str(SHARED)], capsys)
    assert status == 0
    assert "lait/bds_long_0.parquet" in out and "641,070" in out
    assert "lait/sn_may_2025.xlsx" in out


def test_load_of_a_folder_without_the_files_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("SAFEGUARD_HOME", str(tmp_path / "store"))
    (tmp_path / "empty").mkdir()
    status, out, err = invoke(["benchmarks", "load", str(tmp_path / "empty")], capsys)
    assert status == 1 and out == ""
    assert err.strip().splitlines() == [f"Error: {tmp_path / 'empty'}: no LAIT long data file (expected bds_long*.parquet (or .csv))."]


def test_json_matches_the_comparison_for_a_real_council(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = invoke(["benchmarks", "compare", "--la-code", "370", "--year", "2024", "--format", "json"], capsys)
    assert status == 0
    document = json.loads(out)
    assert document["figures_from"] == "LAIT"
    assert document["council"] == "Barnsley" and document["compared_with"]["name"] == "Barnsley"
    with BenchmarkData.current(home) as data:
        expected = benchmark(data, 370, [item for item in INDICATORS if item.lait_code], years=[2024])
    assert [row["indicator_id"] for row in document["benchmarks"]] == [row.indicator_id for row in expected]
    re_referrals = next(row for row in document["benchmarks"] if row["indicator_id"] == "re_referral_rate")
    mirror = next(row for row in expected if row.indicator_id == "re_referral_rate")
    assert (re_referrals["rank"], re_referrals["band"], re_referrals["neighbours_mean"]) == (mirror.rank, mirror.band, mirror.neighbours_mean)
    assert document["codes_not_published"] == []


def test_ons_codes_are_accepted(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = invoke(["benchmarks", "compare", "--la-code", "E08000016", "--format", "json"], capsys)
    assert status == 0
    assert json.loads(out)["compared_with"]["la_number"] == 370


def test_csv_has_one_row_per_indicator_and_year(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = invoke(["benchmarks", "compare", "--la-code", "202", "--all-years", "--format", "csv"], capsys)
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    re_referrals = [row for row in rows if row["indicator_id"] == "re_referral_rate"]
    assert [row["year"] for row in re_referrals] == [str(year) for year in range(2016, 2026)]
    assert {row["region_name"] for row in re_referrals} == {"London (Inner)"}


def test_table_marks_unranked_measures(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = invoke(["benchmarks", "compare", "--la-code", "370", "--year", "2025"], capsys)
    assert status == 0
    referral_line = next(line for line in out.splitlines() if line.startswith("│ Referrals per 10,000"))
    assert "[z]" in referral_line
    assert "Barnsley beside England, Yorkshire and the Humber and its 10 statistical neighbours; figures from LAIT" in out
    assert "┃ Barnsley ┃" in out, "the council's own column is headed by its name"


def test_the_old_name_still_compares_and_says_the_new_one(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = invoke(["benchmark", "--la-code", "370", "--year", "2024", "--format", "json"], capsys)
    assert status == 0
    assert err.strip() == DEPRECATION == (
        "Note: `safeguard benchmark` is now `safeguard benchmarks compare`; the old name will be removed."
    )
    assert json.loads(out)["council"] == "Barnsley"
    assert "benchmark " not in invoke(["--help"], capsys)[1].replace("benchmarks", ""), "hidden from the command list"


def test_a_council_in_another_s_place_is_named_as_itself() -> None:
    """The demo sets its fictional council beside Barnsley's region and neighbours: the text says
    whose figures they are, and whose place it takes."""
    barnsley = Council(370, "Barnsley", "Yorkshire and the Humber")
    assert comparison_title("Northbrook", barnsley, own_figures=True) == (
        "Northbrook beside England, Yorkshire and the Humber and the statistical neighbours of Barnsley (LA 370), "
        "whose place it takes; figures from its snapshots"
    )
    assert council_name(Settings(name="Northbrook"), barnsley, own_figures=True) == "Northbrook"
    assert council_name(Settings(name="Northbrook"), barnsley, own_figures=False) == "Barnsley", "LAIT's figures are Barnsley's"
    assert council_name(Settings(), barnsley, own_figures=True) == "Barnsley"
    assert comparison_title("Barnsley", barnsley, own_figures=False) == (
        "Barnsley beside England, Yorkshire and the Humber and its 10 statistical neighbours; figures from LAIT"
    )


def test_a_council_must_be_named(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = invoke(["benchmarks", "compare"], capsys)
    assert status == 1
    assert "Give --la-code CODE" in err


def test_without_a_load_the_command_says_what_to_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("SAFEGUARD_HOME", str(tmp_path))
    status, _, err = invoke(["benchmarks", "compare", "--la-code", "370"], capsys)
    assert status == 1
    assert "safeguard benchmarks load PATH" in err
