"""The recorded detail of each case, written once the journeys are known: visits, reviews, health
and dental checks, placements and their moves, legal statuses, permanence plans, missing
episodes and return interviews, care leavers' contacts and circumstances.

None of this changes where a child's journey goes, so it is drawn after the simulation from its
own random stream, in the order the cases were opened. Timescales follow the statutory ones
(DOMAIN §4): plan visits at most every 10 working days for most, looked-after reviews at 20
working days, 3 months and then every 6 months, social work visits at most every 6 weeks.
"""

from __future__ import annotations

from safeguard.calendar import WorkingDays
from safeguard.synth.council import COUNCIL_NAME
from safeguard.synth.journeys import CareLeaver, CareSpell, ChildProtectionPlan, Episode, LeaverStatus, Placement
from safeguard.synth.randomness import CaseStreams, Draws, WeightedChoice
from safeguard.synth.scenarios import ScenarioEffects
from safeguard.synth.timeline import add_months, age_on, birthday, month_end, month_start

BABY_PLACEMENTS = WeightedChoice([("U6", 55.0), ("U3", 20.0), ("U4", 5.0), ("R3", 10.0), ("U1", 5.0), ("P1", 5.0)])
CHILD_PLACEMENTS = WeightedChoice([("U6", 50.0), ("U4", 20.0), ("U3", 12.0), ("U1", 10.0), ("K2", 3.0), ("P1", 5.0)])
TEEN_PLACEMENTS = WeightedChoice(
    [("U6", 38.0), ("U4", 22.0), ("U3", 8.0), ("U1", 7.0), ("K2", 18.0), ("P1", 4.0), ("K1", 1.0), ("S1", 2.0)]
)
OLDER_PLACEMENTS = WeightedChoice([("U6", 25.0), ("U4", 15.0), ("U3", 5.0), ("K2", 15.0), ("H5", 33.0), ("P2", 5.0), ("R5", 2.0)])
ASYLUM_SEEKER_PLACEMENTS = WeightedChoice([("H5", 55.0), ("U6", 35.0), ("K2", 10.0)])
PROVIDERS = {
    "U1": WeightedChoice([("PR1", 1.0)]),
    "U2": WeightedChoice([("PR1", 1.0)]),
    "U3": WeightedChoice([("PR1", 1.0)]),
    "U4": WeightedChoice([("PR1", 62.0), ("PR4", 33.0), ("PR5", 5.0)]),
    "U5": WeightedChoice([("PR1", 70.0), ("PR5", 30.0)]),
    "U6": WeightedChoice([("PR1", 62.0), ("PR4", 33.0), ("PR5", 5.0)]),
    "K1": WeightedChoice([("PR2", 60.0), ("PR4", 40.0)]),
    "K2": WeightedChoice([("PR4", 75.0), ("PR1", 15.0), ("PR5", 10.0)]),
    "H5": WeightedChoice([("PR4", 80.0), ("PR1", 20.0)]),
    "P1": WeightedChoice([("PR0", 1.0)]),
    "P2": WeightedChoice([("PR1", 1.0)]),
    "R3": WeightedChoice([("PR4", 70.0), ("PR5", 30.0)]),
    "R5": WeightedChoice([("PR3", 1.0)]),
    "S1": WeightedChoice([("PR4", 60.0), ("PR5", 40.0)]),
    "A5": WeightedChoice([("PR1", 70.0), ("PR5", 30.0)]),
    "A6": WeightedChoice([("PR1", 70.0), ("PR5", 30.0)]),
}
IN_AREA_CHANCE = {"PR0": 0.9, "PR1": 0.65, "PR2": 0.0, "PR3": 0.2, "PR4": 0.3, "PR5": 0.4}
REGISTERED_HOMES = frozenset({"K1", "K2", "S1"})
"""Placement types that are registered settings with an Ofsted URN."""
OTHER_COUNCILS = ("Eastmoor", "Westvale", "Southbridge", "Kingsford", "Marshfield", "Hollinbury", "Ashcombe", "Redwater")
"""Fictional neighbouring councils, for placements out of the area."""
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXY"

PERMANENCE_FOR_YOUNGER = WeightedChoice(
    [("long_term_fostering", 48.0), ("return_to_family", 27.0), ("sgo_cao", 20.0), ("other", 5.0)]
)
PERMANENCE_FOR_OLDER = WeightedChoice([("supported_living", 55.0), ("long_term_fostering", 40.0), ("other", 5.0)])
IN_TOUCH = WeightedChoice([("yes", 88.0), ("no", 6.0), ("refused", 3.0), ("not_recorded", 3.0)])
ACCOMMODATION = WeightedChoice(
    [("U", 35.0), ("D", 20.0), ("E", 8.0), ("Z", 12.0), ("B", 10.0), ("C", 2.0), ("K", 3.0), ("X", 2.0), ("S", 1.0), ("Y", 7.0)]
)
ACTIVITY = WeightedChoice(
    [("F1", 7.0), ("P1", 1.0), ("F2", 25.0), ("P2", 3.0), ("F4", 4.0), ("P4", 1.0), ("F5", 17.0), ("P5", 4.0), ("G4", 8.0), ("G5", 25.0), ("G6", 5.0)]
)
SEEN_ALONE = WeightedChoice([("true", 72.0), ("false", 22.0), ("unknown", 6.0)])
UNSTABLE_SHARE = 0.22
CARE_ASPECTS = ("legal status", "placements", "reviews", "visits", "independent reviewing officer", "health", "dental", "missing", "permanence")
"""Children in care whose placements break down repeatedly; the rest rarely move."""


class Casework:
    """Writes the detail of every case into the journey records, each case from its own random stream."""

    def __init__(self, seed: int, working_days: WorkingDays, last_day: int, effects: ScenarioEffects) -> None:
        self._plans = CaseStreams(seed, "plan casework")
        self._support = CaseStreams(seed, "child in need casework")
        self._care = {aspect: CaseStreams(seed, f"care casework: {aspect}") for aspect in CARE_ASPECTS}
        self._leavers = CaseStreams(seed, "care leaver casework")
        self.draws: Draws
        self.days = working_days
        self.last_day = last_day
        self.effects = effects

    def _visits(self, first: int, until: int, low: int, high: int, late_share: float, late_high: int) -> list[int]:
        """Visit days from ``first`` to ``until``: gaps of ``low``-``high`` days, a share of them longer."""
        draws = self.draws
        visits = []
        day = first
        while day <= until:
            visits.append(day)
            gap = draws.integer(high + 1, late_high) if draws.chance(late_share) else draws.integer(low, high)
            day += gap
        return visits

    def plan(self, plan: ChildProtectionPlan) -> None:
        """Statutory visits while the plan is open (most within 10 working days of the last)."""
        self.draws = self._plans.for_case(plan.number)
        until = min(plan.end if plan.end is not None else self.last_day, self.last_day)
        days = self.days
        draws = self.draws
        visit = days.deadline(plan.start, draws.integer(1, 5))
        baby = plan.child.birth
        while visit <= until:
            plan.visits.append(visit)
            plan.seen_alone.append("false" if age_on(baby, visit) < 2 else draws.pick(SEEN_ALONE))
            gap = draws.integer(11, 18) if draws.chance(0.12) else draws.integer(4, 10)
            visit = days.deadline(visit, gap)

    def support(self, episode: Episode) -> None:
        """Visits while a child in need plan is open (about monthly)."""
        if episode.support_start is None:
            return
        self.draws = self._support.for_case(episode.number)
        until = min(episode.support_end if episode.support_end is not None else self.last_day, self.last_day)
        episode.visits = self._visits(episode.support_start + self.draws.integer(3, 15), until, 15, 40, 0.1, 70)

    def care(self, spell: CareSpell) -> None:
        """Every recorded detail of a time in care, each aspect from its own stream, so that a
        change late in a child's time in care leaves what was recorded before it as it was."""
        until = min(spell.end if spell.end is not None else self.last_day, self.last_day)
        streams = self._care
        self.draws = streams["legal status"].for_case(spell.number)
        self._legal_statuses(spell, until)
        self.draws = streams["placements"].for_case(spell.number)
        self._placements(spell, until)
        self.draws = streams["reviews"].for_case(spell.number)
        self._reviews(spell, until)
        self.draws = streams["visits"].for_case(spell.number)
        spell.visits = self._visits(spell.start + self.draws.integer(1, 7), until, 14, 42, 0.12, 70)
        self.draws = streams["independent reviewing officer"].for_case(spell.number)
        between = [review + self.draws.integer(40, 90) for review in spell.reviews if self.draws.chance(0.5)]
        spell.iro_contacts = sorted(day for day in set(spell.reviews + between) if day <= until)
        self.draws = streams["health"].for_case(spell.number)
        self._health(spell, until)
        self.draws = streams["dental"].for_case(spell.number)
        self._dental(spell, until)
        self.draws = streams["missing"].for_case(spell.number)
        self._missing(spell, until)
        self.draws = streams["permanence"].for_case(spell.number)
        self._permanence(spell, until)

    def _legal_statuses(self, spell: CareSpell, until: int) -> None:
        draws = self.draws
        start = spell.start
        statuses = spell.legal_statuses
        if not statuses:
            enquiry = spell.episode.s47
            if spell.route == "s47" and enquiry is not None and enquiry.emergency_protection:
                statuses.append((start, "L2" if draws.chance(0.6) else "L1"))
                statuses.append((self.days.deadline(start, draws.integer(3, 8)), "C1"))
            elif spell.child.uasc:
                statuses.append((start, "V2"))
            elif spell.route == "plan":
                statuses.append((start, "C1" if draws.chance(0.55) else "V2"))
            elif spell.route == "s47":
                statuses.append((start, "C1" if draws.chance(0.6) else "V2"))
            else:
                statuses.append((start, "V2" if draws.chance(0.65) else "C1"))
        if statuses[-1][1] == "V2" and not spell.child.uasc and draws.chance(0.25):
            statuses.append((statuses[-1][0] + draws.integer(60, 300), "C1"))
        if statuses[-1][1] == "C1":
            statuses.append((statuses[-1][0] + draws.integer(150, 300), "C2"))
        adoption = spell.adoption
        if adoption is not None and adoption.placement_order is not None:
            statuses[:] = [status for status in statuses if status[0] < adoption.placement_order]
            statuses.append((adoption.placement_order, "E1"))
        statuses[:] = [status for index, status in enumerate(statuses) if index == 0 or status[0] < until]

    def _placement(self, spell: CareSpell, day: int, placement_type: str | None = None) -> Placement:
        draws = self.draws
        child = spell.child
        if placement_type is None:
            age = age_on(child.birth, day)
            if child.uasc:
                table = ASYLUM_SEEKER_PLACEMENTS
            elif age < 1:
                table = BABY_PLACEMENTS
            elif age < 10:
                table = CHILD_PLACEMENTS
            elif age < 16:
                table = TEEN_PLACEMENTS
            else:
                table = OLDER_PLACEMENTS
            placement_type = draws.pick(table)
        provider = draws.pick(PROVIDERS[placement_type])
        in_area = draws.chance(IN_AREA_CHANCE[provider])
        area = "QX" if in_area else ("QY" if draws.chance(0.5) else "QZ")
        postcode = (
            f"{area}{draws.integer(1, 9)} {draws.integer(1, 9)}"
            f"{POSTCODE_LETTERS[draws.integer(0, len(POSTCODE_LETTERS) - 1)]}{POSTCODE_LETTERS[draws.integer(0, len(POSTCODE_LETTERS) - 1)]}"
        )
        urn = f"SC{draws.integer(100000, 999999)}" if placement_type in REGISTERED_HOMES else None
        authority = COUNCIL_NAME if in_area else OTHER_COUNCILS[draws.integer(0, len(OTHER_COUNCILS) - 1)]
        return Placement(day, placement_type, provider, postcode, urn, "in" if in_area else "out", authority)

    def _placements(self, spell: CareSpell, until: int) -> None:
        """The first placement, moves (a minority of children move often), and for adoption the
        fostering-for-adoption placement and the placement with adopters."""
        draws = self.draws
        adoption = spell.adoption
        placed = adoption.placed if adoption is not None and adoption.placed is not None and adoption.placed <= until else None
        settled = placed if placed is not None else until
        spell.placements.append(self._placement(spell, spell.start))
        if adoption is not None and adoption.fostering_for_adoption is not None and adoption.fostering_for_adoption < settled:
            spell.placements.append(self._placement(spell, adoption.fostering_for_adoption, "U5" if draws.chance(0.7) else "U2"))
        else:
            moves_a_year = 2.2 if draws.chance(UNSTABLE_SHARE) else 0.25
            day = spell.start + 7 + int(draws.exponential(365 / moves_a_year))
            while day < settled:
                spell.placements.append(self._placement(spell, day))
                day += 7 + int(draws.exponential(365 / moves_a_year))
        if placed is not None:
            spell.placements.append(self._placement(spell, placed, "A5" if draws.chance(0.3) else "A6"))

    def _reviews(self, spell: CareSpell, until: int) -> None:
        """Looked-after reviews: within 20 working days, then 3 months, then every 6 months."""
        draws = self.draws
        days = self.days
        late = draws.chance(0.1)
        review = days.deadline(spell.start, draws.integer(21, 35) if late else draws.integer(10, 20))
        months = 3
        while review <= until:
            spell.reviews.append(review)
            due = add_months(review, months)
            review = days.on_or_after(due + draws.integer(5, 30)) if draws.chance(0.1) else days.on_or_before(due - draws.integer(0, 14))
            months = 6

    def _health(self, spell: CareSpell, until: int) -> None:
        """Health assessments: within 20 working days of coming into care, then 6-monthly under 5 and yearly after."""
        draws = self.draws
        days = self.days
        first = days.deadline(spell.start, draws.integer(21, 60) if draws.chance(0.15) else draws.integer(8, 20))
        check = first
        while check <= until:
            spell.health_assessments.append(check)
            months = 6 if age_on(spell.child.birth, check) < 5 else 12
            check = days.on_or_after(add_months(check, months) + draws.integer(-20, 40))

    def _dental(self, spell: CareSpell, until: int) -> None:
        """Dental checks, about yearly; some are missed."""
        draws = self.draws
        days = self.days
        dental = spell.start + draws.integer(60, 240)
        while dental <= until:
            if draws.chance(0.82):
                spell.dental_checks.append(days.on_or_after(dental))
            dental += draws.integer(300, 420)

    def _missing(self, spell: CareSpell, until: int) -> None:
        """Missing and absent episodes month by month: teenagers far more often, and more after a
        rising_missing_from_care scenario starts. Months are drawn in order, so a scenario changes
        nothing before its start."""
        draws = self.draws
        prone = draws.uniform()
        wanders = draws.uniform()
        month = month_start(spell.start)
        while month <= until:
            first = max(month, spell.start)
            last = min(month_end(month), until)
            teenager = age_on(spell.child.birth, first) >= 11
            multiplier = self.effects.missing_multiplier(first)
            if prone < (0.2 if teenager else 0.012) * multiplier:
                for _ in range(draws.poisson(0.5 * multiplier**0.5)):
                    spell.missing.append(draws.integer(first, last))
                    offered = draws.chance(0.85)
                    spell.return_interviews.append((offered, offered and draws.chance(0.6)))
            if wanders < (0.05 if teenager else 0.005):
                spell.absent.extend(draws.integer(first, last) for _ in range(draws.poisson(0.4)))
            month = month_end(month) + 1
        episodes = sorted(zip(spell.missing, spell.return_interviews))
        spell.missing = [day for day, _ in episodes]
        spell.return_interviews = [interview for _, interview in episodes]
        spell.absent.sort()

    def _permanence(self, spell: CareSpell, until: int) -> None:
        """The plan for permanence, recorded at the second review (about 4 months in)."""
        draws = self.draws
        decided = spell.reviews[1] if len(spell.reviews) > 1 else None
        adoption = spell.adoption
        if adoption is not None and adoption.decision <= until:
            spell.permanence.append((adoption.decision, "adoption"))
            if adoption.stopped is not None and adoption.stopped <= until:
                spell.permanence.append((adoption.stopped, "long_term_fostering"))
            return
        if decided is None:
            return
        if spell.end_reason in ("E45", "E46", "E47", "E48"):
            plan = "sgo_cao"
        elif spell.end_reason in ("E4A", "E4B") and draws.chance(0.8):
            plan = "return_to_family"
        elif age_on(spell.child.birth, decided) >= 15:
            plan = draws.pick(PERMANENCE_FOR_OLDER)
        elif spell.placements and spell.placements[-1].placement_type == "K2":
            plan = "long_term_residential"
        else:
            plan = draws.pick(PERMANENCE_FOR_YOUNGER)
        spell.permanence.append((decided, plan))

    def leaver(self, leaver: CareLeaver) -> None:
        """Pathway plan reviews (6-monthly), contacts (every few weeks) and yearly circumstances."""
        draws = self.draws = self._leavers.for_case(leaver.spell.number)
        until = min(leaver.until, self.last_day)
        review = leaver.left + draws.integer(20, 90)
        while review <= until:
            leaver.pathway_reviews.append(review)
            review = add_months(review, 6) + draws.integer(-14, 30)
        birthdays = [birthday(leaver.child.birth, age) for age in range(17, 22)]
        for day in [leaver.left] + [day for day in birthdays if leaver.left < day <= until]:
            in_touch = draws.pick(IN_TOUCH)
            if in_touch == "yes":
                status = LeaverStatus(day, in_touch, draws.pick(ACCOMMODATION), "suitable" if draws.chance(0.88) else "not_suitable", draws.pick(ACTIVITY))
            else:
                status = LeaverStatus(day, in_touch, None, None, None)
            leaver.statuses.append(status)
        contact = leaver.left + draws.integer(7, 40)
        while contact <= until:
            leaver.contacts.append(contact)
            contact += draws.integer(20, 70)
