"""The demo council's case audits: a year of quarterly rounds, each named for the season it
started in ("Spring audit round: ..."), so the plan, self-assessment and briefing texts that
mention a season's round find it. Three earlier rounds of eight cases and a multi-agency round of
twelve drawn from the newest snapshot (weighted to risk, fixed seeds), audited by the heads of
service with the police, health and schools, moderated, their learning raised as plan actions;
and a single-agency round, drawn at random, under way. DEMO ONLY: the findings are invented and
name nobody."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from safeguard.aggregates.disclosure import CONFIDENTIAL
from safeguard.governance.audits import results, sampling, services
from safeguard.governance.audits.judgements import DOMAIN_KEYS
from safeguard.governance.audits.models import AuditCase, AuditProgramme
from safeguard.governance.workflow.demo_cast import DemoCast

FIRST_SEED = 20250
SECOND_SEED = 7
SEASONS = {12: "Winter", 1: "Winter", 2: "Winter", 3: "Spring", 4: "Spring", 5: "Spring", 6: "Summer", 7: "Summer", 8: "Summer"}
"""The season a round is named for, by the month it started; September to November is autumn."""
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


@dataclass(frozen=True)
class DemoRound:
    """One earlier completed round: when it started, what it looked at, and which scripted audits
    (positions in ``FIRST_ROUND``) its eight cases follow."""

    started: int
    """Days before the demo's day."""
    topic: str
    theme: str
    seed: int
    scripts: tuple[int, ...]
    action: str = ""
    """The plan action its learning raised, if any."""


EARLIER_ROUNDS: tuple[DemoRound, ...] = (
    DemoRound(350, "children on child protection plans", "Whether plans say what must change for the child", 11,
              (1, 4, 7, 10, 0, 2, 5, 8)),
    DemoRound(260, "quality of child protection plans", "Plans' outcomes, the child's voice and management oversight", 12,
              (1, 4, 10, 7, 2, 9, 0, 5),
              action="Every case open longer than six months has a chronology, checked in supervision"),
    DemoRound(170, "children in need and step-down", "Whether help continued when cases stepped down to early help", 13,
              (0, 3, 6, 9, 11, 2, 5, 8)),
)
FIRST_ROUND_STARTED = 80
COMPLETED_AFTER = 50
"""Days from setting a round up to completing it."""


def season_round(started: date) -> str:
    """A round's name by the season it started in: "Spring audit round"."""
    return f"{SEASONS.get(started.month, 'Autumn')} audit round"


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


def _snapshot_before(day: date) -> str:
    """The newest snapshot whose data ends before ``day``, so a round of last winter does not draw
    from this month's return; the oldest there is when none ends before it."""
    choices = sampling.snapshots_to_draw_from()
    earlier = [choice for choice in choices if choice.period_end < day]
    return (earlier[0] if earlier else choices[-1]).id


def _completed_round(cast: DemoCast, lead, *, started: int, topic: str, theme: str, kind: str, method: str, seed: int,
                     scripts: tuple[DemoAudit, ...]) -> AuditProgramme:
    """Set a round up ``started`` days ago, audit and moderate every case, and complete it."""
    programme = services.set_up_round(
        by=lead, title=f"{season_round(cast.day(started))}: {topic}", theme=theme, kind=kind, snapshot_id=_snapshot_before(cast.day(started)),
        case_count=len(scripts), method=method, seed=seed, at=cast.at(started, 9),
    )
    for case, item in zip(programme.cases.order_by("number"), scripts):
        _complete(case, item, cast, lead, started=started - 2 - case.number)
    programme = AuditProgramme.objects.get(pk=programme.pk)
    return services.move_round(
        programme, "complete", by=lead, seen_version=programme.version,
        reason=f"All {len(scripts)} cases moderated; findings presented to the partnership's quality assurance sub-group.",
        at=cast.at(started - COMPLETED_AFTER, 15),
    )


def evidence_by(cast: DemoCast, day: date) -> list[tuple[str, str]]:
    """(access-log reference, summary) of each demo round completed by ``day``, for the demo's
    self-assessment to link as case audit evidence. The summary says only what leaders may see:
    small counts stay hidden."""
    linked = []
    for programme in AuditProgramme.objects.filter(state="completed").order_by("created_at"):
        if programme.created_at.date() > day - timedelta(days=COMPLETED_AFTER):
            continue
        found = results.round_results(programme, exact=False)
        summary = f"{programme.label}. It looked at: {programme.theme.lower()}. {found.moderated} cases moderated"
        if found.overall.share != CONFIDENTIAL:
            summary += f", {found.overall.share}% good or better"
        if found.voice_evident != CONFIDENTIAL:
            summary += f"; the child's voice evident in {found.voice_evident} of {found.moderated}"
        linked.append((f"{programme._meta.label_lower}:{programme.pk}", summary + "."))
    return linked


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
    actions = 0
    for earlier in EARLIER_ROUNDS:
        done = _completed_round(
            cast, lead, started=earlier.started, topic=earlier.topic, theme=earlier.theme, kind="multi_agency", method="risk_weighted",
            seed=earlier.seed, scripts=tuple(FIRST_ROUND[index] for index in earlier.scripts),
        )
        if earlier.action:
            raised_ago = earlier.started - COMPLETED_AFTER - 2
            services.raise_plan_action(
                done, by=lead, title=earlier.action, description="Chronologies were missing on the long-running cases audited.",
                factor="performance_and_quality", owner=cast.person("principal_social_worker"), due=cast.day(raised_ago - 120),
                raised_on=cast.day(raised_ago), at=cast.at(raised_ago, 10),
            )
            actions += 1
    first = _completed_round(
        cast, lead, started=FIRST_ROUND_STARTED, topic="multi-agency audit of children referred again or on long plans",
        theme="Children referred again within a year, on long or repeat protection plans, or without a named worker",
        kind="multi_agency", method="risk_weighted", seed=FIRST_SEED, scripts=FIRST_ROUND,
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
        f"Case audits: {len(EARLIER_ROUNDS) + 1} quarterly rounds completed, the latest {first.reference} "
        f"({len(FIRST_ROUND)} cases, {actions + 2} plan actions raised in all); "
        f"round {second.reference} under way ({second.case_count} cases)."
    )
