"""The council's own settings: who it is, whom it benchmarks against, its child population, and
the local standards and thresholds it has chosen.

They live in ``SAFEGUARD_HOME/council.json``, written by ``save_council`` (the demo writes one
from the synthetic council's manifest; an analyst can edit the file by hand). A store without
the file behaves as a council with the product's defaults and no population. A file that
cannot be read stops with a message naming the file and the field, and changes nothing.

Example::

    {
      "name": "Northshire",
      "la_code": "850",
      "population": {"2022": 283750, "2023": 287030},
      "standards": {"cpp_visit_working_days": 10},
      "thresholds": {"re_referral_rate": {"high": 25}, "assessments_within_45wd": {"low": 80}},
      "import_checks": {"row_change_share": 0.5, "minimum_rows": 20, "mix_change_points": 20,
                        "emptied_list_rows": 5, "row_change_share_by_list": {"adopters": 0.9}}
    }

``import_checks`` sets the limits of the plausibility checks every import passes through
(``safeguard.snapshots.plausibility``); each may be left out to keep the product's default.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from safeguard.annex_a.spec import LISTS
from safeguard.errors import SafeguardError
from safeguard.home import safeguard_home
from safeguard.snapshots.plausibility import ImportChecks
from safeguard.timescales import timescale

FILE_NAME = "council.json"
CPP_VISIT = timescale("cpp_visit")
DEFAULT_CPP_VISIT_WORKING_DAYS = CPP_VISIT.amount
"""DOMAIN §4: the local standard for child protection visits, often 10 working days."""


@dataclass(frozen=True)
class CaseloadModel:
    """How much a case weighs, for caseloads weighted by complexity, and when a worker is full.

    A child in need counts ``children_in_need`` cases, a child on a protection plan
    ``child_protection``, a child in care ``children_in_care`` (a child on several lists counts
    once, at the heaviest); a case in court (an interim care order, or emergency protection in
    the last six months) adds ``court``; each further child of a sibling group with the same
    worker counts ``sibling_share`` of its weight. A worker is full at ``threshold`` weighted
    cases, a newly qualified worker at ``newly_qualified_share`` of it (their protected year).
    """

    children_in_need: float = 1.0
    child_protection: float = 1.5
    children_in_care: float = 1.25
    court: float = 0.5
    sibling_share: float = 0.5
    threshold: float = 22.0
    newly_qualified_share: float = 0.8

    def to_json(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in CASELOAD_SETTINGS}


CASELOAD_SETTINGS = (
    "children_in_need", "child_protection", "children_in_care", "court", "sibling_share", "threshold", "newly_qualified_share",
)
DEFAULT_SUPERVISION_DAYS = 28
"""Monthly supervision, the usual local standard (seed 003 section 18.4.9 asks for regular supervision)."""


@dataclass(frozen=True)
class LocalStandards:
    """Timescales a council sets for itself where national guidance leaves it to them."""

    cpp_visit_working_days: int = DEFAULT_CPP_VISIT_WORKING_DAYS
    """A child on a protection plan is seen at least once in this many working days."""
    supervision_days: int = DEFAULT_SUPERVISION_DAYS
    """A social worker is supervised at least once in this many days."""
    caseload: CaseloadModel = field(default_factory=CaseloadModel)


@dataclass(frozen=True)
class Threshold:
    """A locally agreed limit on one indicator: a warning when its value goes below ``low`` or above ``high``."""

    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Council:
    name: str = ""
    la_code: str | None = None
    """The council's LA code (three-digit number or ONS code), for benchmarks and ONS populations."""
    population: Mapping[int, int] = field(default_factory=dict)
    """Children aged 0 to 17 by ONS mid-year; when given it is used instead of the ONS lookup."""
    standards: LocalStandards = field(default_factory=LocalStandards)
    thresholds: Mapping[str, Threshold] = field(default_factory=dict)
    """Local thresholds by indicator id."""
    import_checks: ImportChecks = field(default_factory=ImportChecks)
    """The limits of the plausibility checks on every import."""

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "la_code": self.la_code,
            "population": {str(year): count for year, count in sorted(self.population.items())},
            "standards": {
                "cpp_visit_working_days": self.standards.cpp_visit_working_days,
                "supervision_days": self.standards.supervision_days,
                "caseload": self.standards.caseload.to_json(),
            },
            "thresholds": {
                indicator_id: {key: value for key, value in (("low", limit.low), ("high", limit.high)) if value is not None}
                for indicator_id, limit in sorted(self.thresholds.items())
            },
            "import_checks": {
                "row_change_share": self.import_checks.row_change_share,
                "minimum_rows": self.import_checks.minimum_rows,
                "mix_change_points": self.import_checks.mix_change_points,
                "emptied_list_rows": self.import_checks.emptied_list_rows,
                "row_change_share_by_list": dict(sorted(self.import_checks.row_change_share_by_list.items())),
            },
        }


def council_path(home: Path | None = None) -> Path:
    return (home or safeguard_home()) / FILE_NAME


def load_council(home: Path | None = None) -> Council:
    """The council's settings from the store, or the defaults when none have been saved."""
    path = council_path(home)
    if not path.is_file():
        return Council()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SafeguardError(f"{path}: cannot be read as JSON ({error}).") from error
    if not isinstance(data, dict):
        raise SafeguardError(f"{path}: should hold one JSON object of settings.")
    return _council_from_json(data, path)


def save_council(council: Council, home: Path | None = None) -> Path:
    """Write the settings atomically (a temporary file renamed over the old one)."""
    _check_council(council, Path(FILE_NAME))
    path = council_path(home)
    descriptor, temporary = tempfile.mkstemp(prefix=".council-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as sink:
            json.dump(council.to_json(), sink, indent=2)
            sink.write("\n")
            sink.flush()
            os.fsync(sink.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _council_from_json(data: dict[str, Any], path: Path) -> Council:
    name = data.get("name", "")
    if not isinstance(name, str):
        raise SafeguardError(f"{path}: field 'name' should be text.")
    la_code = data.get("la_code")
    if la_code is not None and not isinstance(la_code, (str, int)):
        raise SafeguardError(f"{path}: field 'la_code' should be a council code such as \"850\".")
    council = Council(
        name=name,
        la_code=str(la_code) if la_code is not None else None,
        population=_population(data.get("population", {}), path),
        standards=_standards(data.get("standards", {}), path),
        thresholds=_thresholds(data.get("thresholds", {}), path),
        import_checks=_import_checks(data.get("import_checks", {}), path),
    )
    _check_council(council, path)
    return council


def _population(raw: object, path: Path) -> dict[int, int]:
    if not isinstance(raw, dict):
        raise SafeguardError(f"{path}: field 'population' should map mid-years to numbers of children.")
    population = {}
    for year, count in raw.items():
        if not str(year).isdigit() or not isinstance(count, int) or isinstance(count, bool):
            raise SafeguardError(f"{path}: field 'population', entry {year!r}: {count!r} is not a whole number of children for a year.")
        population[int(year)] = count
    return population


def _standards(raw: object, path: Path) -> LocalStandards:
    if not isinstance(raw, dict):
        raise SafeguardError(f"{path}: field 'standards' should be an object.")
    unknown = set(raw) - {"cpp_visit_working_days", "supervision_days", "caseload"}
    if unknown:
        raise SafeguardError(f"{path}: field 'standards' has unknown settings: {', '.join(sorted(unknown))}.")
    days = raw.get("cpp_visit_working_days", DEFAULT_CPP_VISIT_WORKING_DAYS)
    if not isinstance(days, int) or isinstance(days, bool):
        raise SafeguardError(f"{path}: field 'standards.cpp_visit_working_days' should be a whole number of working days.")
    supervision = raw.get("supervision_days", DEFAULT_SUPERVISION_DAYS)
    if not isinstance(supervision, int) or isinstance(supervision, bool) or supervision < 1:
        raise SafeguardError(f"{path}: field 'standards.supervision_days' should be a whole number of days, 1 or more.")
    return LocalStandards(cpp_visit_working_days=days, supervision_days=supervision, caseload=_caseload(raw.get("caseload", {}), path))


def _caseload(raw: object, path: Path) -> CaseloadModel:
    """The caseload weights: each a number, 0 or more (the threshold more than 0)."""
    if not isinstance(raw, dict):
        raise SafeguardError(f"{path}: field 'standards.caseload' should be an object.")
    unknown = set(raw) - set(CASELOAD_SETTINGS)
    if unknown:
        raise SafeguardError(f"{path}: field 'standards.caseload' has unknown settings: {', '.join(sorted(unknown))}.")
    for name, value in raw.items():
        if not _is_number(value) or value < 0 or (name == "threshold" and value == 0):
            raise SafeguardError(f"{path}: field 'standards.caseload.{name}' should be a number, 0 or more (the threshold more than 0).")
    return CaseloadModel(**{name: float(value) for name, value in raw.items()})


def _thresholds(raw: object, path: Path) -> dict[str, Threshold]:
    if not isinstance(raw, dict):
        raise SafeguardError(f"{path}: field 'thresholds' should map indicator ids to limits.")
    thresholds = {}
    for indicator_id, limits in raw.items():
        if not isinstance(limits, dict) or set(limits) - {"low", "high"}:
            raise SafeguardError(f"{path}: field 'thresholds.{indicator_id}' should hold 'low' and/or 'high'.")
        for key, value in limits.items():
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise SafeguardError(f"{path}: field 'thresholds.{indicator_id}.{key}' should be a number, not {value!r}.")
        thresholds[indicator_id] = Threshold(limits.get("low"), limits.get("high"))
    return thresholds


_IMPORT_CHECK_FIELDS = ("row_change_share", "minimum_rows", "mix_change_points", "emptied_list_rows", "row_change_share_by_list")
MAXIMUM_SHARE = 10.0
"""A share of 10 is a rise to eleven times the rows; anything larger would query nothing."""


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _share(value: object, path: Path, name: str) -> float:
    if not _is_number(value) or not 0 < value <= MAXIMUM_SHARE:
        raise SafeguardError(
            f"{path}: field '{name}' should be a share above 0 and at most {MAXIMUM_SHARE:g}, such as 0.5 "
            f"(a fall to half, or a rise of half again), not {value!r}."
        )
    return float(value)


def _rows(value: object, path: Path, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise SafeguardError(f"{path}: field '{name}' should be a whole number of rows, 0 or more, not {value!r}.")
    return value


def _import_checks(raw: object, path: Path) -> ImportChecks:
    if not isinstance(raw, dict):
        raise SafeguardError(f"{path}: field 'import_checks' should be an object.")
    unknown = set(raw) - set(_IMPORT_CHECK_FIELDS)
    if unknown:
        raise SafeguardError(
            f"{path}: field 'import_checks' has unknown settings: {', '.join(sorted(unknown))} "
            f"(it takes {', '.join(_IMPORT_CHECK_FIELDS)})."
        )
    defaults = ImportChecks()
    share = _share(raw.get("row_change_share", defaults.row_change_share), path, "import_checks.row_change_share")
    minimum = _rows(raw.get("minimum_rows", defaults.minimum_rows), path, "import_checks.minimum_rows")
    emptied = _rows(raw.get("emptied_list_rows", defaults.emptied_list_rows), path, "import_checks.emptied_list_rows")
    points = raw.get("mix_change_points", defaults.mix_change_points)
    if not _is_number(points) or not 0 < points <= 100:
        raise SafeguardError(
            f"{path}: field 'import_checks.mix_change_points' should be a number of percentage points above 0 and at most 100, not {points!r}."
        )
    by_list = raw.get("row_change_share_by_list", {})
    if not isinstance(by_list, dict):
        raise SafeguardError(f"{path}: field 'import_checks.row_change_share_by_list' should map list keys to shares.")
    keys = [annex_list.key for annex_list in LISTS]
    for list_key in by_list:
        if list_key not in keys:
            raise SafeguardError(
                f"{path}: field 'import_checks.row_change_share_by_list' names {list_key!r}, which is not an Annex A list "
                f"(the lists are: {', '.join(keys)})."
            )
    return ImportChecks(
        row_change_share=share,
        minimum_rows=minimum,
        mix_change_points=float(points),
        emptied_list_rows=emptied,
        row_change_share_by_list={
            list_key: _share(value, path, f"import_checks.row_change_share_by_list.{list_key}") for list_key, value in by_list.items()
        },
    )


def _check_council(council: Council, path: Path) -> None:
    """The rules a saved or loaded council must meet, named by file and field."""
    from safeguard.indicators.catalogue import indicator_ids

    for year, count in council.population.items():
        if count <= 0:
            raise SafeguardError(f"{path}: field 'population', entry {year}: the population must be above zero, not {count}.")
    if not (CPP_VISIT.minimum or 1) <= council.standards.cpp_visit_working_days <= (CPP_VISIT.maximum or 60):
        raise SafeguardError(
            f"{path}: field 'standards.cpp_visit_working_days' should be between {CPP_VISIT.minimum} and {CPP_VISIT.maximum} working days, "
            f"not {council.standards.cpp_visit_working_days}."
        )
    known = indicator_ids()
    for indicator_id, limit in council.thresholds.items():
        if indicator_id not in known:
            raise SafeguardError(f"{path}: field 'thresholds' names {indicator_id!r}, which is not an indicator (see `safeguard indicators docs`).")
        if limit.low is None and limit.high is None:
            raise SafeguardError(f"{path}: field 'thresholds.{indicator_id}' sets neither 'low' nor 'high'.")
        if limit.low is not None and limit.high is not None and limit.low > limit.high:
            raise SafeguardError(f"{path}: field 'thresholds.{indicator_id}': 'low' ({limit.low}) is above 'high' ({limit.high}).")
