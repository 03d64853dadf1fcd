"""The framework's pages in a real browser, on the real site (``safeguard serve``): a Lead Member
reads the framework and the questions meant for them, the Director adds a question of the
council's own (a mistake first) and retires it; axe-core finds no serious or critical WCAG 2.2
AA problem on any of those pages. Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

from test_browser import BROWSER_JOURNEY, browser, page, sign_in, site, visit  # noqa: F401 (browser, page and site are fixtures)

pytestmark = BROWSER_JOURNEY


def test_a_lead_member_reads_the_framework_and_the_questions_meant_for_them(page, site):  # noqa: F811
    sign_in(page, site, site.accounts["lead-member"], "framework-lead-member")
    page.get_by_role("link", name="Assurance framework").first.click()
    page.wait_for_url("**/framework")
    visit(page, "framework-lead-member-01-framework")
    main = page.locator("main")
    assert main.get_by_role("heading", name="2. Culture").is_visible()
    assert "Add a question of the council" not in main.inner_text()
    main.get_by_role("link", name="the Lead Member").click()
    page.wait_for_url("**/framework?for=lead_member")
    visit(page, "framework-lead-member-02-for-the-lead-member")
    assert "Showing the" in main.inner_text() and "meant for the Lead Member" in main.inner_text()
    main.get_by_role("link", name="Children starting to be looked after per 10,000 children").first.click()
    page.wait_for_url("**/indicators/cla_starts_per_10k")


def test_the_director_adds_a_question_of_the_councils_own_and_retires_it(page, site):  # noqa: F811
    sign_in(page, site, site.accounts["dcs"], "framework-dcs")
    page.goto(f"{site.url}/framework")
    page.get_by_role("link", name="Add a question of the council's own about partnership working").click()
    page.wait_for_url("**/framework/questions/add?factor=partnership")
    visit(page, "framework-dcs-01-add")
    assert page.get_by_label("Partnership working").is_checked()
    page.get_by_role("button", name="Add the question").click()
    visit(page, "framework-dcs-02-add-errors")
    assert page.get_by_role("alert").is_visible() and "Write the question" in page.locator("main").inner_text()
    page.get_by_label("The question").fill("Do schools know whom to call out of hours?")
    page.get_by_label("Contacts per 10,000 children").check()
    page.get_by_label("Lead Member").check()
    page.get_by_role("button", name="Add the question").click()
    page.wait_for_url("**/framework/questions/*")
    visit(page, "framework-dcs-03-question")
    assert "Do schools know whom to call out of hours?" in page.locator("h1").inner_text()
    page.get_by_label("Retire this question").fill("The schools' forum asks it every term.")
    page.get_by_role("button", name="Retire the question").click()
    page.wait_for_url("**/framework/questions/*")
    visit(page, "framework-dcs-04-retired")
    history = page.locator("main").inner_text()
    assert "Retired by Demo Director of Children's Services" in history and "The schools' forum asks it every term." in history
