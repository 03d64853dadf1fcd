"""Staff figures are not child counts: the council's are shown to every leader (never [c] by
DfE's rule for children), a small team's are withheld from leaders without child-level access
with the reason in plain words, and the caseloads, which count children, keep the children's rule.

The council is the hand-made one of ``tests/test_workforce_indicators.py``: on 30 September
2025, 1 vacant full-time post beside 2.8 permanent staff in post (26.3%), 1 leaver (35.7%),
0.5 agency beside 2.8 permanent (15.2%); CP 1 has two case holders (Ann, Bob) and CP 2 one
(Di), so both teams are under five."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from web_support import sign_in

from safeguard.aggregates import Viewer, published
from safeguard.aggregates.disclosure import CONFIDENTIAL
from safeguard.aggregates.workforce import _small_teams, workforce_picture
from safeguard.roles import Role
from workforce_support import hand_made_council

pytestmark = pytest.mark.django_db

LEADER = Viewer(exact=False, teams=False)
DIRECTOR = Viewer(exact=True, teams=True)


@pytest.fixture
def council(store_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = hand_made_council(tmp_path)
    monkeypatch.setenv("SAFEGUARD_HOME", str(home))
    return home


def test_the_council_s_staff_figures_are_shown_to_a_leader_and_the_caseloads_keep_the_children_s_rule(council) -> None:
    state = published()
    for staff in ("social_worker_vacancy_rate", "social_worker_turnover_rate", "agency_worker_rate", "supervision_in_date_rate"):
        assert state.hidden(staff, LEADER) == frozenset(), staff
    # 5 children's cases in September (4 in CP 1's caseloads and C6 with Di): a count of children from 1 to 5.
    assert ("month", max(value.period_start for value in state.figures.indicators["caseload_mean"].months)) in state.hidden("caseload_mean", LEADER)

    council_figures = {item.indicator_id: item.value for item in workforce_picture(LEADER).council}
    assert council_figures["social_worker_vacancy_rate"] == pytest.approx(100 * 1.0 / 3.8)
    assert council_figures["social_worker_turnover_rate"] == pytest.approx(100 * 1.0 / 2.8)


def test_a_small_team_s_staff_figures_are_withheld_from_a_leader_with_the_reason(council) -> None:
    teams = {team.team: team for team in workforce_picture(LEADER).teams}
    assert teams["CP 1"].figures["social_worker_turnover_rate"] == CONFIDENTIAL
    assert teams["CP 1"].withheld_because == "CP 1 has fewer than 5 social workers holding cases, so its staff figures could point to one person."
    assert teams["CP 2"].figures["agency_worker_rate"] == CONFIDENTIAL
    seen_by_director = {team.team: team for team in workforce_picture(DIRECTOR).teams}
    assert seen_by_director["CP 1"].figures["social_worker_turnover_rate"] == 50.0  # Cy, CP 1's one leaver, for Ann and Tom in post
    assert seen_by_director["CP 1"].withheld_because == ""


def test_one_small_team_among_large_ones_takes_the_smallest_other_with_it() -> None:
    withheld = _small_teams({"A": 2, "B": 8, "C": 9})
    assert list(withheld) == ["A", "B"]
    assert withheld["B"] == "B's staff figures are withheld too, so that a small team's cannot be worked out from the council's and the other teams'."
    assert _small_teams({"A": 5, "B": 8}) == {}


def test_the_workforce_page_shows_a_leader_the_council_s_figures_and_says_why_a_team_s_are_not(council, make_person) -> None:
    page = " ".join(sign_in(Client(), make_person(Role.LEAD_MEMBER)).get(reverse("allocation:workforce")).content.decode().split())
    assert "26.3%" in page and "35.7%" in page and "15.2%" in page
    assert "Team staff figures not shown" in page
    assert "CP 2 has fewer than 5 social workers holding cases, so its staff figures could point to one person." in page
    assert "The council's staff figures count staff, not children, and are always shown." in page


def test_the_indicator_page_shows_a_leader_the_council_s_vacancy_rate(council, make_person) -> None:
    page = " ".join(sign_in(Client(), make_person(Role.LEAD_MEMBER)).get(reverse("leadership:indicator", args=["social_worker_vacancy_rate"])).content.decode().split())
    assert 'In September 2025 the figure was <strong class="app-figure">26.3%</strong> (1.0 counted out of 3.8).' in page


def test_a_cited_staff_figure_is_shown_and_a_cited_child_count_of_three_is_not() -> None:
    from datetime import date

    from safeguard.aggregates import Measure

    def cited(indicator_id: str, numerator: float, denominator: float) -> Measure:
        return Measure(indicator_id, indicator_id, "percent", date(2024, 10, 1), date(2025, 9, 30), numerator, denominator,
                       100 * numerator / denominator, "fingerprint")

    assert cited("social_worker_vacancy_rate", 1.0, 3.8).shown_to(LEADER) == "26.3%"
    assert cited("re_referral_rate", 3, 40).shown_to(LEADER) == CONFIDENTIAL
