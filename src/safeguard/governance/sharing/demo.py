"""The demo council's year of sharing agreements and emergency looks (fictional, DEMO ONLY).

The police have shared the referrals and section 47 lists since last winter for joint screening
of domestic abuse notifications; health visitors were given the child protection plans list in
the spring; a schools' proposal was withdrawn when the virtual school got its data elsewhere; an
agreement for the care leavers list ended early; a new one with schools waits for the Director.
Four emergency looks: three reviewed (one found not justified), the latest waiting for review,
so the Director's home page shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from safeguard.annex_a.spec import LISTS
from safeguard.errors import SafeguardError
from safeguard.governance.sharing import services
from safeguard.governance.sharing.models import EmergencyAccess, SharingAgreement
from safeguard.governance.workflow.demo_cast import DemoCast


@dataclass(frozen=True)
class DemoAgreement:
    partner: str
    purpose: str
    lists: tuple[str, ...]
    proposed: int
    """Days ago it was proposed."""
    starts: int
    """Days ago it starts (negative: in the future)."""
    days: int
    """How many days it runs."""
    steps: tuple[tuple[str, int, str], ...] = ()
    """(step, days ago, reason)."""


AGREEMENTS = (
    DemoAgreement("police", "Joint screening of domestic abuse notifications with the police's referral desk.", ("referrals", "s47_enquiries"),
                  340, 330, 365, (("approve", 332, "Necessary for joint screening; two lists, reviewed after a year."),)),
    DemoAgreement("health", "Health visitors check that each child on a plan has been seen since the plan began.", ("child_protection_plans",),
                  215, 200, 365, (("approve", 205, "Health visitors are core group members; the plans list only."),)),
    DemoAgreement("education", "The virtual school's termly check on the education of children in care.", ("children_in_care",),
                  150, 140, 365, (("withdraw", 140, "The virtual school now takes this from the care system directly."),)),
    DemoAgreement("health", "Leaving care nurses' health assessments for care leavers.", ("care_leavers",),
                  300, 290, 365, (("approve", 292, "Needed for the care leavers' health offer."), ("end", 60, "The nurses now use the leaving care team's own records."))),
    DemoAgreement("education", "Designated safeguarding leads' list of pupils on child in need plans.", ("children_in_need",), 5, -10, 365),
)

EMERGENCIES = (
    ("police_partner", 250, "A child reported missing overnight; officers need the last known placement and the allocated team.", "justified",
     "Out of hours with no duty manager reachable; only the placement was looked at."),
    ("head_of_children_in_care", 120, "Placement broke down at night; need the child's plan and contacts to find a bed tonight.", "justified",
     "Justified: the emergency duty team could not be reached."),
    ("health_partner", 45, "Child brought to the emergency department; staff asked whether the child is on a plan.", "not_justified",
     "The hospital should have called the front door, which was open: taken up with the designated nurse."),
    ("head_of_front_door", 1, "A parent is at reception demanding to take a child; need to check for a protection plan now.", "", ""),
)


def seed(cast: DemoCast) -> str:
    if SharingAgreement.objects.exists():
        return ""
    director = cast.person("dcs")
    for item in AGREEMENTS:
        start = cast.day(item.starts)
        agreement = services.propose(
            by=director, partner=item.partner, purpose=item.purpose, lists=list(item.lists), starts_on=start,
            ends_on=start + timedelta(days=item.days), at=cast.at(item.proposed, 11),
        )
        for step, ago, reason in item.steps:
            agreement = services.move_agreement(agreement, step, by=director, seen_version=agreement.version, reason=reason, at=cast.at(ago, 15))
    looks = _emergencies(cast)
    return f"Sharing: {len(AGREEMENTS)} agreements with partner agencies, {looks} emergency looks at children's records."


def _emergencies(cast: DemoCast) -> int:
    if EmergencyAccess.objects.exists():
        return 0
    try:
        children = services.list_rows(next(item for item in LISTS if item.key == "referrals")).child_ids
    except (SafeguardError, services.NotShared):
        return 0
    if not children:
        return 0
    director = cast.person("dcs")
    for index, (opener, ago, reason, outcome, finding) in enumerate(EMERGENCIES):
        child = children[index % len(children)]
        look = services.open_emergency(by=cast.person(opener), child_id=child, reason=reason, at=cast.at(ago, 22))
        if outcome:
            services.review(look, by=director, seen_version=look.version, reason=finding, outcome=outcome, at=cast.at(ago - 1, 9))
    return len(EMERGENCIES)
