"""A small partnership for the tests: its chair (seated for the partnership itself), and a police
and a health member, each with an account that signs in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from safeguard.governance.partnership.models import Agency, Member
from safeguard.roles import Role


@dataclass(frozen=True)
class SmallPartnership:
    chair: Any
    police_person: Any
    health_person: Any
    unit: Agency
    police: Agency
    health: Agency


def seat(person: Any, agency: Agency, *, position: str = "member", name: str = "A Member") -> Member:
    """Seat a person for an agency (written directly: the seat the tests start from)."""
    return Member.objects.create(agency=agency, name=name, job_title="Member", position=position, account=person,
                                 joined_on=date(2025, 4, 1), created_by=person)


def agency(name: str, kind: str, by: Any, **fields: Any) -> Agency:
    found, _ = Agency.objects.get_or_create(name=name, defaults={"kind": kind, "created_by": by, **fields})
    return found


def small_partnership(make_person: Any) -> SmallPartnership:
    chair = make_person(Role.BOARD_MEMBER)
    police_person = make_person(Role.BOARD_MEMBER)
    health_person = make_person(Role.BOARD_MEMBER)
    unit = agency("The partnership", "partnership", chair)
    police = agency("Police", "statutory", chair, core_funder=True)
    health = agency("Health", "statutory", chair, core_funder=True)
    seat(chair, unit, position="chair", name="Ruth Chair")
    seat(police_person, police, name="Sam Police")
    seat(health_person, health, name="Helen Health")
    return SmallPartnership(chair, police_person, health_person, unit, police, health)
