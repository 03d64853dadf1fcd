"""Reviews and cases in a real browser, on the real site (``safeguard serve``) with the demo's
casework seeded: the Director takes a serious incident from the national panel's notification to
the plan action on its recommendation, and takes a disagreement up every stage of the ladder to
its resolution; the Lead Member finds the briefing waiting for them, acknowledges it, and reads
the complaints summary; axe-core finds no serious or critical WCAG 2.2 AA problem on any page.
Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest
from test_browser import BROWSER_JOURNEY, MANAGE, Site, browser, page, prepare_site, serving, sign_in, visit  # noqa: F401 (fixtures)

pytestmark = BROWSER_JOURNEY


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    home = tmp_path_factory.mktemp("casework-site")
    environment, sheet = prepare_site(home)
    subprocess.run([*MANAGE, "seed_demo_governance"], env=environment, check=True, capture_output=True, timeout=300)
    with serving(home, environment, sheet) as running:
        yield running


def _fill_date(where, prefix: str, day: str, month: str, year: str) -> None:
    """The three boxes of a date: the day box carries the field's own id, which the error summary links to."""
    where.locator(f"input#{prefix}").fill(day)
    where.locator(f"input#{prefix}-month").fill(month)
    where.locator(f"input#{prefix}-year").fill(year)


def test_the_director_takes_an_incident_to_its_plan_action_and_a_disagreement_up_the_ladder(page, site):  # noqa: F811
    sign_in(page, site, site.accounts["dcs"], "casework-dcs")
    page.get_by_role("link", name="Reviews and cases").first.click()
    page.wait_for_url("**/cases/")
    visit(page, "casework-dcs-04-hub")
    main = page.locator("main")
    assert "Waiting for you" in main.inner_text() and "Overdue" in main.inner_text()

    main.get_by_role("link", name="Serious incidents and practice reviews").click()
    page.wait_for_url("**/cases/reviews/")
    visit(page, "casework-dcs-05-incidents")
    page.get_by_role("button", name="Record a serious incident").click()
    page.get_by_label("What happened, in a line").fill("Serious injury to a child at a childminder's")
    page.get_by_label("A child has been seriously harmed").check()
    page.get_by_label("The circumstances").fill("A toddler was injured at a registered childminder's; neglect suspected.")
    _fill_date(page, "aware_on", "17", "4", "2025")
    page.get_by_role("button", name="Save the incident").click()
    page.wait_for_url("**/cases/reviews/*")
    visit(page, "casework-dcs-06-incident")
    assert "Monday 28 April 2025" in page.locator("main").inner_text()

    form = page.locator("form.app-step").filter(has_text="Record the notification to the national panel")
    _fill_date(form, "notify-on", "31", "2", "2025")
    form.get_by_role("button", name="Record the notification to the national panel").click()
    visit(page, "casework-dcs-07-step-error")
    assert page.get_by_role("alert").is_visible() and "must be a real date" in page.locator("main").inner_text()
    for name, (day, month) in (("notify", ("24", "4")), ("complete_rapid_review", ("14", "5"))):
        form = page.locator("form.app-step").filter(has=page.locator(f"input#{name}-on"))
        _fill_date(form, f"{name}-on", day, month, "2025")
        form.locator("button").click()
        page.wait_for_url("**/cases/reviews/*")
    form = page.locator("form.app-step").filter(has=page.locator("input#decide_review-on"))
    _fill_date(form, "decide_review-on", "14", "5", "2025")
    form.locator("#decide_review-reason").fill("The childminder had been the subject of two earlier concerns.")
    form.locator("button").click()
    page.wait_for_url("**/cases/reviews/*")
    form = page.locator("form.app-step").filter(has=page.locator("input#publish-on"))
    _fill_date(form, "publish-on", "3", "11", "2025")
    form.locator("#publish-reason").fill("The partnership's website")
    form.locator("button").click()
    page.wait_for_url("**/cases/reviews/*")
    page.get_by_label("Add a recommendation of the review").fill("Ofsted and the council share concerns about childminders within a day.")
    page.get_by_role("button", name="Add the recommendation").click()
    page.wait_for_url("**/cases/reviews/*")
    page.get_by_role("link", name="Raise its action on the plan").click()
    visit(page, "casework-dcs-08-recommendation-action")
    page.get_by_label("Which factor does it serve?").select_option("partnership")
    _fill_date(page, "due", "31", "3", "2027")
    page.get_by_role("button", name="Put it on the improvement plan").click()
    page.wait_for_url("**/cases/reviews/*")
    visit(page, "casework-dcs-09-published")
    text = page.locator("main").inner_text()
    assert "Review published: actions being followed up" in text and "Not started, owned by" in text

    page.goto(f"{site.url}/cases/disagreements/raise")
    visit(page, "casework-dcs-10-raise-disagreement")
    page.get_by_label("Which agency is raising it?").select_option("health")
    page.get_by_label("Which agency's decision or action do you disagree with?").select_option("social_care")
    page.get_by_label("Sharing information").check()
    page.get_by_label("The disagreement", exact=True).fill("Health were not told the outcome of an assessment.")
    page.get_by_label("The people involved").fill("Health visitor and social worker")
    page.get_by_label("The child's reference in the case management system").fill("NB-999001")
    page.get_by_role("button", name="Raise the disagreement").click()
    page.wait_for_url("**/cases/disagreements/*")
    for stage in range(3):
        page.get_by_label("Why it is unresolved, and what the next stage is asked to decide").fill(f"Still unresolved at stage {stage + 1}.")
        page.get_by_role("button", name="Escalate to the next stage").click()
        page.wait_for_url("**/cases/disagreements/*")
    visit(page, "casework-dcs-11-disagreement-at-partnership")
    assert "At stage 4, the safeguarding partnership" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Escalate to the next stage").count() == 0
    page.get_by_label("The outcome: what was agreed, and what happens now for the child").fill("Agreed to share outcomes in writing.")
    page.get_by_role("button", name="Record the resolution").click()
    page.wait_for_url("**/cases/disagreements/*")
    visit(page, "casework-dcs-12-disagreement-resolved")
    assert page.locator("main").inner_text().count("Escalated") == 3


def test_the_lead_member_acknowledges_a_briefing_and_reads_the_complaints_summary(page, site):  # noqa: F811
    sign_in(page, site, site.accounts["lead-member"], "casework-lead-member")
    assert "things wait for you in significant case briefings" in page.locator("main").inner_text()
    page.get_by_role("link", name="Reviews and cases").first.click()
    page.wait_for_url("**/cases/")
    visit(page, "casework-lead-member-04-hub")
    page.locator("main").get_by_role("link", name="Acknowledge significant case briefing").first.click()
    page.wait_for_url("**/cases/briefings/*")
    visit(page, "casework-lead-member-05-briefing")
    assert "NB-" not in page.content()
    page.get_by_label("Anything you want recorded with it (optional)").fill("I will raise it with the Leader.")
    page.get_by_role("button", name="I have read this briefing").click()
    page.wait_for_url("**/cases/briefings/*")
    visit(page, "casework-lead-member-06-acknowledged")
    assert "acknowledged version" in page.locator("main").inner_text()
    page.goto(f"{site.url}/cases/complaints/summary")
    visit(page, "casework-lead-member-07-complaints-summary")
    assert "[c]" in page.locator("main").inner_text()
    for path in ("/cases/disagreements/summary", "/cases/reviews/", "/cases/complaints/"):
        page.goto(f"{site.url}{path}")
        visit(page, "casework-lead-member-08" + path.replace("/", "-").rstrip("-"))
        assert "NB-" not in page.content()



def _from_the_hub(page, site: Site, account: str, link: str, address: str, name: str) -> None:  # noqa: F811
    """Sign ``account`` in, open the casework hub and follow its ``link`` to ``address`` (checked with axe)."""
    sign_in(page, site, site.accounts[account], name)
    page.get_by_role("link", name="Reviews and cases").first.click()
    page.wait_for_url("**/cases/")
    page.locator("main").get_by_role("link", name=link).click()
    page.wait_for_url(address)
    visit(page, f"{name}-04-{address.rstrip('/').rsplit('/', 1)[-1]}")


def test_the_partnership_chair_reads_the_years_child_death_reviews_and_one_review(page, site):  # noqa: F811
    """The demo's year of child death reviews from the casework hub, as the partnership's chair
    who keeps them: the list and one review pass axe, and the child's reference is one further,
    logged, click. The chair's account is this site's alone: no other journey here signs it in,
    so its one-time code is never refused as a replay."""
    _from_the_hub(page, site, "board-member", "Child death reviews", "**/cases/child-deaths/", "child-deaths-chair")
    assert "what the panel learnt" in page.locator("main").inner_text()
    page.locator("main table a").first.click()
    page.wait_for_url("**/cases/child-deaths/*")
    visit(page, "child-deaths-chair-05-review")
    main = page.locator("main")
    assert "Learning from child deaths" in main.inner_text() and "CD-4" not in main.inner_text()
    assert main.get_by_role("link", name="See the child's reference").count() == 1


def test_the_leader_reads_the_years_learning_from_child_deaths_in_figures(page, site):  # noqa: F811
    """The Leader (signing in without a one-time code, and by no other journey here) reaches the
    year's learning from the hub: figures only, small numbers hidden, no review and no child."""
    _from_the_hub(page, site, "leader", "Learning from child deaths", "**/cases/child-deaths/learning", "child-deaths-leader")
    main = page.locator("main")
    assert main.get_by_role("heading", name="Deaths and reviews").is_visible()
    assert main.get_by_role("table").first.get_by_role("rowheader", name="All deaths told of").is_visible()
    assert "CD-4" not in page.content() and "/cases/child-deaths/1" not in page.content()
