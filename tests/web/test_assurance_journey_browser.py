"""The assurance cycle end to end in a real browser (issue 8, point 10), on ``safeguard serve``
over the synthetic council: the Lead Member raises a challenge from an indicator's page; the
Director assigns it and answers it with evidence; the Lead Member closes it; the Director raises
an action on the improvement plan from it and sees its impact measured against the frozen
baseline; the Director's team drafts a self-assessment, grades a factor and submits it, freezing
its evidence; the Director agrees it. axe-core finds no serious or critical WCAG 2.2 AA problem on
any page (``visit``), and the screenshots go to ``test-artifacts/``."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator

import pytest
from test_browser import BROWSER_JOURNEY, Site, browser, page, prepare_site, serving, sign_in, visit  # noqa: F401 (fixtures)

from safeguard.factors import FACTORS

pytestmark = BROWSER_JOURNEY

QUESTION = "Why do so many families come back to us within a year, and what are we changing?"
ANSWER = "A dip sample of 40 re-referrals found cases closed after one assessment; step-down now needs a lead professional."


@pytest.fixture(scope="module")
def council_site(tmp_path_factory: pytest.TempPathFactory, synthetic_council_source) -> Iterator[Site]:
    home = tmp_path_factory.mktemp("assurance-site")
    shutil.copytree(synthetic_council_source.home, home, dirs_exist_ok=True)
    environment, sheet = prepare_site(home)
    with serving(home, environment, sheet) as running:
        yield running


def _fill_date(where, prefix: str, day: str, month: str, year: str) -> None:
    where.locator(f"input#{prefix}").fill(day)
    where.locator(f"input#{prefix}-month").fill(month)
    where.locator(f"input#{prefix}-year").fill(year)


def _sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()


def _next_code_window(since: float | None) -> None:
    """Each one-time code works once: wait until the authenticator shows a code newer than the
    one read at ``since`` (codes change every 30 seconds). The time is taken when the code is
    read, not before signing in: a sign-in that crosses into the next 30 seconds reads the newer
    code, and waiting from before it would offer that code again."""
    assert since is not None
    while time.time() // 30 <= since // 30:
        time.sleep(0.5)


def test_the_assurance_cycle_from_a_challenge_to_an_action_s_impact_and_an_agreed_self_assessment(page, council_site):
    site = council_site
    # The Lead Member challenges from the indicator's page.
    sign_in(page, site, site.accounts["lead-member"], "assurance-lead-member")
    page.goto(f"{site.url}/indicators/re_referral_rate")
    page.get_by_role("link", name="Raise a challenge about this indicator").click()
    page.wait_for_url("**/challenges/raise*")
    visit(page, "assurance-01-raise")
    page.get_by_label("Your question").fill(QUESTION)
    page.get_by_role("button", name="Raise the challenge").click()
    page.wait_for_url("**/challenges/*")
    visit(page, "assurance-02-raised")
    challenge_url = page.url
    assert "Raised, waiting for an owner" in page.locator("main").inner_text()
    _sign_out(page)

    # The Director assigns it, answers it, and the Lead Member closes it.
    first_code_at = sign_in(page, site, site.accounts["dcs"], "assurance-dcs")
    page.goto(challenge_url)
    page.get_by_label("Who will answer").select_option(label="Demo Director of Children's Services")
    _fill_date(page, "due", "31", "12", "2099")
    with page.expect_navigation():
        page.get_by_role("button", name="Assign").click()
    assert page.url == challenge_url, page.locator("main").inner_text()
    visit(page, "assurance-03-assigned")
    page.get_by_label("Your answer, with the evidence for it").fill(ANSWER)
    with page.expect_navigation():
        page.get_by_role("button", name="Send the answer").click()
    visit(page, "assurance-04-answered")
    _sign_out(page)
    sign_in(page, site, site.accounts["lead-member"], "assurance-lead-member-again")
    assert "1 challenge you raised has been answered" in page.locator("main").inner_text()
    page.goto(challenge_url)
    page.get_by_label("Why the answer satisfies you").fill("Clear; I will watch the figure in the monthly briefing.")
    with page.expect_navigation():
        page.get_by_role("button", name="Close the challenge: the answer holds").click()
    assert "Closed" in page.locator("main").inner_text()
    _sign_out(page)

    # The Director puts an action on the plan from the challenge; its impact is measured.
    _next_code_window(first_code_at)
    sign_in(page, site, site.accounts["dcs"], "assurance-dcs-again")
    page.goto(challenge_url)
    page.get_by_role("link", name="Raise an action on the improvement plan from this challenge").click()
    page.wait_for_url("**/plan/add*")
    visit(page, "assurance-05-action-form")
    page.get_by_label("What is the action?").fill("Step-down to early help needs a named lead professional")
    page.get_by_label("Who owns it?").select_option(label="Demo Director of Children's Services")
    _fill_date(page, "due", "31", "3", "2099")
    page.get_by_label("Which way should it move?").select_option("down")
    page.get_by_role("button", name="Save the action").click()
    page.wait_for_url("**/plan/*")
    visit(page, "assurance-06-action")
    text = page.locator("main").inner_text()
    assert "Came from\nA leader's challenge" in text or "A leader's challenge" in text
    assert "when the action was raised" in text  # the impact line, read against the frozen baseline
    page.get_by_role("button", name="Start the action").click()
    page.wait_for_url("**/plan/*")
    assert "In progress" in page.locator("main").inner_text()

    # A self-assessment: start a cycle, grade a factor, submit it (freezing its evidence), agree it.
    page.goto(f"{site.url}/self-assessment/start")
    visit(page, "assurance-07-start-cycle")
    page.get_by_role("button", name="Start the self-assessment").click()
    page.wait_for_url("**/self-assessment/*")
    cycle_url = page.url
    visit(page, "assurance-08-cycle")
    for factor in FACTORS:  # every factor is graded, with its narrative, before it can be submitted
        page.get_by_role("link", name=f"Grade {factor.title.lower()}").click()
        if factor.id == "leadership":
            visit(page, "assurance-09-grade")
        page.get_by_label("Good", exact=True).check()
        page.get_by_label("Narrative: what we know, and how we know it").fill(f"What we know of {factor.title.lower()}, and how.")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(f"{cycle_url}#*")
    page.get_by_role("button", name="Submit for the Director's agreement").click()
    page.wait_for_url(f"{cycle_url}*")
    page.get_by_role("button", name="Agree the self-assessment").click()
    page.wait_for_url(f"{cycle_url}*")
    visit(page, "assurance-10-agreed")
    assert "Agreed" in page.locator("main").inner_text()
