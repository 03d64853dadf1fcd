"""The demo council's own questions in the assurance framework: three, added by the demo Director
a few months ago, so a newcomer sees how a council extends the framework. DEMO ONLY."""

from __future__ import annotations

from safeguard.framework.additions import same_question_key
from safeguard.governance.framework.models import CouncilQuestion
from safeguard.governance.framework.services import add_question
from safeguard.governance.workflow.demo_cast import DemoCast

ADDED_DAYS_AGO = 120
"""A few months before the demo's day: their history is dated then, as a pack read as at a month sees it."""
DEMO_QUESTIONS = (
    {
        "factor": "partnership",
        "text": "Do schools and early years settings know how to reach the front door out of hours, "
        "and are they told what happened to the concerns they raised?",
        "indicators": ("contacts_per_10k", "referral_nfa_rate"),
        "audience": "lead_member",
    },
    {
        "factor": "outcomes",
        "text": "How often do children placed more than twenty miles from home see their social worker, "
        "and what do they tell us about living far from their family and school?",
        "indicators": ("cla_visit_in_timescale", "cla_3plus_placements_rate"),
        "audience": "scrutiny",
    },
    {
        "factor": "resourcing",
        "text": "Since experienced social workers left the assessment teams, how long do new starters take "
        "to hold a full caseload, and are assessments back within 45 working days?",
        "indicators": ("assessments_within_45wd", "unallocated_cases"),
        "audience": "chief_executive",
    },
)


def seed(cast: DemoCast) -> str:
    """Add the questions not there yet (same factor and words), by the demo Director."""
    present = {same_question_key(question.factor, question.text) for question in CouncilQuestion.objects.all()}
    added = [
        add_question(by=cast.person("dcs"), at=cast.at(ADDED_DAYS_AGO), **question)  # type: ignore[arg-type]
        for question in DEMO_QUESTIONS
        if same_question_key(str(question["factor"]), str(question["text"])) not in present
    ]
    return f"Assurance framework: {len(added)} of the demo council's own questions." if added else ""
