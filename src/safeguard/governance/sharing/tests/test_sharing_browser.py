"""Sharing and emergency access in a real browser, on the real site (``safeguard serve``) with a
return imported and the demo's partnership member's agency recorded: a practice lead opens a child's records
in an emergency; the Director finds it at the top of their home page and reviews it, then proposes
and approves an agreement with the safeguarding partnership; the partnership's member sees the
list it grants. axe-core finds no serious or critical WCAG 2.2 AA problem on any page."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest
from test_browser import BROWSER_JOURNEY, MANAGE, Site, browser, page, prepare_site, serving, sign_in, visit  # noqa: F401 (fixtures)
from workbooks import CHILD_IDS, annex_a_workbook

pytestmark = BROWSER_JOURNEY


PARTNERSHIP_MEMBER = """
from safeguard.governance.disagreements.models import AgencyMembership
from safeguard.web.accounts.models import User
member = User.objects.get(username__endswith="board-member")
AgencyMembership.objects.create(person=member, agency="partnership", created_by=member)
"""
"""The demo partnership member works for the partnership (as the demo's disagreements record it)."""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    from safeguard.snapshots import Store

    home = tmp_path_factory.mktemp("sharing-site")
    environment, sheet = prepare_site(home)
    with Store(home) as store:
        store.import_file(annex_a_workbook(home / "return.xlsx"), loaded_by="demo-analyst")
    subprocess.run([*MANAGE, "shell", "-c", PARTNERSHIP_MEMBER], env=environment, check=True, timeout=120)
    with serving(home, environment, sheet) as running:
        yield running


def _fill_date(where, prefix: str, day: str, month: str, year: str) -> None:
    where.locator(f"input#{prefix}").fill(day)
    where.locator(f"input#{prefix}-month").fill(month)
    where.locator(f"input#{prefix}-year").fill(year)


def test_an_emergency_look_is_reviewed_and_an_agreement_shares_a_list_with_the_partnership(page, site):  # noqa: F811
    child = sorted(CHILD_IDS)[0]
    sign_in(page, site, site.accounts["practice-lead"], "sharing-lead")
    page.get_by_role("link", name="Emergency access").first.click()
    page.wait_for_url("**/sharing/emergency")
    visit(page, "sharing-lead-04-emergency")
    page.get_by_label("The child's identifier").fill(child)
    page.get_by_label("Why do you need the child's records now?").fill("A parent is at reception demanding to take the child home tonight.")
    page.get_by_role("button", name="Open the records").click()
    page.wait_for_url("**/sharing/emergency/*/child")
    visit(page, "sharing-lead-05-child")
    assert child in page.locator("main").inner_text()
    page.get_by_role("button", name="Sign out").first.click()
    page.wait_for_url("**/sign-in")

    sign_in(page, site, site.accounts["dcs"], "sharing-dcs")
    assert "1 emergency look at a child's records waits for review" in page.locator("main").inner_text()
    page.get_by_role("link", name="Review emergency looks").click()
    page.wait_for_url("**/sharing/emergencies")
    visit(page, "sharing-dcs-04-emergencies")
    page.locator("main ul").first.get_by_role("link").first.click()
    visit(page, "sharing-dcs-05-emergency")
    page.get_by_label("Justified: an emergency, and only what was needed was seen").check()
    page.get_by_label("What the review found, and anything to follow up").fill("Out of hours; the duty manager agreed afterwards.")
    page.get_by_role("button", name="Record the review").click()
    visit(page, "sharing-dcs-06-reviewed")
    assert "Reviewed" in page.locator("main").inner_text()

    page.get_by_role("link", name="Sharing").first.click()
    page.wait_for_url("**/sharing/shared")
    visit(page, "sharing-dcs-07-sharing")
    page.get_by_role("link", name="Every sharing agreement").click()
    page.wait_for_url("**/sharing/agreements")
    visit(page, "sharing-dcs-08-agreements")
    page.get_by_role("link", name="Propose an agreement").click()
    visit(page, "sharing-dcs-09-propose")
    page.get_by_label("Which partner agency?").select_option("partnership")
    page.get_by_label("What does the partner need the records for?").fill("The partnership's multi-agency audit of referrals this quarter.")
    page.get_by_label("Referrals").check()
    _fill_date(page, "starts_on", "1", "1", "2020")
    _fill_date(page, "ends_on", "31", "12", "2099")
    page.get_by_role("button", name="Propose the agreement").click()
    page.wait_for_url("**/sharing/agreements/*")
    visit(page, "sharing-dcs-10-proposed")
    page.get_by_label("Why sharing these lists is necessary and proportionate for the purpose").fill("One list, for the audit only.")
    page.get_by_role("button", name="Approve the agreement").click()
    visit(page, "sharing-dcs-11-approved")
    assert "In force today" in page.locator("main").inner_text()
    page.get_by_role("button", name="Sign out").first.click()
    page.wait_for_url("**/sign-in")

    sign_in(page, site, site.accounts["board-member"], "sharing-partner")
    page.get_by_role("link", name="Sharing").first.click()
    page.wait_for_url("**/sharing/shared")
    visit(page, "sharing-partner-04-shared")
    page.get_by_role("link", name="Referrals").click()
    visit(page, "sharing-partner-05-list")
    assert child in page.locator("main").inner_text()
