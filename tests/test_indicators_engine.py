"""Every indicator on hand-made returns, with the answers worked out by hand in the comments.

Two returns, as a council would load them a year apart: ``last_year`` covers April 2022 to
March 2023 and ``this_year`` April 2023 to March 2024. Figures are for the financial year
2023-24 unless a test says otherwise, with a population of 20,000 children so that one event is
0.5 per 10,000.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from indicator_returns import assessment, care, episode_of_need, plan, referral, s47, write_return
from safeguard.council import LocalStandards
from safeguard.indicators.catalogue import INDICATORS, indicator
from safeguard.indicators.engine import NO_RETURN_AT_END, IndicatorValue, compute, monthly_series
from safeguard.indicators.history import ReturnFolder
from safeguard.indicators.population import FixedPopulation

YEAR_START, YEAR_END = date(2023, 4, 1), date(2024, 3, 31)
POPULATION = FixedPopulation(20_000)
STANDARDS = LocalStandards()


@pytest.fixture(autouse=True)
def own_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFEGUARD_HOME", str(tmp_path / "home"))


def two_years(root: Path, last_year: dict, this_year: dict) -> list[ReturnFolder]:
    return [
        write_return(root, "20230331-aaaaaaaa", date(2022, 4, 1), date(2023, 3, 31), last_year),
        write_return(root, "20240331-bbbbbbbb", YEAR_START, YEAR_END, this_year),
    ]


def year_values(returns: list[ReturnFolder], ids: list[str], **options) -> dict[str, IndicatorValue]:
    options.setdefault("population", POPULATION)
    options.setdefault("standards", STANDARDS)
    return {value.id: value for value in compute(returns, YEAR_START, YEAR_END, ids=ids, **options)}


def figures(value: IndicatorValue) -> tuple[int | None, int | None, float | None]:
    return value.numerator, value.denominator, None if value.value is None else round(value.value, 4)


def test_referrals_re_referrals_and_no_further_action(tmp_path: Path) -> None:
    returns = two_years(
        tmp_path,
        {
            "referrals": [
                referral("A", date(2022, 6, 10)),
                referral("B", date(2022, 4, 5)),
                referral("D", date(2023, 2, 28)),
                referral("F", date(2023, 3, 1)),
            ]
        },
        {
            "referrals": [
                referral("A", date(2023, 5, 10)),  # 11 months after 10 June 2022: a re-referral
                referral("B", date(2023, 5, 6), nfa=True),  # 13 months and a day after 5 April 2022: not
                referral("C", date(2023, 5, 15)),  # first referral of C
                referral("C", date(2024, 3, 15)),  # 10 months after C's first: a re-referral
                referral("D", date(2024, 2, 29)),  # leap day: 12 months back is 28 Feb 2023, on the boundary: counted
                referral("E", date(2023, 9, 1), nfa=True),
                referral("F", date(2024, 3, 2)),  # 12 months and a day after 1 March 2023: not
            ]
        },
    )
    values = year_values(returns, ["referrals_per_10k", "re_referral_rate", "referral_nfa_rate"])
    assert figures(values["referrals_per_10k"]) == (7, 20_000, 3.5)
    assert figures(values["re_referral_rate"]) == (3, 7, round(300 / 7, 4))
    assert figures(values["referral_nfa_rate"]) == (2, 7, round(200 / 7, 4))
    # In 2022-23 the history starts with the first return, so nobody is yet a re-referral.
    earlier = compute(returns, date(2022, 4, 1), date(2023, 3, 31), ids=["re_referral_rate"], standards=STANDARDS)
    assert figures(earlier[0]) == (0, 4, 0.0)


def test_contacts_per_10k_counts_each_contact_once(tmp_path: Path) -> None:
    contact = {"child_id": "A", "contact_date": date(2023, 6, 1), "contact_source": "6"}
    returns = two_years(
        tmp_path,
        {"contacts": [{"child_id": "Z", "contact_date": date(2023, 3, 1), "contact_source": "6"}]},
        {
            "contacts": [
                contact,
                {**contact, "contact_source": "2A"},  # the same child and day from another source: another contact
                {"child_id": "B", "contact_date": date(2024, 3, 31), "contact_source": "3A"},
            ]
        },
    )
    assert figures(year_values(returns, ["contacts_per_10k"])["contacts_per_10k"]) == (3, 20_000, 1.5)


def test_assessments_within_45_working_days(tmp_path: Path) -> None:
    root = [
        write_return(
            tmp_path,
            "20240930-cccccccc",
            date(2023, 10, 1),
            date(2024, 9, 30),
            {
                "assessments": [
                    # 45th working day after 20 Nov 2023, skipping Christmas, Boxing Day and New Year: 25 Jan 2024.
                    assessment("A", date(2023, 11, 20), date(2024, 1, 25)),
                    # 45th working day after 4 Mar 2024 (Easter and early May inside): 9 May. In time.
                    assessment("B", date(2024, 3, 4), date(2024, 5, 9)),
                    # A day later: late.
                    assessment("C", date(2024, 3, 4), date(2024, 5, 10)),
                    # Not yet authorised: not counted at all.
                    assessment("D", date(2024, 8, 1), None),
                ],
                # A referral with no assessment changes nothing here.
                "referrals": [referral("E", date(2024, 4, 2))],
            },
        )
    ]
    values = compute(root, date(2023, 10, 1), date(2024, 9, 30), ids=["assessments_within_45wd"], standards=STANDARDS)
    assert figures(values[0]) == (2, 3, round(200 / 3, 4))
    late_only = compute(root, date(2024, 5, 10), date(2024, 5, 10), ids=["assessments_within_45wd"], standards=STANDARDS)
    assert figures(late_only[0]) == (0, 1, 0.0)


def test_section_47_enquiries_and_initial_conferences(tmp_path: Path) -> None:
    returns = two_years(
        tmp_path,
        {"s47_enquiries": [s47("P", date(2023, 3, 20))]},
        {
            "s47_enquiries": [
                # 15th working day after 20 Dec 2023 is 15 Jan 2024.
                s47("A", date(2023, 12, 20), date(2024, 1, 15)),
                s47("B", date(2023, 12, 20), date(2024, 1, 16)),
                s47("C", date(2024, 3, 1), None),
                # Started in 2022-23 (15th working day after Easter 2023 is 12 April), conference in 2023-24.
                s47("P", date(2023, 3, 20), date(2023, 4, 5)),
            ]
        },
    )
    values = year_values(returns, ["s47_per_10k", "icpc_per_10k", "icpc_within_15wd"])
    assert figures(values["s47_per_10k"]) == (3, 20_000, 1.5)
    assert figures(values["icpc_per_10k"]) == (3, 20_000, 1.5)
    assert figures(values["icpc_within_15wd"]) == (2, 3, round(200 / 3, 4))


def test_children_in_need_open_at_the_period_end(tmp_path: Path) -> None:
    returns = two_years(
        tmp_path,
        {
            "children_in_need": [
                episode_of_need("E", date(2022, 9, 1)),  # open in last year's return, absent from this year's
            ]
        },
        {
            "children_in_need": [
                episode_of_need("A", date(2023, 5, 1)),
                episode_of_need("B", date(2023, 5, 1), closed=date(2024, 3, 31)),  # closed on the day: not open
                episode_of_need("C", date(2023, 4, 3), closed=date(2023, 6, 1)),
                episode_of_need("C", date(2023, 9, 1)),  # C's second episode: C counts once
                episode_of_need("D", None),  # no start date: cannot be placed in time
            ]
        },
    )
    assert figures(year_values(returns, ["cin_per_10k"])["cin_per_10k"]) == (2, 20_000, 1.0)
    # At the end of 2022-23, E was open (and nobody else yet).
    earlier = compute(returns, date(2022, 4, 1), date(2023, 3, 31), ids=["cin_per_10k"], population=POPULATION, standards=STANDARDS)
    assert figures(earlier[0]) == (1, 20_000, 0.5)


def protection_plans(root: Path) -> list[ReturnFolder]:
    return two_years(
        root,
        {
            "child_protection_plans": [
                plan("L", date(2022, 5, 1), date(2022, 11, 1)),
                plan("G", date(2022, 1, 1)),
                plan("H", date(2022, 1, 1)),
                plan("K", date(2022, 1, 1)),
            ]
        },
        {
            "child_protection_plans": [
                plan("G", date(2022, 1, 1), date(2023, 12, 31)),  # 729 days: under two years
                plan("H", date(2022, 1, 1), date(2024, 1, 2)),  # 731 days: two years or more
                plan("K", date(2022, 1, 1), date(2024, 1, 1)),  # 730 days: two years or more
                # L's second and third plans repeat the first (held only in last year's return).
                plan("L", date(2023, 6, 1), date(2023, 9, 1)),
                plan(
                    "L",
                    date(2023, 12, 1),
                    last_review_date=date(2024, 2, 15),
                    last_visit_date=date(2024, 3, 18),
                    seen_alone="true",
                ),
                # M's earlier plans were before any return: Annex A's count of previous plans says so.
                plan(
                    "M",
                    date(2023, 7, 1),
                    previous_plans=2,
                    last_review_date=date(2023, 9, 15),
                    last_visit_date=date(2024, 3, 14),
                    seen_alone="unknown",
                    team="East",
                    worker=None,
                ),
                plan("N", date(2023, 8, 1), date(2024, 2, 1)),
                plan("O", date(2024, 1, 15)),  # under 3 months old: no review due yet; never visited
            ]
        },
    )


def test_child_protection_plan_rates_repeats_and_long_plans(tmp_path: Path) -> None:
    values = year_values(
        protection_plans(tmp_path), ["cpp_per_10k", "cpp_starts_per_10k", "cpp_repeat_rate", "cpp_ended_2yrs_rate"]
    )
    assert figures(values["cpp_per_10k"]) == (3, 20_000, 1.5)  # L, M and O open on 31 March 2024
    assert figures(values["cpp_starts_per_10k"]) == (5, 20_000, 2.5)  # L twice, M, N, O
    assert figures(values["cpp_repeat_rate"]) == (3, 5, 60.0)  # L twice, M
    assert figures(values["cpp_ended_2yrs_rate"]) == (2, 5, 40.0)  # H and K of G, H, K, L, N


def test_child_protection_reviews_visits_and_seen_alone(tmp_path: Path) -> None:
    returns = protection_plans(tmp_path)
    ids = ["cpp_review_in_timescale", "cpp_visit_in_timescale", "cpp_seen_alone_rate"]
    values = year_values(returns, ids)
    # Due a review: L (from 1 Mar 2024) and M. L reviewed 15 Feb 2024: up to date. M's last review
    # was 15 Sep 2023, so the next was due by 15 Mar 2024: overdue on 31 March.
    assert figures(values["cpp_review_in_timescale"]) == (1, 2, 50.0)
    # Ten working days: L visited 18 Mar, due by 3 Apr (Easter skipped): in time. M visited 14 Mar,
    # due by 28 Mar: late. O never visited since 15 Jan: late.
    assert figures(values["cpp_visit_in_timescale"]) == (1, 3, round(100 / 3, 4))
    # Seen alone: L yes; M "unknown"; O has no visit and is left out.
    assert figures(values["cpp_seen_alone_rate"]) == (1, 2, 50.0)
    # With a local standard of 15 working days M's visit (due by 8 April) is in time.
    relaxed = year_values(returns, ["cpp_visit_in_timescale"], standards=LocalStandards(cpp_visit_working_days=15))
    assert figures(relaxed["cpp_visit_in_timescale"]) == (2, 3, round(200 / 3, 4))


def test_seen_alone_leaves_out_children_under_two_at_their_visit(tmp_path: Path) -> None:
    visited = {"last_visit_date": date(2024, 3, 20), "seen_alone": "false"}
    returns = two_years(
        tmp_path,
        {"child_protection_plans": []},
        {
            "child_protection_plans": [
                plan("P", date(2023, 10, 1), date_of_birth=date(2023, 1, 5), **visited),  # 14 months old: left out
                plan("Q", date(2023, 10, 1), date_of_birth=date(2022, 3, 20), **visited),  # two that day: counted
                plan("R", date(2023, 10, 1), date_of_birth=None, age=1, **visited),  # no birth date, one: left out
                plan("S", date(2023, 10, 1), date_of_birth=None, age=None, **visited),  # age unknown: counted
                plan("T", date(2023, 10, 1), date_of_birth=date(2015, 6, 1), last_visit_date=date(2024, 3, 22), seen_alone="true"),
            ]
        },
    )
    # Q, S and T are counted; only T was seen alone.
    assert figures(year_values(returns, ["cpp_seen_alone_rate"])["cpp_seen_alone_rate"]) == (1, 3, round(100 / 3, 4))


def test_a_review_overdue_at_an_earlier_return_is_late_even_once_held(tmp_path: Path) -> None:
    def month_end_return(end: date, q_review: date | None, r_review: date | None) -> ReturnFolder:
        return write_return(
            tmp_path,
            f"{end:%Y%m%d}-aaaaaaaa",
            date(end.year - 1, end.month, 1) + timedelta(days=31),
            end,
            {
                "child_protection_plans": [
                    plan("Q", date(2023, 8, 15), last_review_date=q_review),
                    plan("R", date(2023, 8, 15), last_review_date=r_review),
                ]
            },
        )

    # Both first reviews were due by 15 November 2023. Q's was held on 10 January 2024, so the
    # December return shows none: overdue on 31 December. R's was held on 20 December, late too,
    # but before any return's end, so no return shows it overdue.
    december = month_end_return(date(2023, 12, 31), None, date(2023, 12, 20))
    january = month_end_return(date(2024, 1, 31), date(2024, 1, 10), date(2023, 12, 20))
    march = month_end_return(date(2024, 3, 31), date(2024, 1, 10), date(2023, 12, 20))
    ids = ["cpp_review_in_timescale"]
    months = compute([december, january, march], date(2023, 12, 1), date(2024, 1, 31), "month", ids=ids, standards=STANDARDS)
    # December: Q not yet reviewed. January: Q reviewed, but it was seen overdue in December.
    assert [figures(value) for value in months] == [(1, 2, 50.0), (1, 2, 50.0)]
    assert figures(year_values([december, january, march], ids)["cpp_review_in_timescale"]) == (1, 2, 50.0)
    # From the March return alone both look up to date: Annex A keeps only the latest review.
    assert figures(year_values([march], ids)["cpp_review_in_timescale"]) == (2, 2, 100.0)


def in_care(root: Path) -> list[ReturnFolder]:
    return two_years(
        root,
        {},
        {
            "children_in_care": [
                care(
                    "Q",
                    date(2020, 6, 1),
                    date_of_birth=date(2012, 1, 1),
                    placement_start_date=date(2021, 9, 1),
                    placement_type="U4",
                    last_visit_date=date(2024, 3, 1),
                ),
                care(
                    "R",
                    date(2021, 1, 1),
                    date_of_birth=date(2010, 5, 1),
                    placement_start_date=date(2023, 10, 1),
                    placements_last_12_months=3,
                    missing_episodes=2,
                    return_interview_offered="true",
                    return_interview_accepted="false",
                    last_visit_date=date(2024, 2, 10),
                    worker="Unallocated",
                ),
                care(
                    "S",
                    date(2023, 11, 1),
                    date_of_birth=date(2015, 1, 1),
                    placement_start_date=date(2024, 3, 28),
                    placements_last_12_months=2,
                    missing_episodes=1,
                    return_interview_offered="true",
                    return_interview_accepted="true",
                ),
                care("T", date(2023, 5, 1), date(2023, 12, 1), missing_episodes=1),
                care("U", date(2019, 1, 1), date_of_birth=date(2007, 6, 1), last_visit_date=date(2024, 3, 20)),
            ]
        },
    )


def test_children_looked_after(tmp_path: Path) -> None:
    ids = [
        "cla_per_10k",
        "cla_starts_per_10k",
        "cla_3plus_placements_rate",
        "cla_long_term_stability_rate",
        "cla_missing_rate",
        "return_interview_offered_rate",
        "return_interview_accepted_rate",
        "cla_visit_in_timescale",
    ]
    values = year_values(in_care(tmp_path), ids)
    assert figures(values["cla_per_10k"]) == (4, 20_000, 2.0)  # Q, R, S, U (T left in December)
    assert figures(values["cla_starts_per_10k"]) == (2, 20_000, 1.0)  # S and T
    assert figures(values["cla_3plus_placements_rate"]) == (1, 4, 25.0)  # R
    # In care 30 months and under 16: Q and R (U is 16). Q's placement is over 2 years old.
    assert figures(values["cla_long_term_stability_rate"]) == (1, 2, 50.0)
    # In care at some time in the year: Q, R, S, T, U; missing: R, S, T.
    assert figures(values["cla_missing_rate"]) == (3, 5, 60.0)
    # Offered a return interview: R and S (T's answer is blank); accepted: S.
    assert figures(values["return_interview_offered_rate"]) == (2, 3, round(200 / 3, 4))
    assert figures(values["return_interview_accepted_rate"]) == (1, 2, 50.0)
    # Q: long-term foster placement of over a year, visited 1 Mar: 3 months, in time. R: visited
    # 10 Feb, 42 days ran out on 23 Mar: late. S: placed 28 Mar, not yet visited, 7 days: in
    # time. U: visited 20 Mar: in time.
    assert figures(values["cla_visit_in_timescale"]) == (3, 4, 75.0)


def test_unallocated_cases_count_each_child_once(tmp_path: Path) -> None:
    returns = two_years(
        tmp_path,
        {},
        {
            "children_in_need": [
                episode_of_need("A", date(2023, 5, 1), worker="Unallocated"),
                episode_of_need("C", date(2023, 5, 1), closed=date(2023, 8, 1), worker="Unallocated"),  # closed
                episode_of_need("M", date(2023, 6, 1), team="East", worker="unallocated "),
            ],
            "child_protection_plans": [
                plan("A", date(2023, 6, 1), worker="Unallocated"),  # A again: still one child
                plan("M", date(2023, 7, 1), team="East", worker=None),
            ],
            "children_in_care": [care("U", date(2019, 1, 1))],
        },
    )
    value = year_values(returns, ["unallocated_cases"])["unallocated_cases"]
    assert figures(value) == (2, None, 2)
    by_team = compute(returns, YEAR_START, YEAR_END, team=True, ids=["unallocated_cases"], standards=STANDARDS)
    assert {item.team: item.value for item in by_team} == {"North": 1, "East": 1, "Children in Care": 0}


def test_care_leavers_in_touch(tmp_path: Path) -> None:
    leavers = [
        {"child_id": "L1", "in_touch": "yes", "team": "Leaving Care"},
        {"child_id": "L2", "in_touch": "no", "team": "Leaving Care"},
        {"child_id": "L3", "in_touch": "refused", "team": "Leaving Care"},
        {"child_id": "L4", "in_touch": "died", "team": "Leaving Care"},
        {"child_id": "L5", "in_touch": "yes", "team": "Leaving Care"},
    ]
    returns = two_years(tmp_path, {}, {"care_leavers": leavers})
    assert figures(year_values(returns, ["care_leavers_in_touch_rate"])["care_leavers_in_touch_rate"]) == (2, 4, 50.0)
    # The return for 2022-23 lists no care leavers: nothing to divide by, so no value.
    earlier = compute(returns, date(2022, 4, 1), date(2023, 3, 31), ids=["care_leavers_in_touch_rate"], standards=STANDARDS)
    assert figures(earlier[0]) == (0, 0, None)
    assert "nothing to divide by" in earlier[0].note


def test_a_period_with_no_events_is_no_value_for_percentages_and_zero_for_rates(tmp_path: Path) -> None:
    returns = two_years(tmp_path, {}, {"referrals": [referral("A", date(2023, 4, 12))]})
    months = compute(returns, YEAR_START, YEAR_END, "month", ids=["referrals_per_10k", "re_referral_rate"], population=POPULATION, standards=STANDARDS)
    may = [value for value in months if value.period_start == date(2023, 5, 1)]
    assert [(value.id, figures(value)) for value in may] == [("referrals_per_10k", (0, 20_000, 0.0)), ("re_referral_rate", (0, 0, None))]
    assert "no referrals received in the period" in may[1].note


def test_rates_without_a_population_have_no_value_and_say_why(tmp_path: Path) -> None:
    returns = two_years(tmp_path, {}, {"referrals": [referral("A", date(2023, 4, 12))]})
    value = compute(returns, YEAR_START, YEAR_END, ids=["referrals_per_10k"], standards=STANDARDS)[0]
    assert figures(value) == (1, None, None)
    assert "--population" in value.note


def test_by_team_uses_the_team_on_each_event(tmp_path: Path) -> None:
    returns = two_years(
        tmp_path,
        {},
        {
            "referrals": [
                referral("A", date(2023, 5, 1), team="North", nfa=True),
                referral("B", date(2023, 6, 1), team="North"),
                referral("C", date(2023, 6, 1), team="South", nfa=True),
                referral("D", date(2023, 7, 1), team=" "),
            ]
        },
    )
    values = compute(returns, YEAR_START, YEAR_END, team=True, population=POPULATION, standards=STANDARDS)
    nfa = {value.team: figures(value) for value in values if value.id == "referral_nfa_rate"}
    assert nfa == {"North": (1, 2, 50.0), "South": (1, 1, 100.0), "No team recorded": (0, 1, 0.0)}
    assert not any(value.id.endswith("per_10k") for value in values)


def test_monthly_series_gives_one_value_a_month(tmp_path: Path) -> None:
    returns = two_years(
        tmp_path,
        {},
        {"referrals": [referral("A", date(2023, 4, 30)), referral("B", date(2023, 5, 1)), referral("C", date(2023, 5, 31))]},
    )
    series = monthly_series(returns, "referrals_per_10k", YEAR_START, YEAR_END, population=POPULATION, standards=STANDARDS)
    assert len(series) == 12
    assert [value.numerator for value in series[:3]] == [1, 2, 0]
    assert series[0].period_end == date(2023, 4, 30)


def test_every_indicator_computes_on_empty_returns(tmp_path: Path) -> None:
    returns = two_years(tmp_path, {}, {})
    values = compute(returns, YEAR_START, YEAR_END, by="quarter", population=POPULATION, standards=STANDARDS)
    assert len(values) == 4 * len(INDICATORS)
    for value in values:
        if value.period_end != YEAR_END and indicator(value.id).as_at:
            # Only the last quarter ends where a return ends; the others cannot be read "as at".
            assert (value.numerator, value.denominator, value.value) == (None, None, None)
            assert value.note == NO_RETURN_AT_END
            continue
        if indicator(value.id).workforce:
            # No workforce file is loaded beside these returns.
            assert (value.numerator, value.value) == (None, None) and "no workforce file" in value.note
            continue
        assert value.numerator == 0
        if value.unit == "percent":
            assert value.value is None and value.denominator == 0
        else:
            assert value.value == 0
