"""Loading the real published files (read from the shared folder, never copied into the project)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import pytest

from published_data import BENCHMARKS
from safeguard.benchmarks.loader import current_load, load_benchmarks
from safeguard.errors import SafeguardError

SHARED = BENCHMARKS
pytestmark = pytest.mark.skipif(
    not (SHARED / "lait" / "bds_long_0.parquet").is_file(),
    reason=f"the published benchmark files are not at {SHARED} (the shared folder beside the checkout)",
)


def link_folder(target: Path, files: list[str]) -> Path:
    """A folder laid out like the shared one, holding links to the chosen published files."""
    for name in files:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).symlink_to(SHARED / name)
    return target


FULL_SET = [
    "lait/bds_long_0.parquet",
    "lait/lait_data_dictionary.csv",
    "lait/la_code_list.xlsx",
    "lait/sn_may_2025.xlsx",
    "lait/sn_april_2021.xlsx",
    "sn_may_2025_long.csv",
    "dfe_csc/ons_mid-year_population_estimates_2012_to_2024.csv",
    "ofsted/ofsted_csc_ilacs_overview.xlsx",
]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    home = tmp_path_factory.mktemp("home")
    return home, load_benchmarks(SHARED, home=home)


def raw(sql: str) -> list[tuple]:
    """On a connection of its own: DuckDB's shared default one may hold another test's result."""
    with duckdb.connect() as connection:
        return connection.sql(sql).fetchall()


def test_every_kind_of_file_is_loaded_and_fingerprinted(loaded) -> None:
    home, load = loaded
    by_role = {file.role: file for file in load.files}
    assert set(by_role) == {"lait_values", "lait_measures", "councils", "neighbours", "populations", "ofsted_grades"}
    assert by_role["lait_values"].source == "lait/bds_long_0.parquet"
    assert by_role["neighbours"].source == "lait/sn_may_2025.xlsx", "the 2025 workbook, not 2021 nor the long CSV"
    for file in load.files:
        assert file.sha256 == hashlib.sha256((SHARED / file.source).read_bytes()).hexdigest()
        assert file.size == (SHARED / file.source).stat().st_size
    assert current_load(home).load_id == load.load_id
    manifest = json.loads((load.folder / "manifest.json").read_text())
    assert [entry["role"] for entry in manifest["files"]] == [file.role for file in load.files]


def test_lait_values_keep_every_row_and_read_dashes_as_missing(loaded) -> None:
    _, load = loaded
    parquet = SHARED / "lait" / "bds_long_0.parquet"
    (total, dashes), = raw(f"SELECT count(*), count(*) FILTER (WHERE trim(\"Values\") = '-') FROM '{parquet}'")
    stored = load.table("lait_values")
    (rows, missing, notes), = raw(f"SELECT count(*), count(*) FILTER (WHERE value IS NULL), count(value_note) FROM '{stored}'")
    assert rows == total
    assert missing == notes == dashes


def test_neighbours_are_ten_per_council_and_match_the_long_file(loaded) -> None:
    _, load = loaded
    stored = load.table("neighbours")
    counts = raw(f"SELECT DISTINCT count(*) FROM '{stored}' GROUP BY la_number")
    assert counts == [(10,)]
    long_file = SHARED / "sn_may_2025_long.csv"
    differences = raw(
        f"""
        SELECT count(*) FROM '{stored}' s
        FULL JOIN (SELECT CAST(CAST(la_code AS DOUBLE) AS INTEGER) la, rank, CAST(CAST(sn_la_code AS DOUBLE) AS INTEGER) sn
                   FROM read_csv('{long_file}')) l
          ON s.la_number = l.la AND s.rank = l.rank
        WHERE s.neighbour_la_number IS DISTINCT FROM l.sn
        """
    )
    assert differences == [(0,)]


def test_populations_are_children_aged_0_to_17_with_withheld_figures_missing(loaded) -> None:
    _, load = loaded
    source = SHARED / "dfe_csc" / "ons_mid-year_population_estimates_2012_to_2024.csv"
    expected = raw(
        f"SELECT count(*), count(*) FILTER (WHERE population_estimate = 'x') FROM read_csv('{source}', all_varchar=true)"
    )
    stored = load.table("populations")
    assert raw(f"SELECT count(*), count(*) FILTER (WHERE population IS NULL) FROM '{stored}'") == expected
    (england,), = raw(f"SELECT population FROM '{stored}' WHERE level = 'national' AND mid_year = 2024")
    (raw_england,), = raw(
        f"SELECT CAST(population_estimate AS BIGINT) FROM read_csv('{source}', all_varchar=true) "
        "WHERE geographic_level = 'National' AND time_period = '2024'"
    )
    assert england == raw_england


def test_ofsted_grades_one_row_per_council(loaded) -> None:
    _, load = loaded
    stored = load.table("ofsted_grades")
    rows = raw(f"SELECT count(*), count(DISTINCT la_number), count(overall_effectiveness) FROM '{stored}'")
    assert rows[0][0] == rows[0][1] >= 150
    grades = {row[0] for row in raw(f"SELECT DISTINCT overall_effectiveness FROM '{stored}'")}
    assert {"good", "requires improvement"} <= grades


def test_the_long_neighbour_csv_is_used_when_there_is_no_workbook(tmp_path: Path) -> None:
    folder = link_folder(tmp_path / "published", [name for name in FULL_SET if not name.startswith("lait/sn_")])
    load = load_benchmarks(folder, home=tmp_path / "home")
    assert {file.role: file.source for file in load.files}["neighbours"] == "sn_may_2025_long.csv"
    assert raw(f"SELECT count(*), count(comparison_region) FROM '{load.table('neighbours')}'")[0][1] == 0


def test_a_missing_file_is_named_and_changes_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = load_benchmarks(link_folder(tmp_path / "complete", FULL_SET), home=home)
    partial = link_folder(tmp_path / "partial", [name for name in FULL_SET if "population" not in name])
    with pytest.raises(SafeguardError, match=r"no ONS mid-year populations aged 0 to 17 file \(expected ons_mid-year"):
        load_benchmarks(partial, home=home)
    assert current_load(home).load_id == first.load_id


def test_an_unrecognised_file_is_named_and_the_previous_load_stays(tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = load_benchmarks(link_folder(tmp_path / "complete", FULL_SET), home=home)
    broken = link_folder(tmp_path / "broken", [name for name in FULL_SET if "dictionary" not in name])
    (broken / "lait" / "lait_data_dictionary.csv").write_text("code,name\n1,two\n")
    with pytest.raises(SafeguardError, match=r"lait_data_dictionary.csv: not a LAIT data dictionary: no column 'measureshort'"):
        load_benchmarks(broken, home=home)
    assert current_load(home).load_id == first.load_id
    leftovers = [entry.name for entry in (home / "benchmarks").iterdir()]
    assert sorted(leftovers) == sorted(["current.json", first.load_id])


def test_a_new_load_replaces_the_old_one(tmp_path: Path) -> None:
    home = tmp_path / "home"
    folder = link_folder(tmp_path / "published", FULL_SET)
    first = load_benchmarks(folder, home=home)
    second = load_benchmarks(folder, home=home)
    assert current_load(home).load_id == second.load_id != first.load_id
    assert not first.folder.exists()


def test_without_a_load_the_error_says_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(SafeguardError, match="safeguard benchmarks load PATH"):
        current_load(tmp_path)


def test_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(SafeguardError, match="no such folder"):
        load_benchmarks(tmp_path / "nowhere", home=tmp_path)


def test_a_workbook_that_is_not_one_is_named(tmp_path: Path) -> None:
    broken = link_folder(tmp_path / "broken", [name for name in FULL_SET if "la_code_list" not in name])
    (broken / "lait" / "la_code_list.xlsx").write_text("LA Number,LA Name\n301,Barking\n")
    with pytest.raises(SafeguardError, match=r"la_code_list.xlsx: cannot be read as a workbook"):
        load_benchmarks(broken, home=tmp_path / "home")


def test_a_neighbour_workbook_without_its_columns_is_named(tmp_path: Path) -> None:
    broken = link_folder(tmp_path / "broken", [name for name in FULL_SET if "sn_" not in name])
    (broken / "sn_may_2025_long.csv").write_text("council,neighbour\n301,308\n")
    with pytest.raises(SafeguardError, match=r"sn_may_2025_long.csv: not a statistical neighbours file"):
        load_benchmarks(broken, home=tmp_path / "home")
