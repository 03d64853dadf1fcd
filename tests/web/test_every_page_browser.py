"""Every page of the site in a real browser, checked with axe (issue 8, point 10: "axe finding no
violations on each new page"; issue 9, point 9).

The journeys elsewhere check the pages a task passes through. This one signs in as the roles
whose pages, between them, cover every other role's, on the synthetic council with the demo's
year of governance records, and follows every link it is shown, from the home page outward,
until it has seen one page of every address pattern it can reach (``/cases/reviews/<id>`` once,
not for every incident). Each page must answer 200 and pass axe-core with no serious or critical
WCAG 2.2 AA problem; every failure is collected and listed at the end, so one run names them
all. A page reached first by one role is
not visited again by the next: axe judges the page's markup, which roles share."""

from __future__ import annotations

import shutil
import subprocess
import urllib.parse
from collections.abc import Iterator

import pytest
from django.urls import Resolver404, resolve
from test_browser import BROWSER_JOURNEY, MANAGE, Site, browser, check_accessibility, prepare_site, serving, sign_in  # noqa: F401 (fixtures)

pytestmark = BROWSER_JOURNEY

ROLES = ("dcs", "analyst", "administrator")
"""The Director reaches almost every page; the analyst adds the data pages and the administrator
the people pages. Crawled in full, the other six roles reach no address pattern these three do not
(measured: each added only its own home page), so signing them in would judge nothing new."""

NOT_PAGES = ("/sign-out", "/static/", "/api/", "/health", "/media/")
"""Addresses that are not pages to judge: signing out would end the crawl; the rest are files,
data or the server's own checks."""

DOWNLOADS = (".csv", ".xlsx", ".pdf", ".docx", ".zip", ".json", ".html.zip")

PAGES_PER_ROLE = 400
"""A guard against a crawl that never ends (a link that makes a new address each time)."""


@pytest.fixture(scope="module")
def governed_site(tmp_path_factory: pytest.TempPathFactory, synthetic_council_source) -> Iterator[Site]:
    home = tmp_path_factory.mktemp("every-page-site")
    shutil.copytree(synthetic_council_source.home, home, dirs_exist_ok=True)
    environment, sheet = prepare_site(home)
    subprocess.run([*MANAGE, "seed_demo_governance"], env=environment, check=True, capture_output=True, timeout=300)
    with serving(home, environment, sheet) as running:
        yield running


def page_pattern(path: str) -> str | None:
    """The address pattern a path belongs to (``cases/reviews/<int:incident_id>``), or None for
    an address that is not one of the site's pages."""
    if path.startswith(NOT_PAGES) or path.endswith(DOWNLOADS) or "/download" in path:
        return None
    try:
        return resolve(path).route
    except Resolver404:
        return None


def links_on(page, site: Site) -> list[str]:
    """The site's own addresses the page links to, without fragments or query strings."""
    found = []
    for href in page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)"):
        address = urllib.parse.urlsplit(href)
        if f"{address.scheme}://{address.netloc}" == site.url and address.path:
            found.append(address.path)
    return found


def crawl(page, site: Site, seen: set[str], problems: list[str]) -> int:
    """Follow every link from the home page, one page per address pattern not yet ``seen``;
    add what fails to ``problems``. Returns the pages visited."""
    waiting, queued, visited = ["/"], {"/"}, 0
    while waiting and visited < PAGES_PER_ROLE:
        path = waiting.pop(0)
        pattern = page_pattern(path)
        if pattern is None or (pattern in seen and path != "/"):
            continue
        seen.add(pattern)
        # Asked first without the page, so a download (a pack in HTML, a table) is not opened as one.
        answer = page.request.get(f"{site.url}{path}")
        visited += 1
        if answer.status != 200:
            problems.append(f"{path}: answered {answer.status}")
            continue
        download = "attachment" in (answer.headers.get("content-disposition") or "")
        if download or not (answer.headers.get("content-type") or "").startswith("text/html"):
            continue
        page.goto(f"{site.url}{path}")
        try:
            check_accessibility(page)
        except AssertionError as failure:
            problems.append(str(failure))
        for link in links_on(page, site):
            if link not in queued:
                queued.add(link)
                waiting.append(link)
    return visited


def test_every_page_every_role_reaches_passes_axe(browser, governed_site):
    seen: set[str] = set()
    problems: list[str] = []
    visited = {}
    for role in ROLES:
        context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB")
        page = context.new_page()
        sign_in(page, governed_site, governed_site.accounts[role], f"every-page-{role}")
        visited[role] = crawl(page, governed_site, seen, problems)
        context.close()
    assert problems == [], "\n".join(problems)
    # The crawl reached the governance records, not only the leaders' pages.
    for pattern in ("cases/reviews/<int:incident_id>", "plan/", "challenges/", "partnership/"):
        assert any(route.startswith(pattern.split("<")[0]) for route in seen), (pattern, sorted(seen))
    assert all(visited.values()), visited
