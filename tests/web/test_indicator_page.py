"""One indicator's page (issue 4, point 3): definition, counted and out of what in words, the
control chart with its mean, limits and signals (drawn on the server, with a caption, a text
alternative, the data table and a CSV), the comparison with England, the region and the
neighbours, the breakdown by team for the Director and the analyst only, and the question."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse

from safeguard.indicators.catalogue import indicator
from safeguard.warnings import combined
from safeguard.web.access.policy import Role
from workforce_support import hand_made_council

INDICATOR = "re_referral_rate"


def _csv(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def director_page(client_as, synthetic_council) -> str:
    return client_as(Role.DCS).get(reverse("leadership:indicator", args=[INDICATOR])).content.decode()


def test_the_page_explains_the_indicator_in_words(director_page):
    item = indicator(INDICATOR)
    for words in (item.definition, item.numerator, item.denominator, item.question, "Lower is better", "DfE LAIT code ReReferral"):
        assert words.replace("'", "&#39;") in director_page, words


def test_the_analysts_note_gives_the_settings_the_detector_runs_with(director_page):
    assert (combined.REFERENCE, combined.DECISION, combined.SINGLE_MONTH) == (0.75, 4.5, 4.0)
    assert "reference 0.75, decision level 4.5; a single month 4 spreads from what was expected signals on its own" in director_page


def test_the_control_chart_is_an_accessible_svg_figure_with_its_table_and_csv(director_page):
    figure = director_page.split('<figure class="app-chart" id="chart-months">')[1].split("</figure>")[0]
    assert 'id="chart-months-caption">Figure 1: Re-referrals within 12 months (%), month by month, with the baseline average and the range months usually fall in' in figure
    svg = re.search(r"<svg[^>]*>", figure).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="chart-months-caption chart-months-description"' in svg
    assert "width=" not in svg.split("viewBox")[0]
    assert "<script" not in figure and "onload" not in figure and "style=" not in figure
    description = re.search(r'id="chart-months-description">(.*?)</p>', figure, re.S).group(1)
    # Charted from the second year covered: re-referrals look back a year (safeguard.warnings.series).
    assert description.startswith("A line chart of re-referrals within 12 months (%) for each month from April 2023 to March 2025")
    assert "No month is marked as part of a lasting change." in description
    # Colour is not the only signal: each kind of month has a shape, named in the legend.
    assert "Usual ups and downs" in figure
    assert re.search(r"Mean \d+\.\d%", figure) and re.search(r"Upper limit \d+\.\d%", figure)
    assert reverse("leadership:indicator_months_csv", args=[INDICATOR]) in figure


def test_the_months_table_csv_and_api_agree_and_mark_the_signals(client_as, synthetic_council, director_page):
    client = client_as(Role.DCS)
    months = _csv(client.get(reverse("leadership:indicator_months_csv", args=[INDICATOR])))
    api = client.get(reverse("api:indicator", args=[INDICATOR])).json()
    assert len(months) == 24 and months[0]["month"] == "April 2023" and months[-1]["month"] == "March 2025"
    for row, item in zip(months, api["months"]):
        assert int(row["numerator"]) == item["numerator"] and int(row["denominator"]) == item["denominator"]
        assert float(row["value"]) == round(item["value"], 2)
        assert round(100 * item["numerator"] / item["denominator"], 6) == round(item["value"], 6)
        assert (row["control chart"] == "Changed: a concern") == (item["signal"] == "concern")
    # Re-referrals rise (planted from April 2024) within what chance gives a council this size;
    # assessments on time fall 20 points from June 2024: its months from then on are marked.
    assert not [row for row in months if row["control chart"]]
    slower = _csv(client.get(reverse("leadership:indicator_months_csv", args=["assessments_within_45wd"])))
    flagged = [row["month"] for row in slower if row["control chart"] == "Changed: a concern"]
    assert flagged and flagged[-1] == "March 2025" and all(month.endswith(("2024", "2025")) for month in flagged)
    assert "April 2023" not in flagged
    limits = api["control_limits"]
    assert limits["lower"] < limits["mean"] < limits["upper"]
    # The default baseline of a series shorter than 36 months is its first 12 months.
    assert re.fullmatch(r"the average of April 2023 to March 2024 \(12 months\), \d+\.\d%", limits["basis"])
    baseline = [item["value"] for item in api["months"][:12]]
    assert limits["mean"] == pytest.approx(sum(baseline) / 12)
    ranges = [abs(b - a) for a, b in zip(baseline, baseline[1:])]
    assert limits["upper"] == pytest.approx(limits["mean"] + 2.66 * sum(ranges) / 11)


def test_the_comparison_with_england_region_and_neighbours(client_as, synthetic_council, director_page):
    if not synthetic_council.benchmarks_loaded:
        pytest.skip("the published benchmarks are not in ../shared")
    comparison = client_as(Role.DCS).get(reverse("api:indicator", args=[INDICATOR])).json()["indicator"]["comparison"]
    assert comparison["year"] == "April 2024 to March 2025"
    assert comparison["region_name"] == "Yorkshire and the Humber"
    assert comparison["neighbours_counted"] == 10 and comparison["band"] in {"A", "B", "C", "D"}
    figure = director_page.split('<figure class="app-chart" id="chart-comparison">')[1].split("</figure>")[0]
    assert "Figure 2: Re-referrals within 12 months (%): this council beside others, April 2024 to March 2025" in figure
    assert f"England {comparison['england']:.1f}%" in figure
    rows = _csv(client_as(Role.LEAD_MEMBER).get(reverse("leadership:indicator_comparison_csv", args=[INDICATOR])))
    assert rows[0]["England"] == str(round(comparison["england"], 2)) and rows[0]["quartile band"] == comparison["band"]


@pytest.mark.parametrize(("role", "sees_teams"), [(Role.DCS, True), (Role.ANALYST, True), (Role.LEAD_MEMBER, False), (Role.CHIEF_EXECUTIVE, False), (Role.SCRUTINY_MEMBER, False)])
def test_the_team_breakdown_is_for_the_director_and_the_analyst_only(client_as, synthetic_council, role, sees_teams):
    client = client_as(role)
    text = client.get(reverse("leadership:indicator", args=[INDICATOR])).content.decode()
    assert ("By team" in text) == sees_teams
    download = client.get(reverse("leadership:indicator_teams_csv", args=[INDICATOR]))
    api = client.get(reverse("api:indicator_teams", args=[INDICATOR]))
    assert download.status_code == api.status_code == (200 if sees_teams else 403)
    if sees_teams:
        teams = api.json()
        assert "Assessment Team" in {row["team"] for row in teams["latest_month"]}
        council = teams["council_last_12_months"]
        assert sum(row["numerator"] for row in teams["last_12_months"]) == council["numerator"]
        assert sum(row["denominator"] for row in teams["last_12_months"]) == council["denominator"]


def test_rates_per_10000_have_no_team_breakdown(client_as, synthetic_council):
    teams = client_as(Role.DCS).get(reverse("api:indicator_teams", args=["referrals_per_10k"])).json()
    assert teams["by_team"] is False and teams["latest_month"] == []


def test_an_unknown_indicator_is_not_found(client_as, synthetic_council):
    client = client_as(Role.LEAD_MEMBER)
    assert client.get(reverse("leadership:indicator", args=["no_such_thing"])).status_code == 404
    assert client.get(reverse("api:indicator", args=["no_such_thing"])).status_code == 404


def test_the_csp_allows_the_inline_chart(client_as, synthetic_council):
    response = client_as(Role.LEAD_MEMBER).get(reverse("leadership:indicator", args=[INDICATOR]))
    policy = response["Content-Security-Policy"]
    # Inline SVG markup needs nothing from the policy: the chart carries no script, no style
    # attribute and no external reference, so the strict policy stays as it is.
    assert "'unsafe-inline'" not in policy and "img-src 'self' data:" in policy
    svg = response.content.decode().split("<svg")[1].split("</svg>")[0]
    assert "style=" not in svg and "href" not in svg and "<script" not in svg


def test_limits_shown_stay_within_what_each_measure_can_take(client_as, synthetic_council):
    """A percentage's upper limit is cut at 100 and every lower limit at nought; inside that
    range the limits are the XmR ones, worked out here from the baseline months."""
    client = client_as(Role.DCS)
    checked = 0
    for item in client.get(reverse("api:indicators")).json()["indicators"]:
        api = client.get(reverse("api:indicator", args=[item["id"]])).json()
        limits = api.get("control_limits")
        if not limits or not isinstance(limits["upper"], float):
            continue
        baseline = [month["value"] for month in api["months"][:12]]
        if not all(isinstance(value, float) for value in baseline):
            continue
        mean = sum(baseline) / len(baseline)
        spread = 2.66 * sum(abs(b - a) for a, b in zip(baseline, baseline[1:])) / (len(baseline) - 1)
        ceiling = 100.0 if item["unit"] == "percent" else float("inf")
        assert limits["upper"] == pytest.approx(min(mean + spread, ceiling)), item["id"]
        assert limits["lower"] == pytest.approx(max(mean - spread, 0.0)), item["id"]
        checked += 1
    assert checked >= 10



def test_a_caseload_page_names_its_axis_in_cases_per_worker(client_as, store_home, tmp_path, monkeypatch):
    """Cases per worker is a unit of its own: its chart's axis is named like the others' (it was
    a server error). The council is the hand-made one of ``tests/test_workforce_indicators.py``."""
    monkeypatch.setenv("SAFEGUARD_HOME", str(hand_made_council(tmp_path)))
    page = client_as(Role.DCS).get(reverse("leadership:indicator", args=["caseload_mean"]))
    assert page.status_code == 200
    assert "Cases per full-time worker" in page.content.decode()
