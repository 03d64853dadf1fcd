"""What a new Lead Member's induction plan holds, read from ``induction.toml`` (data, not code).

Loading checks the file whole, so a mistake in it stops the application with a message naming
the stage or item and the field, never half a plan.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from safeguard.calendar import add_months, add_weeks
from safeguard.errors import SafeguardError

DATA_FILE = "induction.toml"
_WITHIN = re.compile(r"^(\d{1,2}) (week|weeks|month|months)$")


@dataclass(frozen=True)
class Stage:
    id: str
    title: str
    within: str
    """How long after taking office its items are due: "1 week", "1 month", "6 months"."""

    def due(self, started_on: date) -> date:
        match = _WITHIN.match(self.within)
        assert match is not None, "checked on loading"
        count = int(match.group(1))
        return add_weeks(started_on, count) if match.group(2).startswith("week") else add_months(started_on, count)


@dataclass(frozen=True)
class InductionItem:
    id: str
    stage: str
    text: str
    source: str


@dataclass(frozen=True)
class InductionPlanContents:
    version: int
    stages: tuple[Stage, ...]
    items: tuple[InductionItem, ...]

    def ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    def get(self, item_id: str) -> InductionItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(f"no item {item_id!r} in the induction plan")

    def stage(self, stage_id: str) -> Stage:
        return next(stage for stage in self.stages if stage.id == stage_id)


def _required(raw: dict, keys: tuple[str, ...], where: str, label: str) -> None:
    missing = [key for key in keys if not str(raw.get(key, "")).strip()]
    if missing:
        raise SafeguardError(f"{where}: {label} has no {', '.join(missing)}")


def parse(text: str, *, where: str = DATA_FILE) -> InductionPlanContents:
    """The plan in a TOML document; ``SafeguardError`` naming the stage or item and field if not."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SafeguardError(f"{where}: not valid TOML ({error})") from error
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise SafeguardError(f"{where}: 'version' must be a whole number from 1")
    stages: list[Stage] = []
    for number, raw in enumerate(data.get("stages", []), start=1):
        label = f"stage {number} ({raw.get('id', 'no id')})"
        _required(raw, ("id", "title", "within"), where, label)
        if not _WITHIN.match(str(raw["within"]).strip()):
            raise SafeguardError(f"{where}: {label} field 'within' is {raw['within']!r}; write it as \"1 week\" or \"6 months\"")
        stages.append(Stage(raw["id"], raw["title"].strip(), raw["within"].strip()))
    stage_ids = {stage.id for stage in stages}
    items: list[InductionItem] = []
    for number, raw in enumerate(data.get("items", []), start=1):
        label = f"item {number} ({raw.get('id', 'no id')})"
        _required(raw, ("id", "stage", "text", "source"), where, label)
        if raw["stage"] not in stage_ids:
            raise SafeguardError(f"{where}: {label} names the stage {raw['stage']!r}, which is not one of {sorted(stage_ids)}")
        if any(item.id == raw["id"] for item in items):
            raise SafeguardError(f"{where}: {label} repeats an id already used")
        items.append(InductionItem(raw["id"], raw["stage"], " ".join(raw["text"].split()), raw["source"].strip()))
    if not items:
        raise SafeguardError(f"{where}: there are no items")
    return InductionPlanContents(version, tuple(stages), tuple(items))


@cache
def induction_plan() -> InductionPlanContents:
    """The induction plan shipped with Safeguard."""
    text = resources.files("safeguard.governance.induction").joinpath(DATA_FILE).read_text(encoding="utf-8")
    return parse(text)
