"""The demo council's significant case briefings: five over the past months, one of each kind
and one still with the Director, acknowledged by the demo Director, Chief Executive and Lead
Member, and one the Lead Member has not yet acknowledged (overdue)."""

from __future__ import annotations

from dataclasses import dataclass

from safeguard.governance.briefings import services
from safeguard.governance.briefings.models import BriefingNotice, CaseBriefing
from safeguard.governance.workflow.demo_cast import DemoCast


@dataclass(frozen=True)
class DemoBriefing:
    recorder: str
    category: str
    headline: str
    summary: str
    child_reference: str
    actions: str
    recorded_days_ago: int
    assessment: str = ""
    """The Director's assessment, sent the next day; empty while it is with the Director."""
    acknowledged_by: tuple[str, ...] = ("chief_executive", "lead_member")
    """Who acknowledges, the day it is sent (in this order, an hour apart)."""
    update: tuple[int, str] = (0, "")
    """(days ago, what changed) for an update sent later, acknowledged by everyone the day after."""
    closed: tuple[int, str] = (0, "")


BRIEFINGS: tuple[DemoBriefing, ...] = (
    DemoBriefing("head_of_child_protection", "review_criteria", "Infant admitted with a head injury; neglect suspected",
                 "A baby known to early help was admitted with an injury the parents cannot explain. Police and social care are "
                 "enquiring; the case may meet the criteria for a rapid review.", "NB-208114",
                 "Strategy discussion held the same day; the baby's sibling is staying with grandparents under a safety plan.", 300,
                 "This may well meet the criteria for a rapid review: I have asked the partnership to notify the national panel.",
                 closed=(200, "The rapid review is under way as serious incident SI001; briefings continue through the review.")),
    DemoBriefing("head_of_front_door", "media", "Local paper asking about a family's complaint of being ignored",
                 "A parent has given the local paper her account of repeated calls to the front door. The story may run this week.",
                 "NB-311570", "The case has been reviewed: an assessment is under way. The press office has the council's statement.", 45,
                 "Our handling of the first call was slow; the rest was sound. The statement acknowledges the delay.",
                 update=(30, "The story ran; no further enquiries. The assessment found the family needs early help, now in place.")),
    DemoBriefing("head_of_children_in_care", "good_practice", "A care leaver's place at university, after years of support",
                 "A young person who came into care at 13 has a place to study nursing. Her personal adviser and foster carers "
                 "kept her in school through three moves.", "NB-120994", "A thank-you letter from the Director; her story, with her "
                 "consent, for the corporate parenting panel.", 20,
                 "Exceptional work by the adviser and the carers: I would like the Lead Member to recognise it at the next panel."),
    DemoBriefing("head_of_front_door", "service_concern", "Three strategy discussions delayed over one weekend",
                 "Three children waited until Monday for strategy discussions that should have happened on Saturday: the "
                 "out-of-hours team had no police contact.", "", "Out-of-hours rota now names a police contact for every shift.", 6,
                 "A gap in our out-of-hours arrangements, now closed; I have asked for an audit of the last three months.",
                 acknowledged_by=("chief_executive",)),
    DemoBriefing("head_of_child_protection", "media", "Councillor's enquiry about a child protection conference",
                 "A ward councillor has asked, on a family's behalf, why a conference went ahead without them.", "NB-415802",
                 "The conference chair is reviewing the invitation; a reply to the councillor is drafted.", 1),
)


def seed(cast: DemoCast) -> str:
    if CaseBriefing.objects.exists():
        return ""
    director = cast.person("dcs")
    waiting = 0
    for item in BRIEFINGS:
        ago = item.recorded_days_ago
        briefing = services.record_briefing(
            by=cast.person(item.recorder), at=cast.at(ago, 9), category=item.category, headline=item.headline, summary=item.summary,
            child_reference=item.child_reference, aware_on=cast.day(ago), actions=item.actions,
        )
        if not item.assessment:
            waiting += 1
            continue
        sent = max(ago - 1, 0)
        briefing = services.move_briefing(briefing, "send", by=director, seen_version=briefing.version, reason=item.assessment,
                                          at=cast.at(sent, 11))
        _acknowledge(briefing, cast, item.acknowledged_by, sent)
        if item.update[1]:
            updated, words = item.update
            briefing = services.move_briefing(briefing, "update", by=director, seen_version=briefing.version, reason=words,
                                              at=cast.at(updated, 10))
            _acknowledge(briefing, cast, ("chief_executive", "lead_member"), max(updated - 1, 0))
        if item.closed[1]:
            days, words = item.closed
            services.move_briefing(briefing, "close", by=director, seen_version=briefing.version, reason=words, at=cast.at(days, 15))
    overdue = len(services.overdue_notices(cast.today))
    return f"Significant case briefings: {len(BRIEFINGS)} ({waiting} with the Director, {overdue} acknowledgement overdue)."


def _acknowledge(briefing: CaseBriefing, cast: DemoCast, keys: tuple[str, ...], days_ago: int) -> None:
    for hour, key in enumerate(keys, start=13):
        person = cast.person(key)
        for notice in BriefingNotice.objects.filter(briefing=briefing, person=person, acknowledged_at__isnull=True):
            services.acknowledge(notice, by=person, seen_version=notice.version, at=cast.at(days_ago, hour),
                                 note="Read; no questions for now." if key == "chief_executive" else "")
