"""The synthetic council's children have journeys that hang together.

One default-sized council (60,000 children, 5 years) is generated once for the module; every
test reads its truth through `CouncilHistory.records`, the same form an import stores.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import date

import pytest

from safeguard.synth import CouncilHistory, SynthConfig, simulate
from synth_support import age_on, twelve_months_before, year_ending

pytestmark = pytest.mark.slow

END = date(2025, 3, 31)


@pytest.fixture(scope="module")
def council() -> CouncilHistory:
    return simulate(SynthConfig(population=60_000, years=5, end=END, seed=20))


@pytest.fixture(scope="module")
def everything(council: CouncilHistory) -> dict[str, list[dict]]:
    """Every record since the simulation began, as the data stood on the last day."""
    return council.records(as_at=END, since=None)


def test_every_plan_follows_a_conference_that_follows_an_enquiry(everything) -> None:
    conferences = defaultdict(list)
    for row in everything["s47_enquiries"]:
        if row["icpc_date"] is not None:
            assert row["s47_start_date"] <= row["icpc_date"], row
            conferences[row["child_id"]].append(row)
    assert everything["child_protection_plans"]
    for plan in everything["child_protection_plans"]:
        held = [row for row in conferences[plan["child_id"]] if row["icpc_date"] == plan["cpp_start_date"]]
        assert len(held) == 1, plan
        assert held[0]["icpc_outcome_plan"] == "true"
        assert held[0]["icpc_not_required"] == "false"


def test_conferences_that_made_plans_all_have_their_plan(everything) -> None:
    plans = {(row["child_id"], row["cpp_start_date"]) for row in everything["child_protection_plans"]}
    for row in everything["s47_enquiries"]:
        if row["icpc_outcome_plan"] == "true":
            assert (row["child_id"], row["icpc_date"]) in plans


def test_dates_run_in_order_on_every_list(everything) -> None:
    for row in everything["assessments"]:
        assert row["assessment_authorised_date"] is None or row["assessment_start_date"] <= row["assessment_authorised_date"]
    for row in everything["children_in_need"]:
        assert row["cin_closure_date"] is None or row["cin_start_date"] <= row["cin_closure_date"]
        assert row["last_seen_date"] is None or row["last_seen_date"] <= END
    for row in everything["child_protection_plans"]:
        assert row["cpp_end_date"] is None or row["cpp_start_date"] <= row["cpp_end_date"]
        for later in ("last_visit_date", "last_review_date"):
            assert row[later] is None or row["cpp_start_date"] <= row[later] <= (row["cpp_end_date"] or END)
    for row in everything["children_in_care"]:
        end = row["care_end_date"] or END
        assert row["care_end_date"] is None or row["care_start_date"] <= row["care_end_date"]
        assert row["care_start_date"] <= row["placement_start_date"] <= end
        assert row["care_start_date"] <= row["legal_status_start_date"] <= end
        for later in ("last_review_date", "last_visit_date", "last_health_assessment_date", "last_iro_contact_date"):
            assert row[later] is None or row["care_start_date"] <= row[later] <= end, (later, row)
    steps = ("adoption_decision_date", "placement_order_date", "matched_date", "placed_date", "adoption_order_date")
    for row in everything["adoption"]:
        dates = [row[key] for key in steps if row[key] is not None]
        assert dates == sorted(dates) and row["care_start_date"] <= dates[0], row
    stages = ("enquiry_date", "stage1_start_date", "stage1_end_date", "stage2_start_date", "stage2_end_date", "approved_date", "matched_date", "placed_date", "adoption_order_date")
    for row in everything["adopters"]:
        dates = [row[key] for key in stages if row[key] is not None]
        assert dates == sorted(dates), row


def test_referrals_lead_through_an_episode(everything) -> None:
    referrals = {(row["child_id"], row["referral_date"]) for row in everything["referrals"]}
    for row in everything["children_in_need"]:
        assert (row["child_id"], row["cin_start_date"]) in referrals
    episodes = defaultdict(list)
    for row in everything["children_in_need"]:
        episodes[row["child_id"]].append(row)
    for row in everything["s47_enquiries"]:
        assert any(
            episode["cin_start_date"] <= row["s47_start_date"] and (episode["cin_closure_date"] is None or row["s47_start_date"] <= episode["cin_closure_date"])
            for episode in episodes[row["child_id"]]
        ), row


def test_ages_are_whole_years_at_the_relevant_date(everything) -> None:
    relevant = {
        "contacts": "contact_date",
        "early_help": "assessment_start_date",
        "referrals": "referral_date",
        "assessments": "assessment_start_date",
        "s47_enquiries": "s47_start_date",
    }
    for key, rows in everything.items():
        for row in rows:
            if "age" not in row:
                continue
            day = row[relevant[key]] if key in relevant else END
            assert row["age"] == age_on(row["date_of_birth"], day), (key, row)
    assert all(0 <= row["age"] <= 17 for row in everything["referrals"])
    assert all(0 <= row["age"] <= 17 for row in everything["contacts"])


def test_each_child_keeps_the_same_details_on_every_list(everything) -> None:
    seen: dict[str, tuple] = {}
    for key, rows in everything.items():
        if key == "adopters":
            continue
        for row in rows:
            details = (row["gender"], row["ethnicity"], row["date_of_birth"])
            assert seen.setdefault(row["child_id"], details) == details


def test_workers_belong_to_one_team(council: CouncilHistory, everything) -> None:
    team_of: dict[str, str] = {}
    for key in ("referrals", "assessments", "s47_enquiries", "children_in_need", "child_protection_plans", "children_in_care", "care_leavers"):
        for row in everything[key]:
            if row["worker"] != "Unallocated":
                assert team_of.setdefault(row["worker"], row["team"]) == row["team"], row
    workers = council.workforce.workers
    assert len({worker.name for worker in workers}) == len(workers)
    assert set(team_of) <= {worker.name for worker in workers}
    team_names = {team.name for team in council.workforce.all_teams()}
    assert {"Multi Agency Safeguarding Hub", "Care Leavers Team", "Children with Disabilities Team"} <= team_names
    assert {"Assessment Team 2", "Child Protection Team 1", "Children in Care Team 1"} <= team_names


@pytest.mark.parametrize("day", [date(2021, 3, 31), date(2023, 9, 30), date(2025, 3, 31)])
def test_caseloads_are_those_of_real_teams(council: CouncilHistory, day: date) -> None:
    """Open cases per worker: about 15 to 22 on average in each kind of team, never many more."""
    today = council.records(as_at=day, since=day)
    loads: Counter[str] = Counter()
    team_of: dict[str, str] = {}
    for row in today["children_in_need"] + today["care_leavers"]:
        if row["worker"] != "Unallocated" and (row.get("cin_closure_date") is None or row["cin_closure_date"] > day):
            loads[row["worker"]] += 1
            team_of[row["worker"]] = row["team"].rstrip(" 0123456789")
    by_kind = defaultdict(list)
    for worker, cases in loads.items():
        by_kind[team_of[worker]].append(cases)
    assert set(by_kind) >= {"Assessment Team", "Child in Need Team", "Child Protection Team", "Children in Care Team", "Care Leavers Team"}
    for kind, cases in by_kind.items():
        assert max(cases) <= 24, (kind, sorted(cases))
        if len(cases) >= 5:
            assert 13 <= statistics.mean(cases) <= 22, (kind, sorted(cases))


def test_a_few_open_cases_wait_for_a_worker(council: CouncilHistory) -> None:
    waiting = 0
    open_cases = 0
    for day in (date(2024, month, 28) for month in range(1, 13)):
        today = council.records(as_at=day, since=day)
        for key in ("children_in_need", "child_protection_plans", "children_in_care"):
            open_cases += len(today[key])
            waiting += sum(1 for row in today[key] if row["worker"] == "Unallocated")
    assert 0 < waiting < 0.01 * open_cases


def test_previous_plans_count_the_childs_earlier_plans(everything) -> None:
    plans = defaultdict(list)
    for row in everything["child_protection_plans"]:
        plans[row["child_id"]].append(row["cpp_start_date"])
    for row in everything["child_protection_plans"]:
        earlier = [start for start in plans[row["child_id"]] if start < row["cpp_start_date"]]
        assert row["previous_plans"] == len(earlier), row
    assert any(row["previous_plans"] >= 2 for row in everything["child_protection_plans"])


def test_counts_in_the_last_12_months_count_up_to_the_extract_day(everything) -> None:
    referrals = defaultdict(list)
    for row in everything["referrals"]:
        referrals[row["child_id"]].append(row["referral_date"])
    year_ago = twelve_months_before(END)
    for row in everything["referrals"]:
        expected = sum(1 for day in referrals[row["child_id"]] if year_ago < day <= END)
        assert row["referrals_last_12_months"] == expected


def test_open_plans_and_care_show_in_the_children_in_need_list(everything) -> None:
    status = {row["child_id"]: row["case_status"] for row in everything["children_in_need"] if row["cin_closure_date"] is None}
    for row in everything["child_protection_plans"]:
        if row["cpp_end_date"] is None:
            assert status[row["child_id"]] == "child_protection_plan"
    for row in everything["children_in_care"]:
        if row["care_end_date"] is None:
            assert status[row["child_id"]] == "looked_after"
    assert Counter(status.values()).keys() >= {"looked_after", "child_protection_plan", "child_in_need_plan", "open_assessment"}


def test_referrals_dip_in_august_and_december(council: CouncilHistory) -> None:
    window = council.records(as_at=END, since=council.window_start)
    by_month = Counter((year_ending(row["referral_date"]), row["referral_date"].month) for row in window["referrals"])
    for year in range(2021, 2026):
        mean = sum(by_month[(year, month)] for month in range(1, 13)) / 12
        assert by_month[(year, 8)] < mean, year
        assert by_month[(year, 12)] < mean, year


def test_referrals_fall_over_christmas_itself(council: CouncilHistory) -> None:
    """Per weekday, Christmas Eve to New Year's Day has well under the rest of December's referrals."""
    window = council.records(as_at=END, since=council.window_start)
    by_day = Counter(row["referral_date"] for row in window["referrals"])
    for year in range(2020, 2024):
        christmas = [date(year, 12, day) for day in range(24, 32)] + [date(year + 1, 1, 1)]
        before = [date(year, 12, day) for day in range(1, 24)]
        during = statistics.mean(by_day[day] for day in christmas if day.weekday() < 5)
        usual = statistics.mean(by_day[day] for day in before if day.weekday() < 5)
        assert during < 0.7 * usual, (year, during, usual)


def test_some_plans_last_two_years_and_some_children_come_back(everything) -> None:
    ended = [row for row in everything["child_protection_plans"] if row["cpp_end_date"] is not None]
    long = [row for row in ended if (row["cpp_end_date"] - row["cpp_start_date"]).days > 729]
    assert 0.02 < len(long) / len(ended) < 0.07
    again = Counter(row["child_id"] for row in everything["referrals"])
    assert sum(1 for count in again.values() if count > 1) > 0.1 * len(again)


def test_care_leavers_and_adoptions_come_from_care(everything) -> None:
    in_care = {row["child_id"] for row in everything["children_in_care"]}
    assert everything["care_leavers"] and everything["adoption"] and everything["adopters"]
    assert {row["child_id"] for row in everything["care_leavers"]} <= in_care
    assert {row["child_id"] for row in everything["adoption"]} <= in_care
    families = {row["family_id"] for row in everything["adopters"]}
    assert {row["family_id"] for row in everything["adoption"] if row["family_id"]} <= families
    for row in everything["care_leavers"]:
        assert row["eligibility"] == ("relevant" if row["age"] < 18 else "former_relevant")
