"""The indicator dashboard (issue 4, point 3): every catalogued indicator with its latest month,
direction, control-chart status and place among councils, under the seven factors, for every
role that sees figures, with small numbers suppressed for the roles without child-level access."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from django.urls import reverse

from safeguard.factors import FACTORS
from safeguard.indicators.catalogue import INDICATORS
from safeguard.indicators.engine import compute
from safeguard.indicators.population import MidYearPopulation
from safeguard.snapshots import Store
from safeguard.web.access.policy import Role

LATEST = date(2025, 3, 1)


def _rows(text: str) -> dict[str, list[str]]:
    """Each dashboard line by indicator id: its cells as plain text."""
    rows = {}
    for match in re.finditer(r'<tr class="govuk-table__row">(.*?)</tr>', text, re.S):
        link = re.search(r'href="/indicators/([a-z0-9_]+)"', match.group(1))
        if link:
            cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", match.group(1), re.S)
            rows[link.group(1)] = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip() for cell in cells]
    return rows


def _engine_march(store_home, indicator_id: str, population: dict[int, int]):
    with Store(store_home) as store:
        values = compute(store, LATEST, date(2025, 3, 31), ids=[indicator_id], population=MidYearPopulation(population, "test"))
    return values[0]


def test_every_indicator_appears_once_under_its_first_factor_in_factor_order(client_as, synthetic_council):
    text = client_as(Role.DCS).get(reverse("leadership:dashboard")).content.decode()
    headings = re.findall(r'<h2 class="govuk-heading-m" id="factor-([a-z_]+)">', text)
    assert headings == [factor.id for factor in FACTORS]
    rows = _rows(text)
    assert set(rows) == {item.id for item in INDICATORS}
    for item in INDICATORS:
        section = text.split(f'id="factor-{item.factors[0]}"')[1].split('<h2 class="govuk-heading-m" id="factor-')[0]
        assert f'href="/indicators/{item.id}"' in section.split("Also telling on this factor")[0], item.id


def test_the_latest_month_matches_the_engine_and_reads_in_words(client_as, synthetic_council):
    from safeguard.council import load_council

    population = dict(load_council(synthetic_council.home).population)
    rows = _rows(client_as(Role.DCS).get(reverse("leadership:dashboard")).content.decode())
    march = _engine_march(synthetic_council.home, "re_referral_rate", population)
    latest, change, chart, councils = rows["re_referral_rate"][1:]
    assert latest == f"{march.value:.1f}% March 2025"
    assert round(100 * march.numerator / march.denominator, 1) == round(march.value, 1)
    assert re.fullmatch(r"(Up|Down) \d+\.\d percentage points from \d+\.\d% in February 2025( \((better|worse)\)|, within its usual month-to-month ups and downs)|Unchanged.*", change)
    # Re-referrals were planted to rise from April 2024 by 10 points over six months; in a council
    # of 8,000 children (a few dozen referrals a month) that is not yet beyond chance by March
    # 2025: the neighbours' comparison raises it, the change over time does not (yet).
    assert chart == "Usual ups and downs"
    # Assessments on time were planted to fall 20 points from June 2024: a lasting change.
    assert rows["assessments_within_45wd"][3] == "Changed: a concern"
    assert re.fullmatch(r"Band [A-D] April 2024 to March 2025", councils)
    rate = _engine_march(synthetic_council.home, "referrals_per_10k", population)
    assert rows["referrals_per_10k"][1] == f"{rate.value:.1f} per 10,000 March 2025"


def test_the_direction_is_judged_by_the_indicators_polarity(client_as, synthetic_council):
    rows = _rows(client_as(Role.DCS).get(reverse("leadership:dashboard")).content.decode())
    for item in INDICATORS:
        change = rows[item.id][2]
        if item.polarity.value == "context":
            assert "(better)" not in change and "(worse)" not in change, item.id
        elif change.startswith("Up") and not change.endswith("within its usual month-to-month ups and downs"):
            assert change.endswith("(better)" if item.polarity.value == "high" else "(worse)"), item.id


def test_a_lead_member_sees_small_counts_withheld_and_the_director_sees_them(client_as, synthetic_council):
    director = client_as(Role.DCS).get(reverse("api:indicators")).json()["indicators"]
    member_rows = _rows(client_as(Role.LEAD_MEMBER).get(reverse("leadership:dashboard")).content.decode())
    # A latest month with no figure at all shows [x] (the workforce indicators, with no workforce file loaded here).
    small = [item for item in director if item["latest"] and isinstance(item["latest"]["numerator"], int) and 1 <= item["latest"]["numerator"] <= 5]
    assert small, "the synthetic council should have at least one small latest count"
    for item in small:
        assert member_rows[item["id"]][1] == "[c] March 2025"
        assert "Not shown" in member_rows[item["id"]][2]


def test_the_dashboard_download_holds_the_same_lines_with_formulas_defused(client_as, synthetic_council):
    client = client_as(Role.LEAD_MEMBER)
    response = client.get(reverse("leadership:dashboard_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="indicators.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["indicator"] for row in rows] == [
        item.id for factor in FACTORS for item in INDICATORS if item.factors[0] == factor.id
    ]
    page_rows = _rows(client.get(reverse("leadership:dashboard")).content.decode())
    for row in rows:
        assert page_rows[row["indicator"]][1].startswith("[c]") == (row["value"] == "[c]")
    # Directions start with "Up"/"Down"; any text beginning with -, +, = or @ is defused.
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())


def test_before_any_return_the_dashboard_says_there_are_no_figures(client_as, store_home):
    text = client_as(Role.LEAD_MEMBER).get(reverse("leadership:dashboard")).content.decode()
    assert "There are no figures yet." in text
    assert "No return has been loaded yet" in text


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR])
def test_roles_without_figures_cannot_open_it(client_as, synthetic_council, role):
    assert client_as(role).get(reverse("leadership:dashboard")).status_code == 403


def test_downloads_defuse_every_cell_a_spreadsheet_would_run():
    from safeguard.aggregates import csv_text

    text = csv_text(["team", "value"], [["=HYPERLINK(\"http://x\")", -1.5], ["+44", 3], ["-2", None], ["@SUM(A1)", "[c]"]])
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows == [
        ["team", "value"],
        ["'=HYPERLINK(\"http://x\")", "-1.5"],
        ["'+44", "3"],
        ["'-2", ""],
        ["'@SUM(A1)", "[c]"],
    ]
