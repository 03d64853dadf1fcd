"""What the Local Test of Assurance checks, read from ``considerations.toml`` (data, not code).

The file holds the six considerations of the statutory guidance and each statutory
responsibility of the Lead Member, the Director and the two together (LMCS guide §2.3 Table 1,
§2.6 and Appendix B), in our own words, each citing its section. Loading checks it whole, so a
mistake in the file stops the application with a message naming the item, never half a test.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from safeguard.errors import SafeguardError

DATA_FILE = "considerations.toml"


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    intro: str


@dataclass(frozen=True)
class Consideration:
    id: str
    group: str
    text: str
    source: str


@dataclass(frozen=True)
class Considerations:
    version: int
    groups: tuple[Group, ...]
    items: tuple[Consideration, ...]

    def ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    def get(self, consideration_id: str) -> Consideration:
        for item in self.items:
            if item.id == consideration_id:
                return item
        raise KeyError(f"no consideration {consideration_id!r} in the Local Test of Assurance")

    def in_group(self, group_id: str) -> tuple[Consideration, ...]:
        return tuple(item for item in self.items if item.group == group_id)


def parse(text: str, *, where: str = DATA_FILE) -> Considerations:
    """The considerations in a TOML document; ``SafeguardError`` naming the item and field if not."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SafeguardError(f"{where}: not valid TOML ({error})") from error
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise SafeguardError(f"{where}: 'version' must be a whole number from 1")
    groups = []
    for number, raw in enumerate(data.get("groups", []), start=1):
        missing = [key for key in ("id", "title", "intro") if not str(raw.get(key, "")).strip()]
        if missing:
            raise SafeguardError(f"{where}: group {number} has no {', '.join(missing)}")
        groups.append(Group(raw["id"], raw["title"].strip(), raw["intro"].strip()))
    group_ids = {group.id for group in groups}
    items: list[Consideration] = []
    for number, raw in enumerate(data.get("items", []), start=1):
        label = f"item {number} ({raw.get('id', 'no id')})"
        missing = [key for key in ("id", "group", "text", "source") if not str(raw.get(key, "")).strip()]
        if missing:
            raise SafeguardError(f"{where}: {label} has no {', '.join(missing)}")
        if raw["group"] not in group_ids:
            raise SafeguardError(f"{where}: {label} names the group {raw['group']!r}, which is not one of {sorted(group_ids)}")
        if any(item.id == raw["id"] for item in items):
            raise SafeguardError(f"{where}: {label} repeats an id already used")
        items.append(Consideration(raw["id"], raw["group"], " ".join(raw["text"].split()), raw["source"].strip()))
    if not items:
        raise SafeguardError(f"{where}: there are no items")
    return Considerations(version, tuple(groups), tuple(items))


@cache
def considerations() -> Considerations:
    """The considerations shipped with Safeguard."""
    text = resources.files("safeguard.governance.local_test").joinpath(DATA_FILE).read_text(encoding="utf-8")
    return parse(text)
