"""The leaders' pages in a real browser (issue 4, point 8): the Lead Member and the Director sign
in, open the dashboard, an indicator and a warning and acknowledge it; the same journey works
from the keyboard alone; axe-core finds no serious or critical WCAG 2.2 AA problem on any page;
the charts break no Content-Security-Policy rule and print cleanly. Screenshots go to
``test-artifacts/``. Also, over real HTTP against ``safeguard serve``: simultaneous
acknowledgements of one warning keep exactly one and answer the rest 409.

The site is ``safeguard serve`` over a copy of the synthetic council's store, with the demo users.
"""

from __future__ import annotations

import http.cookiejar
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from synthetic_council import identifiers_in
from test_browser import (  # noqa: F401 (browser and page are fixtures used below)
    ARTIFACTS,
    NEEDS_CHROMIUM,
    Site,
    _tab_until,
    browser,
    page,
    prepare_site,
    serving,
    sign_in,
    visit,
)

pytestmark = [pytest.mark.browser, NEEDS_CHROMIUM]


@pytest.fixture(scope="module")
def council_site(tmp_path_factory: pytest.TempPathFactory, synthetic_council_source) -> Iterator[Site]:
    home = tmp_path_factory.mktemp("council-site")
    shutil.copytree(synthetic_council_source.home, home, dirs_exist_ok=True)
    environment, sheet = prepare_site(home)
    with serving(home, environment, sheet) as running:
        yield running


def _csp_violations(page) -> list[str]:
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    return violations


def test_the_lead_member_acknowledges_a_warning_and_the_director_follows_it_up(browser, council_site, synthetic_council_source):
    member = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB").new_page()
    violations = _csp_violations(member)
    sign_in(member, council_site, council_site.accounts["lead-member"], "leader-pages-member")
    assert "What needs attention now" in member.locator("main").inner_text()
    member.get_by_role("link", name="Indicators", exact=True).first.click()
    member.wait_for_url("**/indicators")
    visit(member, "leader-pages-member-04-dashboard")
    assert "[c]" in member.locator("main").inner_text()
    member.get_by_role("link", name="Re-referrals within 12 months (%)").first.click()
    member.wait_for_url("**/indicators/re_referral_rate")
    visit(member, "leader-pages-member-05-indicator")
    chart = member.locator("#chart-months svg")
    assert chart.get_attribute("role") == "img" and chart.bounding_box()["width"] > 400
    assert "By team" not in member.locator("main").inner_text()
    member.emulate_media(media="print")
    member.screenshot(path=str(ARTIFACTS / "leader-pages-member-06-indicator-printed.png"), full_page=True)
    assert member.locator(".govuk-service-navigation").is_hidden() and chart.is_visible()
    member.emulate_media(media="screen")
    member.get_by_role("link", name="Early warnings").first.click()
    member.wait_for_url("**/warnings")
    visit(member, "leader-pages-member-07-warnings")
    member.locator("main a[href^='/warnings/']", has_text="Assessments completed within 45 working days").first.click()
    visit(member, "leader-pages-member-08-warning")
    member.get_by_label("Acknowledge this warning yourself").fill("Asked for an audit of cases closed since September.")
    member.get_by_role("button", name="Acknowledge", exact=True).click()
    visit(member, "leader-pages-member-09-acknowledged")
    text = member.locator("main").inner_text()
    assert "Your acknowledgement has been recorded under your name." in text
    assert "Demo Lead Member" in text and "Asked for an audit of cases closed since September." in text
    assert violations == []
    assert identifiers_in(member.content(), synthetic_council_source) == []

    director = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB").new_page()
    sign_in(director, council_site, council_site.accounts["dcs"], "leader-pages-director")
    director.get_by_role("link", name="Indicators", exact=True).first.click()
    visit(director, "leader-pages-director-04-dashboard")
    director.get_by_role("link", name="Re-referrals within 12 months (%)").first.click()
    visit(director, "leader-pages-director-05-indicator")
    assert "By team" in director.locator("main").inner_text()
    director.get_by_role("link", name="Early warnings").first.click()
    director.locator("main a[href^='/warnings/']", has_text="Assessments completed within 45 working days").first.click()
    assert "Asked for an audit of cases closed since September." in director.locator("main").inner_text()
    # The Lead Member's acknowledgement is theirs: the Director acknowledges it for themselves.
    director.get_by_label("Acknowledge this warning yourself").fill("Audit of 20 closed cases booked; report to the June briefing.")
    director.get_by_role("button", name="Acknowledge", exact=True).click()
    visit(director, "leader-pages-director-06-responded")
    text = director.locator("main").inner_text()
    assert "Demo Lead Member" in text and "Audit of 20 closed cases booked" in text


def test_the_leaders_journey_works_from_the_keyboard_alone(page, council_site):
    account = council_site.accounts["chief-executive"]
    page.goto(f"{council_site.url}/sign-in")
    _tab_until(page, "#username")
    page.keyboard.type(account.username)
    _tab_until(page, "#password")
    page.keyboard.type(account.password)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{council_site.url}/")
    _tab_until(page, "a[href='/indicators']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/indicators")
    visit(page, "keyboard-leader-01-dashboard")
    _tab_until(page, "a[href='/indicators/assessments_within_45wd']", presses=120)
    page.keyboard.press("Enter")
    page.wait_for_url("**/indicators/assessments_within_45wd")
    visit(page, "keyboard-leader-02-indicator")
    _tab_until(page, "a[href='/warnings']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/warnings")
    _tab_until(page, "main a[href^='/warnings/']", presses=60)
    warning_address = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{warning_address}")
    visit(page, "keyboard-leader-03-warning")
    _tab_until(page, "#response", presses=60)
    page.keyboard.type("Noted at the chief executive's meeting with the Director.")
    _tab_until(page, "main button.govuk-button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visit(page, "keyboard-leader-04-acknowledged")
    assert "Noted at the chief executive" in page.locator("main").inner_text()


def _signed_in_opener(site: Site, account) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirects())
    form = opener.open(f"{site.url}/sign-in").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": account.username, "password": account.password})
    try:
        opener.open(urllib.request.Request(f"{site.url}/sign-in", body.encode(), headers={"Referer": f"{site.url}/sign-in"}))
    except urllib.error.HTTPError as answer:
        assert answer.code == 302
    return opener


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *arguments, **options):
        return None


def test_simultaneous_acknowledgements_over_http_keep_exactly_one(council_site):
    opener = _signed_in_opener(council_site, council_site.accounts["leader"])
    listing = opener.open(f"{council_site.url}/api/warnings").read().decode()
    import json

    waiting = [item for item in json.loads(listing)["warnings"] if not item["acknowledgements"]]
    address = f"{council_site.url}/warnings/{waiting[-1]['id']}"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', opener.open(address).read().decode()).group(1)

    def acknowledge(number: int) -> int:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "response": f"Response number {number}", "version": 0})
        try:
            return opener.open(urllib.request.Request(address, body.encode(), headers={"Referer": address})).status
        except urllib.error.HTTPError as answer:
            return answer.code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(acknowledge, range(8)))
    assert sorted(statuses) == [302] + [409] * 7
    detail = json.loads(opener.open(f"{council_site.url}/api/warnings/{waiting[-1]['id']}").read().decode())
    [kept] = detail["acknowledgements"]
    assert re.fullmatch(r"Response number [0-7]", kept["response"]) and kept["version"] == 1
