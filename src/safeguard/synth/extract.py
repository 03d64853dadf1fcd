"""Annex A's lists as a council's case management system would extract them on a given day.

The extract shows the data AS IT STOOD on the extract day: anything dated after it is blank
(an end date still to come, a conference not yet held), "latest" dates are the latest on or
before it, counts "in the last 12 months" count the 12 months up to it, and a child's age is
their age on the event's date (lists 1-5) or on the extract day (lists 6-10).

What each list holds, for the period from ``since`` to the extract day:

* contacts (1), referrals (3): those dated in the period;
* early help (2), assessments (4), children in need (6), plans (7), care (8): those open at any
  time in the period (begun by its end, not finished before its start);
* section 47 enquiries (5): those begun, or whose conference was held, in the period;
* care leavers (9): young people who had left care by the extract day and were under 22 at
  some time in the period;
* adoption (10), adopters (11): children with an adoption decision, and adopters in the
  process, at any time in the period.

Values are canonical (`safeguard.annex_a.codes` values, ``datetime.date`` for dates), keyed by
the specification's column keys: the same form an imported snapshot holds.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from safeguard.annex_a.spec import LISTS
from safeguard.synth.children import Child
from safeguard.synth.journeys import CareSpell, ChildProtectionPlan, Episode
from safeguard.synth.timeline import add_months, age_on, date_of

if TYPE_CHECKING:
    from safeguard.synth.history import CouncilHistory

Record = dict[str, object]
YES_NO = {True: "true", False: "false"}
LIST_KEYS = tuple(annex_list.key for annex_list in LISTS)
"""The lists in Ofsted's order; `Extract` has a method named after each."""


def _latest(days: Sequence[int], on_or_before: int) -> int | None:
    index = bisect_right(days, on_or_before)
    return days[index - 1] if index else None


def _latest_index(days: Sequence[int], on_or_before: int) -> int | None:
    index = bisect_right(days, on_or_before)
    return index - 1 if index else None


class Extract:
    """One extract: the extract day ``as_at`` and the first day of its period ``since`` (None: all history)."""

    def __init__(self, history: CouncilHistory, as_at: int, since: int | None) -> None:
        self.history = history
        self.as_at = as_at
        self.since = since if since is not None else -(10**9)
        self.year_ago = add_months(as_at, -12)
        """Counts "in the last 12 months" take days after this one, up to the extract day."""
        self.half_year_ago = add_months(as_at, -6)

    def list_records(self, key: str) -> list[Record]:
        """One list's rows (by its key in `safeguard.annex_a.spec`)."""
        return getattr(self, key)()

    # Helpers

    def _date(self, day: int | None) -> date | None:
        """A date as it stood: blank when it had not happened by the extract day."""
        return date_of(day) if day is not None and day <= self.as_at else None

    def _open_in_period(self, start: int, end: int | None) -> bool:
        return start <= self.as_at and (end is None or end >= self.since)

    def _in_period(self, day: int | None) -> bool:
        return day is not None and self.since <= day <= self.as_at

    def _in_last_year(self, days: Sequence[int]) -> int:
        return bisect_right(days, self.as_at) - bisect_right(days, self.year_ago)

    @staticmethod
    def _person(child: Child, age_day: int) -> Record:
        return {
            "child_id": child.child_id,
            "gender": child.gender,
            "ethnicity": child.ethnicity,
            "date_of_birth": date_of(child.birth),
            "age": age_on(child.birth, age_day),
        }

    def _team_and_worker(self, record: Record, case_day: int, case) -> Record:
        team, worker = case.at(case_day)
        record["team"] = team
        record["worker"] = worker
        return record

    def _case_day(self, start: int, end: int | None) -> int:
        """The day whose allocation a row shows: the extract day, or the last day before the end."""
        if end is not None and end <= self.as_at:
            return max(start, end - 1)
        return self.as_at

    # Lists

    def contacts(self) -> list[Record]:
        rows = []
        for contact in self.history.contacts:
            if self._in_period(contact.day):
                row = self._person(contact.child, contact.day)
                row["contact_date"] = date_of(contact.day)
                row["contact_source"] = contact.source
                rows.append(row)
        return rows

    def early_help(self) -> list[Record]:
        rows = []
        for assessment in self.history.early_help:
            if self._open_in_period(assessment.start, assessment.completion):
                row = self._person(assessment.child, assessment.start)
                row["assessment_start_date"] = date_of(assessment.start)
                row["assessment_completion_date"] = self._date(assessment.completion)
                row["organisation"] = assessment.organisation
                rows.append(row)
        return rows

    def referrals(self) -> list[Record]:
        rows = []
        for episode in self.history.episodes:
            if not self._in_period(episode.referral_day):
                continue
            child = episode.child
            row = self._person(child, episode.referral_day)
            row["referral_date"] = date_of(episode.referral_day)
            row["referral_source"] = episode.source
            row["referral_nfa"] = YES_NO[episode.nfa]
            row["referrals_last_12_months"] = self._in_last_year(child.referral_days)
            rows.append(self._team_and_worker(row, episode.referral_day, episode.case))
        return self._by_date(rows, "referral_date")

    def assessments(self) -> list[Record]:
        rows = []
        for episode in self.history.episodes:
            assessment = episode.assessment
            if assessment is None or not self._open_in_period(assessment.start, assessment.authorised):
                continue
            child = episode.child
            done = assessment.authorised is not None and assessment.authorised <= self.as_at
            row = self._person(child, assessment.start)
            row["disability"] = child.disability
            row["assessment_start_date"] = date_of(assessment.start)
            row["child_seen"] = assessment.child_seen if done else None
            row["assessment_authorised_date"] = self._date(assessment.authorised)
            row["further_action"] = YES_NO[assessment.further_action] if done and assessment.further_action is not None else None
            rows.append(self._team_and_worker(row, episode.referral_day, episode.case))
        return self._by_date(rows, "assessment_start_date")

    def s47_enquiries(self) -> list[Record]:
        rows = []
        for episode in self.history.episodes:
            enquiry = episode.s47
            if enquiry is None or enquiry.start > self.as_at:
                continue
            if not (self._in_period(enquiry.start) or self._in_period(enquiry.conference)):
                continue
            child = episode.child
            held = enquiry.conference is not None and enquiry.conference <= self.as_at
            unnecessary: str | None
            if enquiry.conference_working_days is not None:
                unnecessary = "false"
            else:
                decided = enquiry.decided_unnecessary is not None and enquiry.decided_unnecessary <= self.as_at
                unnecessary = "true" if decided else None
            row = self._person(child, enquiry.start)
            row["disability"] = child.disability
            row["s47_start_date"] = date_of(enquiry.start)
            row["icpc_not_required"] = unnecessary
            row["icpc_date"] = self._date(enquiry.conference)
            row["icpc_outcome_plan"] = YES_NO[bool(enquiry.outcome_plan)] if held else None
            row["s47_last_12_months"] = self._in_last_year(child.s47_days)
            row["icpc_last_12_months"] = self._in_last_year(child.icpc_days)
            rows.append(self._team_and_worker(row, enquiry.start, episode.case))
        return self._by_date(rows, "s47_start_date")

    def children_in_need(self) -> list[Record]:
        rows = []
        for episode in self.history.episodes:
            if episode.nfa or not self._open_in_period(episode.referral_day, episode.close_day):
                continue
            child = episode.child
            closed_on = episode.close_day if episode.close_day is not None and episode.close_day <= self.as_at else None
            row = self._person(child, self.as_at)
            row["disability"] = child.disability
            row["cin_start_date"] = date_of(episode.referral_day)
            row["primary_need"] = episode.primary_need
            row["last_seen_date"] = self._date(self._last_seen(episode))
            row["cin_closure_date"] = date_of(closed_on) if closed_on is not None else None
            row["closure_reason"] = episode.closure_reason if closed_on is not None else None
            row["case_status"] = self._case_status(episode)
            rows.append(self._team_and_worker(row, self._case_day(episode.referral_day, episode.close_day), episode.case))
        return self._by_date(rows, "cin_start_date")

    def _last_seen(self, episode: Episode) -> int | None:
        seen = []
        assessment = episode.assessment
        if assessment is not None and assessment.child_seen == "true":
            seen.append(assessment.start)
        for days in (episode.visits, episode.plan.visits if episode.plan else (), episode.care.visits if episode.care else ()):
            latest = _latest(days, self.as_at)
            if latest is not None:
                seen.append(latest)
        seen = [day for day in seen if day <= self.as_at]
        return max(seen) if seen else None

    def _case_status(self, episode: Episode) -> str:
        as_at = self.as_at
        if episode.close_day is not None and episode.close_day <= as_at:
            return "closed"
        care = episode.care
        if care is not None and care.start <= as_at and (care.end is None or care.end > as_at):
            return "looked_after"
        plan = episode.plan
        if plan is not None and plan.start <= as_at and (plan.end is None or plan.end > as_at):
            return "child_protection_plan"
        if episode.support_start is not None and episode.support_start <= as_at:
            return "child_in_need_plan"
        return "open_assessment"

    def child_protection_plans(self) -> list[Record]:
        rows = []
        for plan in self.history.plans:
            if not self._open_in_period(plan.start, plan.end):
                continue
            rows.append(self._plan_row(plan))
        return self._by_date(rows, "cpp_start_date")

    def _plan_row(self, plan: ChildProtectionPlan) -> Record:
        child = plan.child
        enquiry = plan.episode.s47
        visit = _latest_index(plan.visits, self.as_at)
        category = plan.categories[_latest_index([day for day, _ in plan.categories], self.as_at) or 0][1]
        emergency = enquiry is not None and enquiry.emergency_protection and self.half_year_ago < enquiry.start <= self.as_at
        row = self._person(child, self.as_at)
        row["disability"] = child.disability
        row["cpp_start_date"] = date_of(plan.start)
        row["initial_category"] = plan.categories[0][1]
        row["latest_category"] = category
        row["last_visit_date"] = date_of(plan.visits[visit]) if visit is not None else None
        row["seen_alone"] = plan.seen_alone[visit] if visit is not None else None
        row["last_review_date"] = self._date(_latest(plan.reviews, self.as_at))
        row["cpp_end_date"] = self._date(plan.end)
        row["emergency_protection"] = YES_NO[emergency]
        row["previous_plans"] = plan.previous_plans
        return self._team_and_worker(row, self._case_day(plan.start, plan.end), plan.episode.case)

    def children_in_care(self) -> list[Record]:
        rows = []
        for spell in self.history.spells:
            if self._open_in_period(spell.start, spell.end):
                rows.append(self._care_row(spell))
        return self._by_date(rows, "care_start_date")

    def _care_row(self, spell: CareSpell) -> Record:
        as_at = self.as_at
        child = spell.child
        ended_on = spell.end if spell.end is not None and spell.end <= as_at else None
        legal = spell.legal_statuses[_latest_index([day for day, _ in spell.legal_statuses], as_at) or 0]
        placement_index = _latest_index([placement.start for placement in spell.placements], as_at) or 0
        placement = spell.placements[placement_index]
        permanence = _latest_index([day for day, _ in spell.permanence], as_at)
        missing = _latest_index(spell.missing, as_at)
        row = self._person(child, as_at)
        row["uasc"] = YES_NO[child.uasc]
        row["disability"] = child.disability
        row["care_start_date"] = date_of(spell.start)
        row["category_of_need"] = spell.category_of_need
        row["subsequent_period"] = YES_NO[spell.subsequent_period]
        row["legal_status_start_date"] = date_of(legal[0])
        row["legal_status"] = legal[1]
        row["last_review_date"] = self._date(_latest(spell.reviews, as_at))
        row["last_visit_date"] = self._date(_latest(spell.visits, as_at))
        row["permanence_plan"] = spell.permanence[permanence][1] if permanence is not None else None
        row["last_iro_contact_date"] = self._date(_latest(spell.iro_contacts, as_at))
        row["last_health_assessment_date"] = self._date(_latest(spell.health_assessments, as_at))
        row["last_dental_check_date"] = self._date(_latest(spell.dental_checks, as_at))
        row["placements_last_12_months"] = self._placements_in_last_year(spell, placement_index)
        row["care_end_date"] = date_of(ended_on) if ended_on is not None else None
        row["care_end_reason"] = spell.end_reason if ended_on is not None else None
        row["placement_start_date"] = date_of(placement.start)
        row["placement_type"] = placement.placement_type
        row["placement_provider"] = placement.provider
        row["placement_postcode"] = placement.postcode
        row["placement_urn"] = placement.urn
        row["placement_location"] = placement.location
        row["placement_la"] = placement.local_authority
        row["missing_episodes"] = self._in_last_year(spell.missing)
        row["absent_episodes"] = self._in_last_year(spell.absent)
        row["return_interview_offered"] = YES_NO[spell.return_interviews[missing][0]] if missing is not None else None
        row["return_interview_accepted"] = YES_NO[spell.return_interviews[missing][1]] if missing is not None else None
        return self._team_and_worker(row, self._case_day(spell.start, spell.end), spell.episode.case)

    def _placements_in_last_year(self, spell: CareSpell, current: int) -> int:
        """Placements the child lived in at any time in the 12 months up to the extract day."""
        count = 0
        for index in range(current + 1):
            following = spell.placements[index + 1].start if index + 1 < len(spell.placements) else None
            if following is None or following > self.year_ago:
                count += 1
        return count

    def care_leavers(self) -> list[Record]:
        rows = []
        as_at = self.as_at
        for leaver in self.history.leavers:
            if leaver.left > as_at or leaver.until < self.since:
                continue
            child = leaver.child
            status = leaver.statuses[_latest_index([status.day for status in leaver.statuses], as_at) or 0]
            team, worker = leaver.case.at(min(as_at, leaver.until - 1))
            row = self._person(child, as_at)
            row["uasc"] = YES_NO[child.uasc]
            row["disability"] = child.disability
            row["team"] = team
            row["worker"] = worker
            row["personal_advisor"] = worker
            row["eligibility"] = "relevant" if age_on(child.birth, as_at) < 18 else "former_relevant"
            row["pathway_plan_review_date"] = self._date(_latest(leaver.pathway_reviews, as_at))
            row["in_touch"] = status.in_touch
            row["latest_contact_date"] = self._date(_latest(leaver.contacts, as_at))
            row["accommodation"] = status.accommodation
            row["accommodation_suitable"] = status.suitable
            row["activity"] = status.activity
            rows.append(row)
        return rows

    def adoption(self) -> list[Record]:
        rows = []
        for adoption in self.history.adoptions:
            finished = adoption.order if adoption.stopped is None else adoption.stopped
            if not self._open_in_period(adoption.decision, finished):
                continue
            child = adoption.child
            family = adoption.family
            row: Record = {
                "child_id": child.child_id,
                "family_id": family.family_id if family is not None and adoption.matched is not None and adoption.matched <= self.as_at else None,
                "gender": child.gender,
                "ethnicity": child.ethnicity,
                "date_of_birth": date_of(child.birth),
                "age": age_on(child.birth, self.as_at),
                "disability": child.disability,
                "care_start_date": date_of(adoption.spell.start),
                "adoption_decision_date": date_of(adoption.decision),
                "placement_order_date": self._date(adoption.placement_order),
                "matched_date": self._date(adoption.matched),
                "placed_date": self._date(adoption.placed),
                "adoption_order_date": self._date(adoption.order),
                "adoption_stopped_date": self._date(adoption.stopped),
                "adoption_stopped_reason": adoption.stopped_reason if adoption.stopped is not None and adoption.stopped <= self.as_at else None,
                "ffa_placed_date": self._date(adoption.fostering_for_adoption),
            }
            rows.append(row)
        return self._by_date(rows, "adoption_decision_date")

    def adopters(self) -> list[Record]:
        rows = []
        for family in self.history.families:
            finished = family.order if family.left is None else family.left
            if not self._open_in_period(family.enquiry, finished):
                continue
            placed = family.placed is not None and family.placed <= self.as_at
            left = family.left is not None and family.left <= self.as_at
            for adopter in family.adopters:
                rows.append(
                    {
                        "adopter_id": adopter.adopter_id,
                        "family_id": family.family_id,
                        "gender": adopter.gender,
                        "ethnicity": adopter.ethnicity,
                        "disability": adopter.disability,
                        "fostering_for_adoption": YES_NO[family.fostering_for_adoption],
                        "enquiry_date": date_of(family.enquiry),
                        "stage1_start_date": self._date(family.stage1_start),
                        "stage1_end_date": self._date(family.stage1_end),
                        "stage2_start_date": self._date(family.stage2_start),
                        "stage2_end_date": self._date(family.stage2_end),
                        "application_date": self._date(family.application),
                        "approved_date": self._date(family.approved),
                        "matched_date": self._date(family.matched),
                        "placed_date": self._date(family.placed),
                        "children_placed": family.children_placed if placed else None,
                        "adoption_order_date": self._date(family.order),
                        "left_date": self._date(family.left),
                        "left_reason": family.left_reason if left else None,
                    }
                )
        return self._by_date(rows, "enquiry_date")

    @staticmethod
    def _by_date(rows: list[Record], key: str) -> list[Record]:
        """Rows in date order, then by id, as a case management system's report sorts them."""
        return sorted(rows, key=lambda row: (row[key], str(row.get("child_id") or row.get("adopter_id"))))
