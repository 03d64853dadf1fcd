"""The demo council's year of child death reviews: fourteen deaths the partnership was told of
over the past year (half of them unexpected), the panel meeting every two months and reviewing
each death two to three months after it was notified, the older reviews closed, the three most
recent still waiting for the panel, and three plan actions raised from what the panel learnt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from safeguard.governance.child_deaths import services
from safeguard.governance.child_deaths.models import ChildDeathReview
from safeguard.governance.plan import services as plan_services
from safeguard.governance.workflow.demo_cast import DemoCast

PANELS = (320, 260, 200, 140, 80, 20)
"""How many days ago the panel met: every two months."""
READY_AFTER = 70
"""Days between the partnership being told and the first panel that can review the death."""
CLOSED_AFTER = 150
"""A review the panel finished more than this many days ago is closed."""


@dataclass(frozen=True)
class Death:
    expected: bool
    summary: str
    category: str = ""
    modifiable: bool = False
    themes: tuple[str, ...] = ()
    learning: str = ""
    action: tuple[str, str, int] | None = None
    """The plan action the learning raised: its title, its owner's key and days to its due date."""


DEATHS = (
    Death(True, "A baby born at 24 weeks died in the neonatal unit at three days old.", "perinatal", False, ("bereavement",),
          "The parents valued having one named bereavement midwife; every family should be offered one."),
    Death(False, "A four-month-old baby was found unresponsive in the morning after sleeping in a parent's bed.", "sudden", True,
          ("safer_sleep", "smoking"),
          "The baby shared a bed with a parent who smoked. Safer sleep advice had been given once, at birth, and not again.",
          ("Health visitors repeat the safer sleep advice at every contact in a baby's first six months", "health_partner", 120)),
    Death(True, "A two-year-old with a life-limiting genetic condition died at the children's hospice.", "congenital", False, (),
          "Care was well planned with the family, and the end of life plan was shared with the ambulance service in advance."),
    Death(False, "A nine-year-old was struck by a car on a residential road near their school.", "trauma", True, ("road_safety",),
          "Speeding on the road outside the school had been reported twice; the crossing points near schools need review.",
          ("Review the crossing points outside every school where speeding has been reported", "partnership_manager", 180)),
    Death(True, "A fourteen-year-old died of a brain tumour after two years of treatment.", "malignancy", False, ("bereavement",),
          "The brother and sister waited four months for bereavement support: the referral should be made when the child dies."),
    Death(False, "A sixteen-year-old took their own life; the inquest has not yet been held.", "suicide", True,
          ("mental_health", "information_sharing"),
          "The young person was waiting for mental health services after self-harm seen in the emergency department; the school "
          "did not know.",
          ("Emergency departments tell the school's safeguarding lead of a pupil's self-harm within one working day", "health_partner", 90)),
    Death(True, "A baby born at 26 weeks died in the first week of life.", "perinatal", True, ("smoking",),
          "The mother smoked through the pregnancy; stop-smoking support was offered once and not followed up."),
    Death(False, "An eleven-year-old with asthma collapsed at home and died in hospital.", "chronic", True,
          ("recognising_illness", "access_to_care"),
          "The child had had no asthma review for two years despite three courses of steroids from the emergency department."),
    Death(True, "A baby with a heart condition found before birth died after surgery.", "congenital", False, (),
          "No modifiable factors; the family praised how clearly the cardiac team explained each decision."),
    Death(False, "A three-year-old died of sepsis a day after being seen by the out-of-hours doctor.", "infection", True,
          ("recognising_illness",),
          "The advice to the parents on when to come back was given by word of mouth only; written advice on the signs of sepsis would help."),
    Death(True, "A baby died in the neonatal unit at two weeks old after a difficult birth.", "perinatal", False, (),
          "No modifiable factors were found; the maternity unit's own review agreed."),
    Death(False, "A seven-week-old baby died unexpectedly at home."),
    Death(True, "A six-year-old died of leukaemia at home, cared for by the community nursing team."),
    Death(False, "A fifteen-year-old died after an assault; police are investigating."),
)
FIRST_NOTIFIED = 350
"""Days ago the first death of the year was notified; the others follow every 24 days."""
SPACING = 24


def _panel_for(notified_ago: int) -> int | None:
    """Days ago of the first panel that could review a death notified ``notified_ago`` days ago."""
    return next((ago for ago in PANELS if ago <= notified_ago - READY_AFTER), None)


def seed(cast: DemoCast) -> str:
    if ChildDeathReview.objects.exists():
        return ""
    manager = cast.person("partnership_manager")
    director = cast.person("dcs")
    actions = 0
    for index, death in enumerate(DEATHS):
        told = FIRST_NOTIFIED - index * SPACING
        review = services.record_review(by=manager, at=cast.at(told, 11), notified_on=cast.day(told), expected=death.expected,
                                        summary=death.summary, child_reference=f"CD-{482100 + index * 37}")
        panel = _panel_for(told) if death.category else None
        if panel is None:
            continue
        review = services.edit_review(review, by=manager, seen_version=review.version, at=cast.at(panel, 16), changes={
            "panel_on": cast.day(panel), "category": death.category, "modifiable": death.modifiable, "themes": list(death.themes),
            "learning": death.learning})
        review = services.move_review(review, "review", by=manager, seen_version=review.version, at=cast.at(panel, 17))
        if death.action is not None:
            title, owner, due_in = death.action
            raised = panel - 7
            action = services.raise_review_action(review, by=director, title=title, factor="partnership", owner=cast.person(owner),
                                                  due=cast.day(raised) + timedelta(days=due_in), raised_on=cast.day(raised),
                                                  at=cast.at(raised, 10))
            plan_services.move_action(action, "start", by=director, seen_version=action.version, at=cast.at(raised - 5, 9))
            actions += 1
        if panel > CLOSED_AFTER:
            services.move_review(review, "close", by=manager, seen_version=review.version, at=cast.at(panel - 60, 15),
                                 reason="The learning went to every agency in the partnership's briefing; the actions are under way.")
    waiting = ChildDeathReview.objects.filter(state="notified").count()
    return f"Child death reviews: {len(DEATHS)} over the past year ({waiting} waiting for the panel); plan actions raised: {actions}."
