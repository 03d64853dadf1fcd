"""The demo council's people and calendar, for each governance app's year of history.

Every governance app may have a ``demo`` module with ``seed(cast: DemoCast) -> str``: it adds a
believable year of its records (idempotently: nothing if they are there already) and returns a
line saying what it added. ``python -m safeguard.web.manage seed_demo_governance`` (run by
``safeguard demo``) calls them in the order of ``GOVERNANCE_APPS``, so a later app can point at
an earlier app's records (an audit's finding raising a plan action, say).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any


@dataclass(frozen=True)
class DemoCast:
    today: date
    """The day the demo is made: the year of history ends here."""
    data_month: date | None
    """The first day of the latest month the demo council's figures cover."""
    people: Mapping[str, Any]
    """Demo accounts by key: each role's demo user (``dcs``, ``lead_member``...) and the named staff
    and partners who own actions and audit cases (``head_of_front_door``, ``police_partner``...)."""

    def person(self, key: str) -> Any:
        return self.people[key]

    def day(self, days_ago: int) -> date:
        return self.today - timedelta(days=days_ago)

    def at(self, days_ago: int, hour: int = 10) -> datetime:
        """A moment ``days_ago`` days before today, in working hours (UTC)."""
        return datetime.combine(self.day(days_ago), time(hour, 15), tzinfo=UTC)
