"""The demo council's Ofsted self-evaluation: drafted from the records by the performance manager
a month ago (version 1), then rewritten by the Director in her own words last week (version 2)."""

from __future__ import annotations

from safeguard.governance.self_evaluation import services
from safeguard.governance.self_evaluation.models import SelfEvaluation
from safeguard.governance.workflow.demo_cast import DemoCast

DRAFTED_DAYS_AGO = 30
REWRITTEN_DAYS_AGO = 7

WHAT_WE_KNOW = (
    "Practice with children and families is improving but not yet consistently good. Our audits show plans are clearer and "
    "the child's voice is heard more often than a year ago; re-referrals are falling since we changed how families step down "
    "to early help. Too many children still return to child protection plans, and partnership work on strategy discussions "
    "needs repair."
)
HOW_WE_KNOW = (
    "We audit thirty cases every quarter and moderate the grades; the principal social worker observes practice in every team; "
    "the children in care council and parents' feedback are reported to the Director each quarter; monthly figures are "
    "compared with our statistical neighbours and watched for early warnings; leaders challenge us through the challenge log."
)
PLANS = (
    "Our improvement plan targets repeat child protection plans (a head of service reviews every plan over fifteen months), "
    "thresholds with the police (a joint review of strategy discussions) and the stability of the workforce (permanent team "
    "managers and exit interviews). We will know it has worked when repeat plans fall to our neighbours' level and no "
    "disagreement reaches the partnership for two quarters."
)


def seed(cast: DemoCast) -> str:
    if SelfEvaluation.objects.exists():
        return ""
    drafted = services.start_evaluation(
        by=cast.person("performance_manager"), title=f"Ofsted self-evaluation, {cast.day(DRAFTED_DAYS_AGO):%B %Y}",
        today=cast.day(DRAFTED_DAYS_AGO), at=cast.at(DRAFTED_DAYS_AGO, 10),
    )
    rewritten = services.save_version(
        drafted, by=cast.person("dcs"), seen_version=drafted.version, at=cast.at(REWRITTEN_DAYS_AGO, 16),
        changes={
            "what_we_know": WHAT_WE_KNOW + "\n\n" + drafted.what_we_know.split("\n\n", 1)[1],
            "how_we_know": HOW_WE_KNOW + "\n\n" + drafted.how_we_know.split("\n\n", 1)[1],
            "our_plans": PLANS + "\n\n" + drafted.our_plans.split("\n\n", 1)[1],
            "audit_evidence": "The quarterly case audit rounds: more cases good or better and the child's voice evident in more plans over the year; each round's results are linked to the self-assessment.",
        },
    )
    return f"Ofsted self-evaluation: {rewritten.title}, {rewritten.version} versions."
