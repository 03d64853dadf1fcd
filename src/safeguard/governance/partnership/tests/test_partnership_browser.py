"""The partnership in a real browser, on the real site with the demo seeded: its chair plans a
meeting (a wrong date first), records it as held and records who came, challenges a section 11
return and reads the escalation; axe-core finds no serious or critical WCAG 2.2 AA problem on
any page. Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest
from test_browser import BROWSER_JOURNEY, MANAGE, Site, browser, page, prepare_site, serving, sign_in, visit  # noqa: F401 (fixtures)

pytestmark = BROWSER_JOURNEY


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    home = tmp_path_factory.mktemp("partnership-site")
    environment, sheet = prepare_site(home)
    subprocess.run([*MANAGE, "seed_demo_governance"], env=environment, check=True, capture_output=True, timeout=300)
    with serving(home, environment, sheet) as running:
        yield running


def _fill_date(where, prefix: str, day: str, month: str, year: str) -> None:
    where.locator(f"input#{prefix}").fill(day)
    where.locator(f"input#{prefix}-month").fill(month)
    where.locator(f"input#{prefix}-year").fill(year)


def test_the_chair_runs_a_meeting_and_challenges_a_section_11_return(page, site):  # noqa: F811
    sign_in(page, site, site.accounts["board-member"], "partnership-chair")
    page.get_by_role("link", name="Safeguarding partnership").first.click()
    page.wait_for_url("**/partnership/")
    visit(page, "partnership-chair-04-overview")
    main = page.locator("main")
    assert "Probation service" in main.inner_text() and "Senior enough" in main.inner_text()

    page.get_by_role("button", name="Plan a meeting").click()
    _fill_date(page, "held_on", "31", "2", "2026")
    page.get_by_role("button", name="Save").click()
    visit(page, "partnership-chair-05-meeting-error")
    assert "must be a real date" in page.locator("main").inner_text()
    _fill_date(page, "held_on", "2", "3", "2026")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/partnership/meetings/*")
    page.locator("#reason").fill("Agreed the neglect strategy.")
    page.get_by_role("button", name="Record that the meeting was held").click()
    page.wait_for_url("**/partnership/meetings/*")
    visit(page, "partnership-chair-06-meeting")
    page.get_by_label("Who came from Police", exact=True).select_option("deputy")
    page.get_by_label("Name and job title of who came from Police").fill("DS Jones, detective sergeant")
    page.get_by_label("Could the person from Police commit it?").select_option("no")
    page.get_by_role("button", name="Save the attendance").click()
    page.wait_for_url("**/partnership/meetings/*")
    assert "not senior enough to commit the agency" in page.locator("main").inner_text() or "DS Jones" in page.content()

    page.get_by_role("link", name="Safeguarding partnership").first.click()
    page.locator("main").get_by_role("link", name="Youth justice service").last.click()
    page.wait_for_url("**/partnership/section-11/*")
    visit(page, "partnership-chair-07-audit")
    form = page.locator("form.app-step").filter(has_text="Challenge the self-assessment")
    form.locator("textarea").fill("Show how many staff have had safeguarding training this year.")
    form.get_by_role("button", name="Challenge the self-assessment").click()
    page.wait_for_url("**/partnership/section-11/*")
    visit(page, "partnership-chair-08-challenged")
    assert "The partnership's challenge" in page.locator("main").inner_text()

    page.get_by_role("link", name="Safeguarding partnership").first.click()
    page.locator("main").get_by_role("link", name="Probation service").first.click()
    page.wait_for_url("**/partnership/agencies/*")
    visit(page, "partnership-chair-09-agency")
    page.locator("main").get_by_role("link", name="E001").click()
    page.wait_for_url("**/partnership/escalations/*")
    visit(page, "partnership-chair-10-escalation")
    assert "most senior people" in page.locator("main").inner_text()

    page.get_by_role("link", name="Safeguarding partnership").first.click()
    page.locator("main").get_by_role("link", name="Learning and improvement").first.click()
    visit(page, "partnership-chair-11-sub-group")
    page.get_by_role("link", name="Safeguarding partnership").first.click()
    page.locator("main").get_by_role("link", name="W001: Exploitation screening tool in every agency").click()
    visit(page, "partnership-chair-12-work")
