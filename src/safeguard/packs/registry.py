"""What each pack is: its name, audience, the permission needed to have it, its sections, the
records it draws on, the formats it comes in, and the function that gathers its content.

Each pack's module defines one ``PackDefinition`` as ``PACK``; ``PACKS`` lists them in the order
the packs page and ``safeguard pack --help`` show them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from safeguard.aggregates import Viewer
from safeguard.calendar import month_end
from safeguard.errors import SafeguardError
from safeguard.roles import Permission

PACK_MODULES = ("lead_member_briefing", "scrutiny", "chief_executive_assurance", "board_annual_report", "inspection_data_bank")
"""The modules of ``safeguard.packs``, one per pack, in the order they are listed."""


@dataclass(frozen=True)
class Section:
    id: str
    heading: str


@dataclass(frozen=True)
class PackRequest:
    """What a pack is asked for: the month it reports on, who will read it, and the moment it
    reads the governance records as at."""

    period: date
    """The first day of the month."""
    viewer: Viewer
    as_at: datetime
    """The end of the pack's period, or the moment it was issued if that is earlier
    (``issuing.as_at_of``): every governance record is read as it stood then
    (``safeguard.governance.workflow.as_at``), so the pack never depends on the day it is made."""

    @property
    def today(self) -> date:
        """The day the pack is as at: what "overdue" is judged against."""
        return self.as_at.date()


@dataclass(frozen=True)
class PackContent:
    """What a pack's builder gathered: the template's context, section by section."""

    title: str
    context: Mapping[str, Any]
    files: Mapping[str, bytes] = field(default_factory=dict)
    """For a pack issued as a zip: the members besides the rendered pages (name -> bytes)."""
    children: frozenset[str] = frozenset()
    """The children whose records the pack carries (child-level packs only): each issue and
    download is logged against them in the access log."""


@dataclass(frozen=True)
class PackDefinition:
    name: str
    title: str
    audience: str
    permission: Permission
    """What a person must hold to have the pack (``safeguard.roles``)."""
    exact: bool
    """Whether the pack shows exact figures (child-level audiences) or suppressed ones."""
    sections: tuple[Section, ...]
    draws_on: tuple[str, ...]
    formats: tuple[str, ...]
    build: Callable[[PackRequest], PackContent]
    template: str
    cadence: str = "monthly"
    period_end: Callable[[date], date | None] = month_end
    """The last day a pack for a month covers: the month's own, or its reporting year's for a
    yearly report; None for a pack of the records as they stand when it is issued."""


@cache
def packs() -> dict[str, PackDefinition]:
    """Every pack by name, in ``PACK_MODULES`` order."""
    found = {}
    for module_name in PACK_MODULES:
        definition = importlib.import_module(f"safeguard.packs.{module_name}").PACK
        found[definition.name] = definition
    return found


def pack(name: str) -> PackDefinition:
    known = packs()
    if name not in known:
        raise SafeguardError(f"There is no pack called {name!r}. The packs are: {', '.join(known)}.")
    return known[name]
