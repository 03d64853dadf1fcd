"""Ofsted's judgement areas, grades and limiting rules, read from ``judgements.toml`` (data, not
code), and the readiness checklist from ``readiness.toml``.

The rules say how good the overall grade may be given the other judgements. Loading checks each
file whole, so a mistake stops the application with a message naming the entry and its field.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from safeguard.errors import SafeguardError

JUDGEMENTS_FILE = "judgements.toml"
READINESS_FILE = "readiness.toml"
RULE_KINDS = ("steps_above_worst", "area_limits")


@dataclass(frozen=True)
class Grade:
    id: str
    title: str
    published: str
    """How Ofsted's published file writes it ("requires improvement")."""
    rank: int
    """0 for the best grade, rising as grades get worse."""


@dataclass(frozen=True)
class Area:
    id: str
    title: str
    overall: bool


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    text: str
    source: str
    steps: int = 0
    area: str = ""
    grade: str = ""
    limit: str = ""


@dataclass(frozen=True)
class Judgements:
    version: int
    grades: tuple[Grade, ...]
    areas: tuple[Area, ...]
    rules: tuple[Rule, ...]

    def grade(self, grade_id: str) -> Grade:
        return next(grade for grade in self.grades if grade.id == grade_id)

    def from_published(self, text: str | None) -> Grade | None:
        """A grade as Ofsted's file writes it; None for blanks and notes ("inspection_pre_dates_judgement")."""
        wanted = (text or "").strip().lower()
        return next((grade for grade in self.grades if grade.published == wanted), None)

    @property
    def overall(self) -> Area:
        return next(area for area in self.areas if area.overall)

    @property
    def key_areas(self) -> tuple[Area, ...]:
        return tuple(area for area in self.areas if not area.overall)

    def limits(self, grades: Mapping[str, str]) -> list[tuple[Rule, Grade]]:
        """Each rule that caps the overall grade for these judgements (area id -> grade id), with the best grade it allows."""
        ranks = [self.grade(grades[area.id]).rank for area in self.key_areas if grades.get(area.id)]
        found = []
        for rule in self.rules:
            if rule.kind == "steps_above_worst" and ranks:
                found.append((rule, self.grades[max(max(ranks) - rule.steps, 0)]))
            elif rule.kind == "area_limits" and grades.get(rule.area) == rule.grade:
                found.append((rule, self.grade(rule.limit)))
        return found

    def ceiling(self, grades: Mapping[str, str]) -> Grade | None:
        """The best overall grade these judgements allow (None when no rule applies)."""
        caps = [grade for _, grade in self.limits(grades)]
        return max(caps, key=lambda grade: grade.rank) if caps else None

    def broken(self, grades: Mapping[str, str]) -> list[Rule]:
        """The rules the overall grade breaks by being better than they allow."""
        overall = grades.get(self.overall.id)
        if not overall:
            return []
        rank = self.grade(overall).rank
        return [rule for rule, cap in self.limits(grades) if rank < cap.rank]


def _load(text: str, where: str) -> dict[str, Any]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SafeguardError(f"{where}: not valid TOML ({error})") from error
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise SafeguardError(f"{where}: 'version' must be a whole number from 1")
    return data


def _entries(data: dict[str, Any], table: str, keys: tuple[str, ...], where: str) -> list[tuple[str, dict[str, Any]]]:
    """Each entry of a table with its label for messages, refused if a key is missing or an id repeats."""
    found: list[tuple[str, dict[str, Any]]] = []
    seen: set[str] = set()
    for number, raw in enumerate(data.get(table, []), start=1):
        label = f"{table[:-1]} {number} ({raw.get('id', 'no id')})"
        missing = [key for key in keys if not str(raw.get(key, "")).strip()]
        if missing:
            raise SafeguardError(f"{where}: {label} has no {', '.join(missing)}")
        if raw["id"] in seen:
            raise SafeguardError(f"{where}: {label} repeats an id already used")
        seen.add(raw["id"])
        found.append((label, raw))
    if not found:
        raise SafeguardError(f"{where}: there are no {table}")
    return found


def _rule(label: str, raw: dict[str, Any], grade_ids: set[str], area_ids: set[str], where: str) -> Rule:
    if raw["kind"] not in RULE_KINDS:
        raise SafeguardError(f"{where}: {label} field 'kind' is {raw['kind']!r}; use one of {list(RULE_KINDS)}")
    if raw["kind"] == "steps_above_worst":
        steps = raw.get("steps")
        if not isinstance(steps, int) or isinstance(steps, bool) or steps < 0:
            raise SafeguardError(f"{where}: {label} field 'steps' must be a whole number from 0")
        return Rule(raw["id"], raw["kind"], raw["text"].strip(), raw["source"].strip(), steps=steps)
    if raw.get("area") not in area_ids:
        raise SafeguardError(f"{where}: {label} field 'area' is {raw.get('area')!r}, which is not one of {sorted(area_ids)}")
    for key in ("grade", "limit"):
        if raw.get(key) not in grade_ids:
            raise SafeguardError(f"{where}: {label} field {key!r} is {raw.get(key)!r}, which is not one of {sorted(grade_ids)}")
    return Rule(raw["id"], raw["kind"], raw["text"].strip(), raw["source"].strip(), area=raw["area"], grade=raw["grade"], limit=raw["limit"])


def parse_judgements(text: str, *, where: str = JUDGEMENTS_FILE) -> Judgements:
    """The judgements in a TOML document; ``SafeguardError`` naming the entry and field if not."""
    data = _load(text, where)
    grades = tuple(Grade(raw["id"], raw["title"].strip(), raw["published"].strip().lower(), rank)
                   for rank, (_, raw) in enumerate(_entries(data, "grades", ("id", "title", "published"), where)))
    areas = tuple(Area(raw["id"], raw["title"].strip(), raw.get("overall") is True) for _, raw in _entries(data, "areas", ("id", "title"), where))
    if sum(area.overall for area in areas) != 1:
        raise SafeguardError(f"{where}: exactly one area must be marked overall = true")
    grade_ids, area_ids = {grade.id for grade in grades}, {area.id for area in areas}
    rules = tuple(_rule(label, raw, grade_ids, area_ids, where) for label, raw in _entries(data, "rules", ("id", "kind", "text", "source"), where))
    return Judgements(data["version"], grades, areas, rules)


@cache
def judgements() -> Judgements:
    """Ofsted's judgements as shipped with Safeguard."""
    return parse_judgements(resources.files("safeguard.governance.inspection").joinpath(JUDGEMENTS_FILE).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Phase:
    id: str
    title: str
    intro: str


@dataclass(frozen=True)
class ReadinessItem:
    id: str
    phase: str
    text: str
    source: str


@dataclass(frozen=True)
class Readiness:
    version: int
    phases: tuple[Phase, ...]
    items: tuple[ReadinessItem, ...]

    def ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    def get(self, item_id: str) -> ReadinessItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(f"no item {item_id!r} in the readiness checklist")


def parse_readiness(text: str, *, where: str = READINESS_FILE) -> Readiness:
    data = _load(text, where)
    phases = tuple(Phase(raw["id"], raw["title"].strip(), " ".join(raw["intro"].split()))
                   for _, raw in _entries(data, "phases", ("id", "title", "intro"), where))
    phase_ids = {phase.id for phase in phases}
    items = []
    for label, raw in _entries(data, "items", ("id", "phase", "text", "source"), where):
        if raw["phase"] not in phase_ids:
            raise SafeguardError(f"{where}: {label} names the phase {raw['phase']!r}, which is not one of {sorted(phase_ids)}")
        items.append(ReadinessItem(raw["id"], raw["phase"], " ".join(raw["text"].split()), raw["source"].strip()))
    return Readiness(data["version"], phases, tuple(items))


@cache
def readiness() -> Readiness:
    """The readiness checklist as shipped with Safeguard."""
    return parse_readiness(resources.files("safeguard.governance.inspection").joinpath(READINESS_FILE).read_text(encoding="utf-8"))
