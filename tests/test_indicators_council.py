"""The council's settings file: saved and read back, defaults, and refusals naming the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safeguard.council import Council, LocalStandards, Threshold, council_path, load_council, save_council
from safeguard.errors import SafeguardError
from safeguard.snapshots import ImportChecks


@pytest.fixture(autouse=True)
def own_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SAFEGUARD_HOME", str(tmp_path))
    return tmp_path


def test_no_settings_file_means_the_defaults() -> None:
    council = load_council()
    assert council == Council()
    assert council.standards.cpp_visit_working_days == 10
    assert council.population == {}


def test_settings_are_saved_and_read_back() -> None:
    council = Council(
        name="Northshire",
        la_code="850",
        population={2022: 283_750, 2023: 287_030},
        standards=LocalStandards(cpp_visit_working_days=15),
        thresholds={"unallocated_cases": Threshold(high=0), "assessments_within_45wd": Threshold(low=80.0)},
        import_checks=ImportChecks(row_change_share=0.3, minimum_rows=50, mix_change_points=15.0, emptied_list_rows=2,
                                   row_change_share_by_list={"adopters": 0.9}),
    )
    path = save_council(council)
    assert path == council_path()
    assert load_council() == council
    assert json.loads(path.read_text())["population"] == {"2022": 283_750, "2023": 287_030}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "cannot be read as JSON"),
        ("[1, 2]", "one JSON object"),
        ('{"population": {"2023": "lots"}}', "field 'population', entry '2023'"),
        ('{"population": {"2023": -5}}', "population must be above zero"),
        ('{"standards": {"cpp_visit_working_days": 0}}', "cpp_visit_working_days' should be between 1 and 60"),
        ('{"standards": {"visits": 10}}', "unknown settings: visits"),
        ('{"thresholds": {"no_such_indicator": {"high": 1}}}', "'no_such_indicator', which is not an indicator"),
        ('{"thresholds": {"re_referral_rate": {"low": 30, "high": 20}}}', "'low' \\(30\\) is above 'high' \\(20\\)"),
        ('{"thresholds": {"re_referral_rate": {"high": "twenty"}}}', "thresholds.re_referral_rate.high' should be a number"),
        ('{"name": 12}', "field 'name' should be text"),
        ('{"import_checks": []}', "field 'import_checks' should be an object"),
        ('{"import_checks": {"drop_share": 0.5}}', "'import_checks' has unknown settings: drop_share \\(it takes row_change_share"),
        ('{"import_checks": {"row_change_share": 0}}', "'import_checks.row_change_share' should be a share above 0 and at most 10"),
        ('{"import_checks": {"row_change_share": "half"}}', "should be a share above 0 and at most 10, such as 0.5 .*not 'half'"),
        ('{"import_checks": {"minimum_rows": 2.5}}', "'import_checks.minimum_rows' should be a whole number of rows, 0 or more, not 2.5"),
        ('{"import_checks": {"emptied_list_rows": -1}}', "'import_checks.emptied_list_rows' should be a whole number of rows"),
        ('{"import_checks": {"mix_change_points": 120}}', "'import_checks.mix_change_points' should be a number of percentage points"),
        ('{"import_checks": {"row_change_share_by_list": {"list_1": 0.9}}}', "names 'list_1', which is not an Annex A list \\(the lists are: contacts, "),
        ('{"import_checks": {"row_change_share_by_list": {"adopters": 20}}}', "'import_checks.row_change_share_by_list.adopters' should be a share"),
    ],
)
def test_a_bad_settings_file_is_refused_naming_the_file_and_field(content: str, message: str) -> None:
    council_path().write_text(content, encoding="utf-8")
    with pytest.raises(SafeguardError, match=message) as refusal:
        load_council()
    assert str(council_path()) in str(refusal.value)


def test_saving_a_bad_council_changes_nothing() -> None:
    save_council(Council(name="Northshire"))
    before = council_path().read_bytes()
    with pytest.raises(SafeguardError, match="not an indicator"):
        save_council(Council(name="Northshire", thresholds={"made_up": Threshold(high=1)}))
    assert council_path().read_bytes() == before
    assert [path.name for path in council_path().parent.iterdir() if path.name.startswith(".council-")] == []
