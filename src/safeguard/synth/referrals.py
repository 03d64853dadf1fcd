"""The referrals the council will receive, decided up front for the whole simulated history.

Each financial year gets exactly England's rate of referrals for its population, spread over
the days by season (fewer in August and over Christmas, few at weekends and on bank holidays).
Each referral's outcome and timeliness are drawn with stratified uniforms within its year, so
the year's shares (no further action, section 47, conference, plan, repeat plan, assessments
in time, conferences in time) land on England's figures at any size of council, while which
child gets which outcome, and the month-to-month counts, stay random.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from safeguard.calendar import WorkingDays
from safeguard.synth.calibration import Calibration
from safeguard.synth.journeys import Destiny
from safeguard.synth.randomness import stratified_uniforms
from safeguard.synth.scenarios import ScenarioEffects
from safeguard.synth.timeline import add_months, date_of, financial_year_end, thirty_first_march

MONTH_FACTORS = {1: 1.02, 2: 1.03, 3: 1.05, 4: 0.96, 5: 1.04, 6: 1.06, 7: 1.04, 8: 0.76, 9: 1.0, 10: 1.05, 11: 1.08, 12: 0.97}
"""Referrals by month relative to an average month: schools' holidays show in August."""
WEEKDAY_FACTORS = (1.08, 1.05, 1.05, 1.04, 0.95, 0.17, 0.13)
BANK_HOLIDAY_FACTOR = 0.18
CHRISTMAS_FACTOR = 0.45
"""From Christmas Eve to New Year's Day most agencies that refer are closed or quiet."""

OLDER_PREVIOUS_SHARE = 0.18
"""Referrals of children last referred more than 12 months before."""
CARE_FROM_PLAN_SHARE = 0.12
"""Child protection plans that end because the child comes into care."""
S47_SHARE_OF_DIRECT_CARE = 0.55
"""Children coming into care straight from a referral: the share where a section 47 enquiry came first."""
UASC_SHARE_OF_NEW_CHILDREN_INTO_CARE = 0.3
"""Children new to the council coming into care straight after assessment who are unaccompanied asylum seekers."""
SUPPORT_AFTER_S47_SHARE = 0.45
SUPPORT_AFTER_ASSESSMENT_SHARE = 0.42
"""Assessments (without an enquiry) that lead to a child in need plan rather than closure."""

CONFERENCE_LAG_DAYS = 21
"""About how long after the referral an initial conference is held."""
AUTHORISATION_LAG_DAYS = 40
"""About how long after the referral an assessment is authorised."""
LONG_PLAN_MONTHS = 27
"""A plan planned to run past two years ends at its fifth review: 3 months and then 4 times 6 months."""

FRESH, WITHIN_TWELVE_MONTHS, EARLIER = 0, 1, 2
"""Whom a referral is about: a child new to the council, one referred in the last 12 months, or one referred before that."""


@dataclass(frozen=True)
class Arrivals:
    """All referrals in day order, with what was decided for each."""

    days: np.ndarray
    destinies: list[Destiny]
    previous: np.ndarray
    """FRESH, WITHIN_TWELVE_MONTHS or EARLIER."""
    repeat_plan: np.ndarray
    """For referrals heading for a plan: the child should have had a plan before."""
    long_plan: np.ndarray
    assessment_working_days: np.ndarray
    conference_working_days: np.ndarray
    asylum_seeker: np.ndarray


def day_weights(first: int, last: int, working_days: WorkingDays) -> np.ndarray:
    """Relative chance of a referral arriving on each day from ``first`` to ``last``."""
    weights = np.empty(last - first + 1)
    for index, day in enumerate(range(first, last + 1)):
        value = date_of(day)
        weight = MONTH_FACTORS[value.month] * WEEKDAY_FACTORS[value.weekday()]
        if value.weekday() < 5 and working_days.on_or_after(day) != day:
            weight = MONTH_FACTORS[value.month] * BANK_HOLIDAY_FACTOR
        if (value.month == 12 and value.day >= 24) or (value.month == 1 and value.day == 1):
            weight *= CHRISTMAS_FACTOR
        weights[index] = weight
    return weights


def destiny_shares(calibration: Calibration, year: int) -> list[tuple[Destiny, float]]:
    """Each destiny's share of the referrals in the year ending March ``year``."""
    referrals = calibration.value("referrals_rate_per_10k", year)
    nfa = calibration.fraction("referrals_nfa_pct", year)
    s47 = calibration.value("s47_rate_per_10k", year) / referrals
    conference = calibration.value("icpc_rate_per_10k", year) / referrals
    plan = min(calibration.value("cpp_starts_rate_per_10k", year) / referrals, conference)
    direct_care = max(
        0.0,
        calibration.value("cla_starts_rate_per_10k", year) - CARE_FROM_PLAN_SHARE * calibration.value("cpp_starts_rate_per_10k", year),
    ) / referrals
    s47_care = S47_SHARE_OF_DIRECT_CARE * direct_care
    assessment_care = direct_care - s47_care
    s47_rest = max(s47 - conference - s47_care, 0.0)
    assessment_rest = max(1.0 - nfa - s47 - assessment_care, 0.0)
    shares = [
        (Destiny.NO_FURTHER_ACTION, nfa),
        (Destiny.CHILD_PROTECTION_PLAN, plan),
        (Destiny.CONFERENCE_NO_PLAN, conference - plan),
        (Destiny.S47_INTO_CARE, s47_care),
        (Destiny.S47_CHILD_IN_NEED, s47_rest * SUPPORT_AFTER_S47_SHARE),
        (Destiny.S47_CLOSED, s47_rest * (1 - SUPPORT_AFTER_S47_SHARE)),
        (Destiny.ASSESSMENT_INTO_CARE, assessment_care),
        (Destiny.ASSESSMENT_CHILD_IN_NEED, assessment_rest * SUPPORT_AFTER_ASSESSMENT_SHARE),
        (Destiny.ASSESSMENT_CLOSED, assessment_rest * (1 - SUPPORT_AFTER_ASSESSMENT_SHARE)),
    ]
    total = sum(share for _, share in shares)
    return [(destiny, share / total) for destiny, share in shares]


def _cumulative(shares: list[tuple[Destiny | None, float]]) -> tuple[list[Destiny | None], np.ndarray]:
    cumulative = np.cumsum([share for _, share in shares])
    cumulative /= cumulative[-1]
    return [destiny for destiny, _ in shares], cumulative


def referral_outcomes(calibration: Calibration, year: int) -> tuple[list[Destiny | None], np.ndarray]:
    """The first decision on a referral: no further action, a section 47 enquiry (None here: its
    outcome is drawn by `enquiry_outcomes`), or an assessment alone with its outcome."""
    shares = destiny_shares(calibration, year)
    enquiries = sum(share for destiny, share in shares if destiny.has_s47)
    first: list[tuple[Destiny | None, float]] = [(destiny, share) for destiny, share in shares if not destiny.has_s47]
    return _cumulative([*first[:1], (None, enquiries), *first[1:]])


def enquiry_outcomes(calibration: Calibration, year: int) -> tuple[list[Destiny | None], np.ndarray]:
    """Where section 47 enquiries lead, for enquiries whose conference would fall in the year ending March ``year``."""
    return _cumulative([(destiny, share) for destiny, share in destiny_shares(calibration, year) if destiny.has_s47])


def conference_bands(calibration: Calibration, year: int) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Cumulative chances of a conference falling in each band of working days after the strategy
    discussion (0-10, 11-15, 16-20, 21+), shaped like England's published counts."""
    in_time = calibration.fraction("icpc_within_15wd_pct", year)
    early = calibration.value("icpc_0_10wd", year)
    on_time = calibration.value("icpc_11_15wd", year)
    late = calibration.value("icpc_16_20wd", year)
    very_late = calibration.value("icpc_21plus_wd", year)
    shares = [
        in_time * early / (early + on_time),
        in_time * on_time / (early + on_time),
        (1 - in_time) * late / (late + very_late),
        (1 - in_time) * very_late / (late + very_late),
    ]
    return np.cumsum(shares), [(6, 10), (11, 15), (16, 20), (21, 35)]


def plan_arrivals(
    first: int,
    last: int,
    calibration: Calibration,
    population: dict[int, int],
    effects: ScenarioEffects,
    working_days: WorkingDays,
    generator: np.random.Generator,
) -> Arrivals:
    """Every referral from ``first`` to ``last`` with its destiny and timings.

    Each kind of decision draws from its own stream (spawned from ``generator``), so a scenario
    that changes one kind from its start date changes nothing else, and nothing before it.
    """
    arrival, destiny_draws, history_draws, asylum_draws, plan_draws, timing_draws, enquiry_draws = generator.spawn(7)
    day_chunks: list[np.ndarray] = []
    years: list[int] = []
    for year in range(financial_year_end(first), financial_year_end(last) + 1):
        year_first = date(year - 1, 4, 1).toordinal()
        year_last = thirty_first_march(year)
        weights = day_weights(year_first, year_last, working_days)
        expected = calibration.value("referrals_rate_per_10k", year) * population[year - 1] / 10_000
        inside = slice(max(first, year_first) - year_first, min(last, year_last) - year_first + 1)
        count = round(expected * weights[inside].sum() / weights.sum())
        counts = arrival.multinomial(count, weights[inside] / weights[inside].sum())
        day_chunks.append(np.repeat(np.arange(max(first, year_first), min(last, year_last) + 1), counts))
        years.append(year)
    days = np.concatenate(day_chunks).astype(np.int64)
    total = len(days)
    destinies: list[Destiny | None] = [Destiny.NO_FURTHER_ACTION] * total
    previous = np.zeros(total, dtype=np.int8)
    repeat_plan = np.zeros(total, dtype=bool)
    long_plan = np.zeros(total, dtype=bool)
    asylum_seeker = np.zeros(total, dtype=bool)
    assessment_days = _assessment_working_days(total, timing_draws)
    conference_days = np.zeros(total, dtype=np.int64)
    offset = 0
    for year, chunk in zip(years, day_chunks):
        rows = np.arange(offset, offset + len(chunk))
        offset += len(chunk)
        if not len(rows):
            continue
        order, cumulative = referral_outcomes(calibration, year)
        picked = np.minimum(np.searchsorted(cumulative, stratified_uniforms(destiny_draws, len(rows)), side="right"), len(order) - 1)
        for row, index in zip(rows, picked):
            destinies[row] = order[index]
        within = calibration.fraction("rereferrals_within_12m_pct", year) + np.array([effects.re_referral_rise(int(day)) for day in chunk])
        known = stratified_uniforms(history_draws, len(rows))
        previous[rows] = np.where(known < within, WITHIN_TWELVE_MONTHS, np.where(known < within + OLDER_PREVIOUS_SHARE, EARLIER, FRESH))
        care_rows = rows[[destinies[row] is Destiny.ASSESSMENT_INTO_CARE for row in rows]]
        asylum = stratified_uniforms(asylum_draws, len(care_rows)) < UASC_SHARE_OF_NEW_CHILDREN_INTO_CARE
        asylum_seeker[care_rows] = asylum & (previous[care_rows] == FRESH)
    _decide_enquiries(days, destinies, calibration, enquiry_draws)
    _decide_plans(days, destinies, calibration, plan_draws, repeat_plan, long_plan)
    _decide_timeliness(days, destinies, calibration, timing_draws, assessment_days, conference_days)
    return Arrivals(days, _decided(destinies), previous, repeat_plan, long_plan, assessment_days, conference_days, asylum_seeker)


def _decided(destinies: list[Destiny | None]) -> list[Destiny]:
    """The destinies once every enquiry's outcome is drawn (``_decide_enquiries`` fills each None)."""
    decided = [destiny for destiny in destinies if destiny is not None]
    if len(decided) != len(destinies):
        raise ValueError("a referral's section 47 enquiry was left without an outcome")
    return decided


def _by_year_of(days: np.ndarray, rows: np.ndarray, lag_days: int, months: int = 0) -> dict[int, np.ndarray]:
    """``rows`` grouped by the financial year in which something ``lag_days`` (and ``months``)
    after each referral falls, so that shares drawn within a group land in the year they are counted."""
    groups: dict[int, list[int]] = {}
    for row in rows.tolist():
        groups.setdefault(financial_year_end(add_months(int(days[row]) + lag_days, months)), []).append(row)
    return {year: np.array(members, dtype=np.int64) for year, members in sorted(groups.items())}


def _decide_enquiries(days: np.ndarray, destinies: list[Destiny | None], calibration: Calibration, generator: np.random.Generator) -> None:
    """Where each section 47 enquiry leads, drawn within the year its conference would be held, so
    that conferences and plans started in a year land on that year's rates."""
    enquiries = np.array([row for row, destiny in enumerate(destinies) if destiny is None], dtype=np.int64)
    for year, rows in _by_year_of(days, enquiries, CONFERENCE_LAG_DAYS).items():
        order, cumulative = enquiry_outcomes(calibration, year)
        picked = np.minimum(np.searchsorted(cumulative, stratified_uniforms(generator, len(rows)), side="right"), len(order) - 1)
        for row, index in zip(rows.tolist(), picked):
            destinies[row] = order[index]


def _decide_plans(days, destinies, calibration, generator, repeat_plan, long_plan) -> None:
    """Which plans are for children who had one before (counted in the year the plan starts), and
    which will run past two years (counted in the year they end, about 27 months later)."""
    plan_rows = np.array([row for row, destiny in enumerate(destinies) if destiny is Destiny.CHILD_PROTECTION_PLAN], dtype=np.int64)
    for year, rows in _by_year_of(days, plan_rows, CONFERENCE_LAG_DAYS).items():
        repeat_plan[rows] = stratified_uniforms(generator, len(rows)) < calibration.fraction("cpp_second_or_subsequent_pct", year)
    for year, rows in _by_year_of(days, plan_rows, CONFERENCE_LAG_DAYS, LONG_PLAN_MONTHS).items():
        started = np.array([financial_year_end(int(days[row])) for row in rows])
        ending = calibration.value("cpp_starts_rate_per_10k", year)
        share = calibration.fraction("cpp_ceased_lasting_2yrs_plus_pct", year) * np.array(
            [ending / calibration.value("cpp_starts_rate_per_10k", int(start)) for start in started]
        )
        long_plan[rows] = stratified_uniforms(generator, len(rows)) < share


def _decide_timeliness(days, destinies, calibration, generator, assessment_days, conference_days) -> None:
    """Which assessments and conferences are in time, drawn within the year they are completed or held."""
    assessed = np.array([row for row, destiny in enumerate(destinies) if destiny is not Destiny.NO_FURTHER_ACTION], dtype=np.int64)
    for year, rows in _by_year_of(days, assessed, AUTHORISATION_LAG_DAYS).items():
        late = rows[stratified_uniforms(generator, len(rows)) >= calibration.fraction("assessments_within_45wd_pct", year)]
        assessment_days[late] = 46 + np.floor(generator.exponential(14.0, len(late))).astype(np.int64)
    conferences = np.array([row for row, destiny in enumerate(destinies) if destiny.has_conference], dtype=np.int64)
    for year, rows in _by_year_of(days, conferences, CONFERENCE_LAG_DAYS).items():
        cumulative, bands = conference_bands(calibration, year)
        band = np.minimum(np.searchsorted(cumulative, stratified_uniforms(generator, len(rows)), side="right"), len(bands) - 1)
        lows = np.array([bands[index][0] for index in band])
        highs = np.array([bands[index][1] for index in band])
        conference_days[rows] = lows + np.floor(generator.random(len(rows)) * (highs - lows + 1)).astype(np.int64)


def _assessment_working_days(count: int, generator: np.random.Generator) -> np.ndarray:
    """Working days to authorise an assessment done in time: most take four to eight weeks."""
    band = generator.random(count)
    quick = 8 + np.floor(generator.random(count) * 13)
    usual = 21 + np.floor(generator.random(count) * 20)
    close = 41 + np.floor(generator.random(count) * 5)
    return np.where(band < 0.3, quick, np.where(band < 0.85, usual, close)).astype(np.int64)
