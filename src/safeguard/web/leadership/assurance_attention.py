"""What the assurance records ask of a person now, for the top of their home page.

Overdue actions on the improvement plan surface to their owners and to every leader who reads
the plan (seed 000 §4.1 factor 5: the plan is only as good as its follow-through); challenges
surface to whoever must assign or answer them, and back to the leader who asked once an answer
is waiting for them. Counts and links only: the records' own pages say the rest.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

from safeguard.governance.challenge import services as challenges
from safeguard.governance.challenge.models import Challenge
from safeguard.governance.induction import services as induction
from safeguard.governance.plan import services as plan
from safeguard.governance.workflow.transitions import Actor
from safeguard.roles import Permission
from safeguard.web.leadership.attention import Item


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _link(view_name: str, **query: str) -> str:
    return reverse(view_name) + ("?" + urlencode(query) if query else "")


def plan_items(person: Actor, username: str, permissions: frozenset[Permission], today: date) -> list[Item]:
    items = []
    own = plan.overdue_actions(today, owner=person).count()
    if own:
        items.append(Item(f"{_plural(own, 'action', 'actions')} you own on the improvement plan {'is' if own == 1 else 'are'} past {'its' if own == 1 else 'their'} due date.",
                          _link("plan:actions", owner=username, overdue="yes"), "Your overdue actions", overdue=True))
    if Permission.SEE_ASSURANCE_RECORDS in permissions:
        every = plan.overdue_actions(today).count()
        if every and every != own:
            items.append(Item(f"{_plural(every, 'action', 'actions')} on the improvement plan {'is' if every == 1 else 'are'} overdue in all.",
                              _link("plan:actions", overdue="yes"), "The overdue actions", overdue=True))
    return items


def challenge_items(person: Actor, username: str, permissions: frozenset[Permission], today: date) -> list[Item]:
    items = []
    if Permission.ANSWER_CHALLENGES in permissions:
        unassigned = Challenge.objects.filter(state="raised").count()
        if unassigned:
            items.append(Item(f"{_plural(unassigned, 'challenge is', 'challenges are')} waiting for someone to answer {'it' if unassigned == 1 else 'them'}.",
                              _link("challenge:log", state="raised"), "Assign them"))
        mine = Challenge.objects.filter(state="assigned", owner_id=person.pk)
        late = challenges.overdue_challenges(today, owner=person).count()
        if mine.exists():
            count = mine.count()
            items.append(Item(f"{_plural(count, 'challenge is', 'challenges are')} waiting for your answer"
                              + (f", {late} past the date it was due." if late else "."),
                              _link("challenge:log", person=username, state="assigned"), "Your challenges", overdue=bool(late)))
    if Permission.RAISE_CHALLENGE in permissions:
        answered = challenges.waiting_on(person).count()
        if answered:
            items.append(Item(f"{_plural(answered, 'challenge', 'challenges')} you raised {'has' if answered == 1 else 'have'} been answered: close {'it' if answered == 1 else 'them'} or ask a follow-up.",
                              _link("challenge:log", person=username, state="answered"), "Read the answers"))
        late = challenges.overdue_challenges(today).count()
        if late:
            items.append(Item(f"{_plural(late, 'challenge is', 'challenges are')} waiting past {'its' if late == 1 else 'their'} due date for the service's answer.",
                              _link("challenge:log", overdue="yes"), "The late answers", overdue=True))
    return items


def induction_items(person: Actor, permissions: frozenset[Permission], today: date) -> list[Item]:
    """A Lead Member's own induction items past their date, and, for everyone who reads the
    assurance records, the briefings due to leaders in the last year that never came (LGA Must
    know for lead members, "performance information")."""
    items = []
    own = induction.overdue_steps(today, lead_member=person)
    if own:
        count = len(own)
        items.append(Item(f"{_plural(count, 'item', 'items')} of your induction plan {'is' if count == 1 else 'are'} past {'its' if count == 1 else 'their'} date.",
                          reverse("induction:plan", args=[own[0].plan_id]), "Your induction plan", overdue=True))
    if Permission.SEE_ASSURANCE_RECORDS in permissions:
        missed = len(induction.overdue_briefings(today))
        if missed:
            items.append(Item(f"{_plural(missed, 'briefing', 'briefings')} due to leaders in the last year {'was' if missed == 1 else 'were'} not delivered.",
                              reverse("induction:overview"), "The briefing cycle", overdue=True))
    return items
