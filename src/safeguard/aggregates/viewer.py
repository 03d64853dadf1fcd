"""Who is looking: what a person's roles let them see of the figures."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from safeguard.roles import Permission, Role, permissions_of


@dataclass(frozen=True)
class Viewer:
    """What a person's roles let them see of the figures."""

    exact: bool
    """Every count as it is: only roles with child-level access (DOMAIN.md §1)."""
    teams: bool
    """Figures broken down by team."""

    @classmethod
    def of(cls, roles: Iterable[Role]) -> Viewer:
        permissions = permissions_of(roles)
        return cls(exact=Permission.SEE_CHILD_LEVEL in permissions, teams=Permission.SEE_TEAM_DETAIL in permissions)
