"""The demo council's Local Test of Assurance: its Director is an all-age Director of People
(children's and adults' services) and its Lead Member also holds public health, so the council
tested whether children's outcomes are protected. Completed two months ago by the Director, with
most considerations met, a few partly met and one not met, each with its evidence."""

from __future__ import annotations

from safeguard.calendar import add_months
from safeguard.governance.local_test import services
from safeguard.governance.local_test.models import LocalTest
from safeguard.governance.workflow.demo_cast import DemoCast

ASSESSMENTS: dict[str, tuple[str, str]] = {
    "senior_arrangements": ("met", "A dedicated Assistant Director for children's social care reports to the Director; children's items lead every senior leadership agenda (minutes, last six months)."),
    "discharge_and_accountability": ("met", "Cabinet report setting out the all-age arrangements, agreed by full council; scrutiny reviews them each year."),
    "seniority_and_breadth": ("partly_met", "The Director's span is wide: diary analysis shows 60% of time on children's services. A deputy for adults' services is being recruited."),
    "children_involved": ("met", "Children in care council meets the Director and Lead Member each quarter; its priorities are in the corporate parenting strategy."),
    "child_protection_systems": ("met", "Quarterly case audits, the principal social worker's practice reviews and the partnership's multi-agency audits."),
    "partnership_arrangements": ("partly_met", "The safeguarding partnership's arrangements are published; escalations over strategy discussions show work still needed with the police."),
    "lm_political_responsibility": ("met", "Portfolio holder reports to cabinet every quarter with the performance briefing."),
    "lm_vision_and_priorities": ("met", "Children and young people's plan led by the Lead Member and adopted by council."),
    "lm_strategic_challenge": ("met", "Challenge log: questions raised by the Lead Member each month and answered with evidence."),
    "lm_every_child": ("met", "The needs assessment covers disabled children, children in care and young carers; gaps feed the commissioning plan."),
    "lm_participating_observer": ("not_met", "The Lead Member has missed three of the last four partnership meetings because of public health commitments. Diary now protects the dates."),
    "dcs_professional_responsibility": ("met", "Director's annual report on children's services to cabinet, with the self-assessment."),
    "dcs_services_for_every_child": ("met", "Sufficiency strategy for placements and early help, reviewed this year."),
    "dcs_performance": ("met", "Monthly performance board for education and social care; commissioned services under contract monitoring."),
    "dcs_children_shape_services": ("partly_met", "Young people sat on the interview panel for the Assistant Director; their involvement in service design is not yet routine."),
    "dcs_partnership_member": ("met", "The Director attends the safeguarding partnership's executive (attendance record)."),
    "dcs_health_and_wellbeing_board": ("met", "The Director sits on the Health and Wellbeing Board; children's needs have their own chapter in the needs assessment."),
    "both_protection_arrangements": ("met", "Front door arrangements inspected at the last focused visit and found effective."),
    "both_council_wide_planning": ("met", "Housing, leisure and planning report their impact on children in the corporate plan."),
    "both_cooperation_with_partners": ("met", "Joint early help strategy signed by health, police and schools."),
    "both_public_health": ("met", "The Lead Member holds public health too, and the Director of Public Health attends the children's partnership board."),
    "both_prevention_and_early_help": ("met", "Family hubs in each locality; early help assessments rising and step-down re-referrals falling."),
    "both_child_poverty": ("partly_met", "Child poverty action plan drafted with partners; not yet agreed by the partnership."),
    "both_corporate_parents": ("met", "Corporate parenting board chaired by the Lead Member; care leavers' council tax exemption in place."),
}

COMPLETED_DAYS_AGO = 60


def seed(cast: DemoCast) -> str:
    if LocalTest.objects.exists():
        return ""
    director, member = cast.person("dcs"), cast.person("lead_member")
    started = COMPLETED_DAYS_AGO + 30
    test = services.start_test(
        by=director,
        title=f"Local Test of Assurance, {cast.day(started).year}",
        dcs_name=f"{director.display_name} (Director of People)",
        dcs_other_portfolios="Adults' social care and safeguarding adults: an all-age Director of People.",
        lead_member_name=member.display_name,
        lead_member_other_portfolios="Public health.",
        next_review=add_months(cast.day(COMPLETED_DAYS_AGO), 12),
        at=cast.at(started, 9),
    )
    for offset, item in enumerate(test.items.all()):
        status, evidence = ASSESSMENTS[item.consideration_id]
        review = add_months(cast.day(COMPLETED_DAYS_AGO), 6 if status != "met" else 12)
        services.assess_item(
            item, by=director, seen_version=item.version, changes={"status": status, "evidence": evidence, "review_date": review},
            at=cast.at(started - 7 - offset % 20, 10 + offset % 6),
        )
    test = services.move_test(
        LocalTest.objects.get(pk=test.pk), "complete", by=director, seen_version=test.version,
        reason="Reviewed with the Chief Executive and the Leader", at=cast.at(COMPLETED_DAYS_AGO, 15),
        on=cast.day(COMPLETED_DAYS_AGO),
    )
    counts = services.status_counts(test)
    return (
        f"Local Test of Assurance: completed {COMPLETED_DAYS_AGO} days ago "
        f"({counts['met']} met, {counts['partly_met']} partly met, {counts['not_met']} not met)."
    )
