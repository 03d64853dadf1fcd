"""The workforce pages in a real browser, on the real site (``safeguard serve``): the Lead Member
reads the workforce picture (no worker named), a manager asks for suggestions for a new case and
records the decision; axe-core finds no serious or critical WCAG 2.2 AA problem on any of them.
Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

import subprocess

import pytest
from test_browser import BROWSER_JOURNEY, MANAGE, _site_environment, browser, page, sign_in, site, visit  # noqa: F401 (browser, page and site are fixtures)

pytestmark = BROWSER_JOURNEY


@pytest.fixture(scope="module")
def staffed(site):  # noqa: F811
    """The site's return with a workforce file naming its allocated workers, and the demo practice lead managing a team."""
    from safeguard.snapshots import Store, WorkforceStore

    with Store(site.home) as store:
        latest = store.get("latest")
        rows = store.table(latest.id, "children_in_need").select(["team", "worker"]).to_pylist()
    teams_of: dict[str, str] = {}
    for row in rows:
        if row["team"] and row["worker"] and row["worker"] != "Unallocated":
            teams_of.setdefault(row["worker"], row["team"])  # each worker once, in the first team the return gives them
    workers = sorted((team, worker) for worker, team in teams_of.items())
    lines = ["Worker,Team,Role,FTE,Start date,Employment"] + [f"{worker},{team},social worker,1,2015-01-01,permanent" for team, worker in workers]
    path = site.home / f"workforce_{latest.period_end.isoformat()}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert WorkforceStore(site.home).import_file(path).snapshot is not None
    team = workers[0][0]
    script = (
        "from safeguard.web.accounts.models import User; from safeguard.governance.allocation.models import ManagedTeam; "
        f"person = User.objects.get(username='demo-practice-lead'); ManagedTeam.objects.get_or_create(manager=person, team={team!r}, defaults={{'created_by': person}})"
    )
    subprocess.run([*MANAGE, "shell", "-c", script], env=_site_environment(site.home), check=True, timeout=120)
    return team, [worker for worker_team, worker in workers if worker_team == team]


def test_the_lead_member_reads_the_workforce_picture_without_names(page, site, staffed):  # noqa: F811
    _, workers = staffed
    sign_in(page, site, site.accounts["lead-member"], "workforce-lead-member")
    page.get_by_role("link", name="Workforce and caseloads").first.click()
    page.wait_for_url("**/workforce/")
    visit(page, "workforce-lead-member-01-picture")
    text = page.locator("main").inner_text()
    assert "Children with no social worker" in text and "Team by team" in text
    assert not any(worker in text for worker in workers)


def test_a_manager_gets_suggestions_and_records_the_decision(page, site, staffed):  # noqa: F811
    team, workers = staffed
    sign_in(page, site, site.accounts["practice-lead"], "workforce-practice-lead")
    page.goto(f"{site.url}/workforce/allocate")
    visit(page, "workforce-practice-lead-01-allocate")
    page.get_by_label("The case system's reference").fill("CASE-77")
    page.get_by_label("What kind of case is it?").select_option("children_in_need")
    page.get_by_role("button", name="Suggest workers").click()
    page.wait_for_url("**/workforce/allocate?*")
    visit(page, "workforce-practice-lead-02-suggestions")
    assert "Suggested workers" in page.locator("main").inner_text()
    page.get_by_label("Why (needed if you choose someone not suggested)").fill("Knows the family already.")
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_url("**/workforce/decisions/*")
    visit(page, "workforce-practice-lead-03-decision")
    assert "CASE-77" in page.locator("main").inner_text()
