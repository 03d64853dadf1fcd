"""Induction, the briefing cycle and inspection in a real browser, on the real site (``safeguard
serve``) with the demo's year of these records seeded and the published files loaded: the Lead Member follows the
home page to an overdue induction item and records it (a bad date first); the analyst records a
briefing that never came; the Director reads the council's and its neighbours' grades, records a
readiness item and puts a focused visit's recommendation on the plan. axe-core finds no serious
or critical WCAG 2.2 AA problem on any page. Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest
from test_browser import BROWSER_JOURNEY, MANAGE, Site, browser, page, prepare_site, serving, sign_in, visit  # noqa: F401 (fixtures)

from published_data import BENCHMARKS
from safeguard.benchmarks.loader import load_benchmarks
from safeguard.council import Council, save_council

pytestmark = BROWSER_JOURNEY


SEED = """
from django.utils import timezone
from safeguard.governance.induction import demo as induction
from safeguard.governance.inspection import demo as inspection
from safeguard.governance.workflow.demo_cast import DemoCast
from safeguard.web.demo_users import demo_people
cast = DemoCast(today=timezone.localdate(), data_month=None, people=demo_people())
print(induction.seed(cast))
print(inspection.seed(cast))
"""
"""The demo's year of these two apps alone, so that the journeys do not hang on other apps' demos."""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    home = tmp_path_factory.mktemp("inspection-site")
    environment, sheet = prepare_site(home)
    if BENCHMARKS.is_dir():
        load_benchmarks(BENCHMARKS, home=home)
        save_council(Council(name="Demo council", la_code="370"), home)
    subprocess.run([*MANAGE, "shell", "-c", SEED], env=environment, check=True, capture_output=True, timeout=300)
    with serving(home, environment, sheet) as running:
        yield running


def _fill_date(where, prefix: str, day: str, month: str, year: str) -> None:
    where.locator(f"input#{prefix}").fill(day)
    where.locator(f"input#{prefix}-month").fill(month)
    where.locator(f"input#{prefix}-year").fill(year)


def test_the_lead_member_records_an_overdue_induction_item(page, site):  # noqa: F811
    sign_in(page, site, site.accounts["lead-member"], "induction-lead-member")
    assert "1 item of your induction plan is past its date." in page.locator("main").inner_text()
    page.get_by_role("link", name="Your induction plan").click()
    page.wait_for_url("**/leaders/induction/*")
    visit(page, "induction-lead-member-04-plan")
    assert "Overdue" in page.locator("main").inner_text()
    page.locator("#members_development").get_by_role("link", name="Record").click()
    page.wait_for_url("**/items/members_development")
    visit(page, "induction-lead-member-05-item")
    _fill_date(page, "done_on", "30", "2", "2026")
    page.get_by_role("button", name="Save").click()
    visit(page, "induction-lead-member-06-bad-date")
    assert page.get_by_role("alert").is_visible() and "must be a real date" in page.locator("main").inner_text()
    _fill_date(page, "done_on", "2", "3", "2026")
    page.get_by_label("Note (optional)").fill("Safeguarding session for all councillors booked with Member Services.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/leaders/induction/*")
    assert "Overdue" not in page.locator("#members_development").inner_text()
    page.get_by_role("link", name="Induction and briefings").first.click()
    page.wait_for_url("**/leaders/")
    visit(page, "induction-lead-member-07-cycle")
    text = page.locator("main").inner_text()
    assert "Delivered late" in text and "Not delivered: overdue" in text


def test_the_analyst_records_a_missed_briefing(page, site):  # noqa: F811
    sign_in(page, site, site.accounts["analyst"], "induction-analyst")
    page.goto(f"{site.url}/leaders/")
    before = page.locator("main").get_by_text("Not delivered: overdue").count()
    page.locator("main").get_by_role("link", name="Record it").first.click()
    page.wait_for_url("**/leaders/briefings/record?occurrence=*")
    visit(page, "induction-analyst-04-record")
    page.get_by_role("button", name="Save").click()
    visit(page, "induction-analyst-05-errors")
    assert "Enter the day it was delivered" in page.locator("main").inner_text()
    page.goto(page.url)
    today = page.evaluate("() => { const d = new Date(Date.now() - 86400000); return [d.getDate(), d.getMonth() + 1, d.getFullYear()]; }")
    _fill_date(page, "delivered_on", *(str(part) for part in today))
    page.get_by_label("Lead Member").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/leaders/")
    assert page.locator("main").get_by_text("Not delivered: overdue").count() == before - 1


def test_the_director_reads_the_grades_keeps_readiness_and_puts_a_recommendation_on_the_plan(page, site):  # noqa: F811
    sign_in(page, site, site.accounts["dcs"], "inspection-dcs")
    page.get_by_role("link", name="Inspection").first.click()
    page.wait_for_url("**/inspection/")
    visit(page, "inspection-dcs-04-overview")
    text = page.locator("main").inner_text()
    assert "When help and protection is inadequate, so is overall effectiveness." in text
    if BENCHMARKS.is_dir():
        assert "Barnsley" in text and "Neighbour 10" in text
    page.get_by_role("link", name="The readiness checklist").click()
    visit(page, "inspection-dcs-05-readiness")
    page.locator("#requests_answered").get_by_role("link", name="Record").click()
    visit(page, "inspection-dcs-06-readiness-item")
    page.get_by_label("Ready").check()
    page.get_by_role("button", name="Save").click()
    visit(page, "inspection-dcs-07-readiness-error")
    assert "Say what shows it" in page.locator("main").inner_text()
    page.get_by_label("Evidence").fill("Request log set up in the case system; tested at the practice run.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/inspection/readiness#requests_answered")
    page.goto(f"{site.url}/inspection/history")
    visit(page, "inspection-dcs-08-history")
    page.get_by_role("link", name="Focused visit").click()
    visit(page, "inspection-dcs-09-visit")
    page.get_by_role("link", name="Raise a plan action").click()
    visit(page, "inspection-dcs-10-action")
    page.get_by_label("What is the action?").fill("Offer every return interview within three days")
    page.get_by_label("Which factor does it serve?").select_option("outcomes")
    page.get_by_label("Who owns it?").select_option(label="Priya Nair (Head of children in care)")
    _fill_date(page, "due", "31", "3", "2027")
    page.get_by_role("button", name="Put it on the improvement plan").click()
    page.wait_for_url("**/inspection/history/*")
    visit(page, "inspection-dcs-11-visit-with-actions")
    assert page.get_by_role("link", name="Raise a plan action").count() == 0
