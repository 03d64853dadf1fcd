"""The demo council's case audits: a completed multi-agency round of twelve cases drawn from the
newest snapshot (weighted to risk, a fixed seed), audited by the heads of service with the
police, health and schools, moderated, its learning raised as two plan actions; and a second,
single-agency round, drawn at random, under way. DEMO ONLY: the findings are invented and name nobody."""

from __future__ import annotations

from dataclasses import dataclass

from safeguard.governance.audits import sampling, services
from safeguard.governance.audits.judgements import DOMAIN_KEYS
from safeguard.governance.audits.models import AuditCase, AuditProgramme
from safeguard.governance.workflow.demo_cast import DemoCast

FIRST_SEED = 20250
SECOND_SEED = 7
GRADE_LETTERS = {"O": "outstanding", "G": "good", "R": "requires_improvement", "I": "inadequate"}


@dataclass(frozen=True)
class DemoAudit:
    auditors: tuple[tuple[str, str], ...]
    """(demo person, agency)."""
    grades: str
    """One letter per domain in the order of ``DOMAIN_KEYS``, then the overall grade."""
    voice: str
    findings: str
    themes: tuple[str, ...]
    other: str = ""
    moderator: str = "quality_assurance_lead"
    changed: str = ""
    """The moderator's grades when they change them (as ``grades``), with ``reason``."""
    reason: str = ""
    sent_back: str = ""


SOCIAL_CARE = ("head_of_child_protection", "principal_social_worker", "quality_assurance_lead")
FIRST_ROUND: tuple[DemoAudit, ...] = (
    DemoAudit((("head_of_child_protection", "social_care"), ("health_partner", "health")), "GGGGGGG", "yes",
              "Clear analysis of risk; the plan is reviewed on time and the child's wishes are recorded in their own words.",
              ("good_practice", "voice_of_child")),
    DemoAudit((("principal_social_worker", "social_care"), ("police_partner", "police")), "RGRRGRR", "no",
              "The plan lists services rather than changes the family must make; the child was not seen alone at two visits.",
              ("specific_plans", "voice_of_child", "lived_experience")),
    DemoAudit((("quality_assurance_lead", "social_care"), ("health_partner", "health"), ("police_partner", "police")), "GGRGRRR", "yes",
              "Health and police held information the plan's meetings never saw; the plan drifted for four months after a change of worker.",
              ("information_sharing", "drift_and_delay"), moderator="head_of_child_protection",
              changed="GGRRRRR", reason="Supervision notes show no decision for four months: management oversight requires improvement."),
    DemoAudit((("head_of_child_protection", "social_care"), ("education_partner", "education")), "GGGGGGG", "yes",
              "School and social worker meet monthly; attendance has risen and the child says home is calmer.", ("good_practice",)),
    DemoAudit((("principal_social_worker", "social_care"), ("health_partner", "health")), "RRRIRRR", "no",
              "Cumulative neglect not recognised across three referrals; no chronology; father not contacted.",
              ("risk_analysis", "family_network", "recording"), other="Chronologies missing on long-running cases",
              sent_back="Please add what the health visitor's records show before this goes to moderation."),
    DemoAudit((("quality_assurance_lead", "social_care"), ("police_partner", "police")), "GGGRGGG", "yes",
              "Good direct work; managers' decisions are recorded but not always with reasons.", ("management_oversight",),
              moderator="principal_social_worker"),
    DemoAudit((("head_of_child_protection", "social_care"), ("health_partner", "health")), "OOGGOOO", "yes",
              "Outstanding direct work with a teenager; her views shaped the safety plan and she is now safe at home.",
              ("good_practice", "voice_of_child"), moderator="dcs"),
    DemoAudit((("principal_social_worker", "social_care"), ("education_partner", "education")), "RGRGGRR", "no",
              "Plan reviewed on time but outcomes are not measured; the child's identity needs are not considered.",
              ("specific_plans", "identity", "voice_of_child"), moderator="dcs",
              changed="RGRGGRG", reason="Outcomes are improving on the evidence of the school; overall good, with the plan's wording to tighten."),
    DemoAudit((("quality_assurance_lead", "social_care"), ("health_partner", "health")), "GRGRGGG", "yes",
              "Assessment thorough; the threshold for a strategy discussion was applied late.", ("thresholds",),
              moderator="head_of_child_protection"),
    DemoAudit((("head_of_child_protection", "social_care"), ("police_partner", "police")), "GGGGRGG", "yes",
              "Police attended every conference; information shared the same day.", ("information_sharing", "good_practice"),
              moderator="dcs"),
    DemoAudit((("principal_social_worker", "social_care"), ("health_partner", "health")), "RGRRGRR", "yes",
              "Referred again: the first episode closed without the parents' drinking being addressed.", ("drift_and_delay", "risk_analysis"),
              moderator="dcs", changed="RGRIGRR", reason="No management oversight recorded in six months: inadequate."),
    DemoAudit((("quality_assurance_lead", "social_care"), ("education_partner", "education")), "GGGGGGG", "yes",
              "Child seen alone at every visit; the school's concerns are in the plan.", ("voice_of_child",),
              moderator="principal_social_worker"),
)


def _grades(letters: str) -> tuple[dict[str, str], str]:
    return {key: GRADE_LETTERS[letter] for key, letter in zip(DOMAIN_KEYS, letters)}, GRADE_LETTERS[letters[-1]]


def _complete(case: AuditCase, item: DemoAudit, cast: DemoCast, lead, started: int) -> AuditCase:
    """Assign, audit, submit (and send back once, where the script says), then moderate."""
    auditors = [services.Assignment(cast.person(key), agency) for key, agency in item.auditors]
    case = services.assign_auditors(case, by=lead, seen_version=case.version, auditors=auditors, at=cast.at(started, 11))
    first = auditors[0].auditor
    grades, overall = _grades(item.grades)
    case = services.record_audit(
        case, by=first, seen_version=case.version, at=cast.at(started - 8, 14),
        changes={"grades": grades, "overall_grade": overall, "child_voice_evident": item.voice, "findings": item.findings,
                 "themes": list(item.themes), "other_themes": item.other},
    )
    case = services.move_case(case, "submit", by=first, seen_version=case.version, at=cast.at(started - 14, 16))
    if item.sent_back:
        case = services.move_case(case, "send_back", by=lead, seen_version=case.version, reason=item.sent_back, at=cast.at(started - 16, 10))
        partner = auditors[-1].auditor
        case = services.record_audit(
            case, by=partner, seen_version=case.version, at=cast.at(started - 18, 15),
            changes={"findings": item.findings + " Health records show three missed developmental checks."},
        )
        case = services.move_case(case, "submit", by=first, seen_version=case.version, at=cast.at(started - 19, 9))
    moderated_grades, moderated_overall = _grades(item.changed or item.grades)
    return services.moderate(
        case, by=cast.person(item.moderator), seen_version=case.version, grades=moderated_grades, overall=moderated_overall,
        reason=item.reason, at=cast.at(started - 24, 11),
    )


def _second_round(cast: DemoCast, lead) -> AuditProgramme:
    programme = services.set_up_round(
        by=lead, title="Children in need: quality of planning", theme="Whether children in need plans say who does what by when",
        kind="single_agency", snapshot_id=sampling.LATEST, case_count=8, method="random", seed=SECOND_SEED, at=cast.at(14, 9),
    )
    cases = list(programme.cases.order_by("number"))
    for index, case in enumerate(cases[:6]):
        auditor = cast.person(SOCIAL_CARE[index % len(SOCIAL_CARE)])
        case = services.assign_auditors(case, by=lead, seen_version=case.version, auditors=[services.Assignment(auditor, "social_care")], at=cast.at(13, 10))
        if index < 3:
            continue
        grades, overall = _grades("GRGRGRR")
        changes = {"grades": grades, "findings": "Plan reviewed at the meeting but its actions have no dates; no manager's record of the decision to continue."}
        if index == 5:
            changes |= {"overall_grade": overall, "child_voice_evident": "no", "themes": ["management_oversight", "drift_and_delay"]}
        case = services.record_audit(case, by=auditor, seen_version=case.version, changes=changes, at=cast.at(8, 14))
        if index == 5:
            services.move_case(case, "submit", by=auditor, seen_version=case.version, at=cast.at(3, 16))
    return programme


def seed(cast: DemoCast) -> str:
    if AuditProgramme.objects.exists():
        return ""
    if not sampling.snapshots_to_draw_from():
        return "Case audits: no snapshot to draw cases from, so no rounds were made."
    lead = cast.person("quality_assurance_lead")
    first = services.set_up_round(
        by=lead, title="Multi-agency audit of children referred again or on long plans",
        theme="Children referred again within a year, on long or repeat protection plans, or without a named worker",
        kind="multi_agency", snapshot_id=sampling.LATEST, case_count=len(FIRST_ROUND), method="risk_weighted", seed=FIRST_SEED,
        at=cast.at(80, 9),
    )
    for case, item in zip(first.cases.order_by("number"), FIRST_ROUND):
        _complete(case, item, cast, lead, started=78 - case.number)
    first = AuditProgramme.objects.get(pk=first.pk)
    first = services.move_round(
        first, "complete", by=lead, seen_version=first.version,
        reason="All twelve cases moderated; findings presented to the partnership's quality assurance sub-group.", at=cast.at(30, 15),
    )
    raised = cast.day(28)
    services.raise_plan_action(
        first, by=lead, title="Every child protection plan says who will do what by when, and how we will know it worked",
        description="Half the plans audited listed services rather than the changes the family must make.",
        factor="performance_and_quality", owner=cast.person("head_of_child_protection"), due=cast.day(28 - 120), raised_on=raised, at=cast.at(28, 10),
    )
    shared = first.cases.get(number=3)
    services.raise_plan_action(
        first, by=lead, case=shared, title="Health visitors and police invited to every core group from the first meeting",
        description="Partners held information the core group never saw.", factor="partnership",
        owner=cast.person("health_partner"), due=cast.day(28 - 90), raised_on=raised, at=cast.at(28, 11),
    )
    second = _second_round(cast, lead)
    return (
        f"Case audits: round {first.reference} completed ({len(FIRST_ROUND)} cases, two plan actions raised); "
        f"round {second.reference} under way ({second.case_count} cases)."
    )
