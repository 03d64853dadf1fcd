"""The demo council's professional disagreements: which agency each demo partner works for, and
four disagreements at different stages of the ladder (one just raised with a shortened timescale,
one with first-line managers, one resolved by heads of service, one resolved by the partnership),
each with its dated discussions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from safeguard.calendar import is_working_day
from safeguard.governance.disagreements import services
from safeguard.governance.disagreements.models import AgencyMembership, Disagreement
from safeguard.governance.workflow.demo_cast import DemoCast

AGENCIES = {
    "police_partner": "police", "health_partner": "health", "education_partner": "education", "partnership_manager": "partnership",
    "board_member": "partnership", "practice_lead": "social_care", "head_of_front_door": "social_care",
    "head_of_child_protection": "social_care", "head_of_children_in_care": "social_care",
}


@dataclass(frozen=True)
class DemoDisagreement:
    raiser: str
    with_agency: str
    theme: str
    about: str
    people_involved: str
    child_reference: str
    raised_days_ago: int
    events: tuple[tuple[str, int, str, str], ...]
    """(kind, days after raising, who, words): kind is discussion, escalate or resolve."""
    stage_days: int = 0
    shortened_because: str = ""


DISAGREEMENTS: tuple[DemoDisagreement, ...] = (
    DemoDisagreement("head_of_front_door", "police", "enquiry",
                     "Whether a joint section 47 enquiry was needed after a teenager told a youth worker she was being exploited.",
                     "Duty team manager and the police public protection unit", "NB-640021", 160,
                     (("discussion", 1, "head_of_front_door", "Duty team manager and detective sergeant: no agreement."),
                      ("escalate", 6, "head_of_front_door", "No agreement between the practitioners within the week."),
                      ("escalate", 11, "police_partner", "Managers disagree on whether the threshold for a joint enquiry was met."),
                      ("escalate", 16, "police_partner", "Heads of service could not agree; it raises a question of policy."),
                      ("discussion", 18, "partnership_manager", "Independent chair met both heads of service."),
                      ("resolve", 19, "partnership_manager", "The chair agreed a joint enquiry was needed; the partnership will "
                       "reissue its guidance on exploitation referrals.")),
                     ),
    DemoDisagreement("education_partner", "social_care", "threshold",
                     "A school's referral about a pupil's neglect was closed without an assessment.",
                     "Designated safeguarding lead and the duty social worker", "NB-702314", 75,
                     (("discussion", 1, "education_partner", "Head teacher and duty worker spoke; no agreement."),
                      ("escalate", 5, "education_partner", "Still no agreement after a week."),
                      ("discussion", 7, "head_of_front_door", "Team manager and head teacher met at the school."),
                      ("escalate", 10, "head_of_front_door", "Managers could not agree."),
                      ("resolve", 13, "head_of_front_door", "Heads of service agreed an assessment; the school joins the plan.")),
                     ),
    DemoDisagreement("police_partner", "social_care", "information",
                     "Social care did not share the outcome of a strategy discussion with the police officer who attended.",
                     "Police officer in the case and the allocated social worker", "NB-733980", 16,
                     (("discussion", 1, "police_partner", "Officer and social worker by phone: the minutes are disputed."),
                      ("escalate", 6, "police_partner", "No agreement on what was decided."),
                      ("discussion", 8, "head_of_child_protection", "Detective sergeant and team manager compared notes.")),
                     ),
    DemoDisagreement("health_partner", "social_care", "plan",
                     "A newborn is to go home before the core group has agreed the safety plan.",
                     "Named midwife and the child's social worker", "NB-761122", 2,
                     (("discussion", 0, "health_partner", "Named midwife and social worker: the midwife wants the core group first."),),
                     stage_days=2, shortened_because="The baby is ready to leave hospital within two days."),
)


def _working_day_on_or_before(cast: DemoCast, days_ago: int) -> int:
    day = cast.day(days_ago)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return (cast.today - day).days


def seed(cast: DemoCast) -> str:
    if Disagreement.objects.exists():
        return ""
    director = cast.person("dcs")
    for key, agency in AGENCIES.items():
        person = cast.person(key)
        if not AgencyMembership.objects.filter(person=person).exists():
            services.set_agency(person, agency, by=director, seen_version=0, at=cast.at(365, 9))
    for item in DISAGREEMENTS:
        ago = _working_day_on_or_before(cast, item.raised_days_ago)
        raiser = cast.person(item.raiser)
        disagreement = services.raise_disagreement(
            by=raiser, raised_on=cast.day(ago), at=cast.at(ago, 10), with_agency=item.with_agency, theme=item.theme, about=item.about,
            people_involved=item.people_involved, child_reference=item.child_reference, stage_days=item.stage_days or None,
            shortened_because=item.shortened_because,
        )
        for kind, after, who, words in item.events:
            when = max(ago - after, 0)
            person = cast.person(who)
            if kind == "discussion":
                services.record_discussion(disagreement, by=person, held_on=cast.day(when), who=words.split(":")[0], record=words,
                                           at=cast.at(when, 16))
            else:
                disagreement = services.move_disagreement(disagreement, kind, by=person, seen_version=disagreement.version, reason=words,
                                                          at=cast.at(when, 12))
            disagreement = Disagreement.objects.prefetch_related("stages").get(pk=disagreement.pk)
    overdue = sum(1 for item in Disagreement.objects.filter(state="open").prefetch_related("stages") if services.is_overdue(item, cast.today))
    return f"Professional disagreements: {len(DISAGREEMENTS)} at every stage of the ladder ({overdue} past a stage's deadline)."
