"""Who sees which agency's records, and who runs the partnership.

A person is a partner through the named member record that carries their account. Members of
the partnership's own agency (its independent chair and business unit) run it: they keep its
records, see every agency's, challenge and escalate. Any other member sees their own agency's
section 11 audits, escalations and page, and never another agency's. Someone with no member
record sees the partnership's shared business only.
"""

from __future__ import annotations

from django.db.models import QuerySet

from safeguard.governance.partnership.models import Agency, AgencyKind, Member
from safeguard.governance.workflow.transitions import Actor, NotAllowed
from safeguard.roles import Permission, permissions_of


def membership_of(person: Actor) -> Member | None:
    """The person's current seat on the partnership, if they have one."""
    return Member.objects.select_related("agency").filter(account_id=person.pk, left_on__isnull=True).first()


def runs_partnership(person: Actor) -> bool:
    """The chair and business unit: allowed to run it by their role, and seated for the
    partnership itself. Until anyone is seated for it, whoever's role allows it may set the
    partnership up (and should seat its chair first)."""
    if Permission.RUN_PARTNERSHIP not in permissions_of(person.roles):
        return False
    seated = Member.objects.filter(agency__kind=AgencyKind.PARTNERSHIP, left_on__isnull=True, account__isnull=False)
    if not seated.exists():
        return True
    return seated.filter(account_id=person.pk).exists()


def check_runs_partnership(person: Actor) -> None:
    if not runs_partnership(person):
        raise NotAllowed("Only the partnership's chair and business unit keep its records, challenge agencies and escalate.")


def agencies_seen_by(person: Actor) -> QuerySet[Agency]:
    """The agencies whose own records this person may see."""
    if runs_partnership(person):
        return Agency.objects.all()
    seat = membership_of(person)
    if seat is None or Permission.SEE_PARTNERSHIP not in permissions_of(person.roles):
        return Agency.objects.none()
    return Agency.objects.filter(pk=seat.agency_id)


def may_see_agency(person: Actor, agency: Agency) -> bool:
    return agencies_seen_by(person).filter(pk=agency.pk).exists()


def may_work_for(person: Actor, agency: Agency) -> bool:
    """Whether the person may fill in and answer for this agency's section 11 audit: its own
    members (with the role to), and the partnership's chair and business unit."""
    if runs_partnership(person):
        return True
    seat = membership_of(person)
    return (seat is not None and seat.agency_id == agency.pk
            and Permission.WORK_WITH_PARTNERSHIP in permissions_of(person.roles))
