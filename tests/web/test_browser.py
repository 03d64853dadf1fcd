"""The site in a real browser: each role signs in and follows its main journey, the sign-in
and a leader's journey work from the keyboard alone, and axe-core finds no serious or critical
WCAG 2.2 AA problem on any page visited. Screenshots go to ``test-artifacts/``.

The site is the real thing: ``safeguard serve`` (gunicorn, WhiteNoise) over a store of its own,
with the demo users that ``create_demo_users`` prints. Chromium is Debian's, driven by Playwright.
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pytest
from django_otp.oath import totp
from site_databases import put_migrated_sqlite
from web_support import CHECKOUT, system_status
from workbooks import CHILD_IDS, annex_a_workbook

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGUMENTS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ARTIFACTS = CHECKOUT / "test-artifacts"

NEEDS_CHROMIUM = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=system_status().get("SAFEGUARD_CHROMIUM_UNAVAILABLE", f"Chromium is not installed at {CHROMIUM}"),
)
"""Skips a browser test, saying why, on a machine where `scripts/setup-system` found no Chromium."""
BROWSER_JOURNEY = [pytest.mark.browser, pytest.mark.slow, NEEDS_CHROMIUM]
"""The marks of a slow journey in the browser: with the other slow files it runs first, in one pass."""

pytestmark = [pytest.mark.browser, NEEDS_CHROMIUM]


@dataclass(frozen=True)
class DemoAccount:
    title: str
    username: str
    password: str
    secret: str | None

    def code(self) -> str:
        key = base64.b32decode(self.secret)
        return f"{totp(key):06d}"


@dataclass(frozen=True)
class Site:
    url: str
    home: Path
    accounts: dict[str, DemoAccount]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _site_environment(home: Path) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "SAFEGUARD_SECRET_KEY"}}
    environment.update(SAFEGUARD_HOME=str(home), DJANGO_SETTINGS_MODULE="safeguard.web.settings.base")
    return environment


def _read_sign_in_sheet(sheet: str) -> dict[str, DemoAccount]:
    accounts = {}
    pattern = re.compile(r"^(.+?)\s+username (\S+)\s+password (\S+)(?:\s+authenticator key (\S+))?$")
    for line in sheet.splitlines():
        match = pattern.match(line)
        if match:
            title, username, password, secret = match.groups()
            accounts[username.removeprefix("demo-")] = DemoAccount(title.strip(), username, password, secret)
    return accounts


FIRST_TIMER_PASSWORD = "first password given by the administrator"
FIRST_TIMER = f"""
from django.contrib.auth.hashers import make_password
from safeguard.web.accounts.models import RoleGrant, User
person = User.objects.create(username="first.timer", first_name="First", last_name="Timer",
                             password=make_password({FIRST_TIMER_PASSWORD!r}), must_change_password=True)
RoleGrant.objects.create(user=person, role="analyst")
"""
"""An analyst an administrator has just added: no authenticator yet, and a password to change."""


MANAGE = [sys.executable, "-m", "safeguard.web.manage"]


def prepare_site(home: Path) -> tuple[dict[str, str], str]:
    """Give the store a migrated database holding the demo users; the environment and their
    sign-in sheet. The database is a copy of one this test process made once
    (``_demo_site_database``): every site still has a database of its own, so a one-time code one
    site has used is still unused on the next."""
    database, sheet = _demo_site_database()
    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(database, home / "web.sqlite3")
    os.chmod(home / "web.sqlite3", 0o600)
    return _site_environment(home), sheet


_DEMO_SITE: list[tuple[Path, str]] = []
"""This process's migrated database with the demo users, and their sign-in sheet, once made."""


def _demo_site_database() -> tuple[Path, str]:
    """A migrated database in which ``create_demo_users`` has made the demo users, and the sheet
    it printed: made by the first site this test process prepares (two Django commands, several
    seconds), copied by every site after it."""
    if not _DEMO_SITE:
        folder = Path(tempfile.mkdtemp(prefix="safeguard-demo-site-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        environment = _site_environment(folder)
        put_migrated_sqlite(folder)
        subprocess.run([*MANAGE, "migrate", "-v0"], env=environment, check=True, timeout=120)
        sheet = subprocess.run([*MANAGE, "create_demo_users"], env=environment, check=True, capture_output=True,
                               text=True, timeout=120).stdout
        _DEMO_SITE.append((folder / "web.sqlite3", sheet))
    return _DEMO_SITE[0]


@contextmanager
def serving(home: Path, environment: dict[str, str], sheet: str) -> Iterator[Site]:
    """``safeguard serve`` over ``home`` on a free loopback port, stopped when the block ends."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "safeguard", "serve", "--port", str(port), "--workers", "2"],
        env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(url, server)
        yield Site(url, home, _read_sign_in_sheet(sheet))
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    home = tmp_path_factory.mktemp("site")
    environment, sheet = prepare_site(home)
    assert sheet.startswith("DEMO ONLY")
    subprocess.run([*MANAGE, "shell", "-c", FIRST_TIMER], env=environment, check=True, timeout=120)
    from safeguard.snapshots import Store

    with Store(home) as store:
        store.import_file(annex_a_workbook(home / "first return.xlsx"), loaded_by="demo-analyst")
    with serving(home, environment, sheet) as running:
        yield running


def _wait_for_health(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"safeguard serve stopped with status {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("safeguard serve did not answer /health in time")


@pytest.fixture(scope="module")
def browser(request: pytest.FixtureRequest):
    """This test process's Chromium (``SharedChromium``), lent to the module; every context the
    module opened is closed when it ends."""
    with SharedChromium.lend(request.config) as browser:
        yield browser


@dataclass
class SharedChromium:
    """One Chromium (and Playwright's driver) for all the browser modules one test process runs:
    launching them took seconds a module. Playwright's sync API leaves its event loop marked as
    running in this thread for as long as it lives, and Django refuses its ORM wherever a loop
    runs: so the loop is marked running only while a browser module has the browser, and the
    other modules this process runs see none."""

    playwright: Any
    browser: Any
    loop: asyncio.AbstractEventLoop

    kept: ClassVar[list[SharedChromium]] = []

    @classmethod
    @contextmanager
    def lend(cls, config: pytest.Config) -> Iterator[Any]:
        if cls.kept:
            shared = cls.kept[0]
            asyncio.events._set_running_loop(shared.loop)
        else:
            shared = cls._start()
            config.add_cleanup(shared._stop)
        try:
            if not shared.browser.is_connected():  # Chromium died under an earlier module: a new one
                shared.browser = shared._launch(shared.playwright)
            yield shared.browser
        finally:
            for context in shared.browser.contexts:
                context.close()
            asyncio.events._set_running_loop(None)

    @classmethod
    def _start(cls) -> SharedChromium:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        try:
            browser = cls._launch(playwright)
        except BaseException:
            playwright.stop()  # and with it the loop, which the other modules must not see running
            raise
        cls.kept.append(cls(playwright, browser, asyncio.get_running_loop()))
        return cls.kept[0]

    @staticmethod
    def _launch(playwright: Any) -> Any:
        return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGUMENTS, headless=True)

    def _stop(self) -> None:
        asyncio.events._set_running_loop(self.loop)
        self.browser.close()
        self.playwright.stop()
        type(self).kept.clear()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


def check_accessibility(page) -> None:
    """axe-core on the page as it is now: no serious or critical WCAG 2.2 AA violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    severe = [
        f"{violation['id']} ({violation['impact']}): {violation['help']}: "
        + "; ".join(node["html"][:160] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert severe == [], f"{page.url}: {severe}"


def visit(page, name: str) -> None:
    """Every page a journey reaches: checked with axe and kept as a screenshot."""
    page.wait_for_load_state("load")
    assert page.locator("link[rel=stylesheet]").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    check_accessibility(page)


def sign_in(page, site: Site, account: DemoAccount, name: str) -> float | None:
    """Signs in through the pages; returns when the one-time code was read from the
    authenticator (each code works once), or None for an account without one."""
    page.goto(f"{site.url}/")
    visit(page, f"{name}-01-sign-in")
    page.get_by_label("Username").fill(account.username)
    page.get_by_label("Password", exact=True).fill(account.password)
    page.get_by_role("button", name="Sign in").click()
    code_at = None
    if account.secret:
        page.wait_for_url("**/sign-in/code")
        visit(page, f"{name}-02-code")
        code_at = time.time()
        page.get_by_label("Code from your authenticator app").fill(account.code())
        page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{site.url}/")
    visit(page, f"{name}-03-home")
    assert page.get_by_role("heading", name="Home").is_visible()
    return code_at


LEADER_ROLES = ["lead-member", "leader", "chief-executive", "scrutiny-member", "practice-lead", "board-member"]


@pytest.mark.parametrize("role", LEADER_ROLES)
def test_a_leader_sees_their_home_with_suppressed_small_counts(page, site, role):
    sign_in(page, site, site.accounts[role], role)
    text = page.locator("main").inner_text()
    assert "How far the latest data can be trusted" in text
    assert "[c]" in text
    assert not any(child in page.content() for child in CHILD_IDS)
    if role == "lead-member":
        page.goto(f"{site.url}/access-log")
        visit(page, f"{role}-04-refused")
        assert "You cannot see this page" in page.locator("h1").inner_text()
        page.goto(f"{site.url}/sign-out")
        visit(page, f"{role}-05-sign-out")
    page.get_by_role("button", name="Sign out").first.click()
    page.wait_for_url("**/sign-in")


def _enrolment_code_from_the_server(site: Site, username: str) -> str:
    """The enrolment code an administrator would give the person (issued on the server here; the
    administrator's journey below issues one on the person's page)."""
    printed = subprocess.run([*MANAGE, "issue_enrolment_code", username], env=_site_environment(site.home), check=True,
                             capture_output=True, text=True, timeout=120).stdout
    return re.search(r"Enrolment code for \S+: (\S+)", printed)[1]


def test_a_new_analyst_sets_up_codes_then_chooses_a_password(page, site):
    enrolment_code = _enrolment_code_from_the_server(site, "first.timer")
    page.goto(f"{site.url}/sign-in")
    page.get_by_label("Username").fill("first.timer")
    page.get_by_label("Password", exact=True).fill(FIRST_TIMER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/sign-in/set-up-codes")
    visit(page, "first-timer-01-enrolment-code")
    assert page.locator(".app-secret").count() == 0, "no secret before the enrolment code"
    page.get_by_label("Enrolment code").fill("ABCD-EFGH-JKLM-NPQR")
    page.get_by_role("button", name="Continue").click()
    visit(page, "first-timer-01-enrolment-code-error")
    assert page.get_by_role("alert").is_visible()
    page.get_by_label("Enrolment code").fill(enrolment_code)
    page.get_by_role("button", name="Continue").click()
    page.locator(".app-secret").wait_for()
    visit(page, "first-timer-01-set-up-codes")
    secret = page.locator(".app-secret").inner_text()
    page.get_by_label("Code from your authenticator app").fill("12345")
    page.get_by_role("button", name="Confirm code").click()
    visit(page, "first-timer-02-code-error")
    assert page.get_by_role("alert").is_visible()
    page.get_by_label("Code from your authenticator app").fill(DemoAccount("", "", "", secret).code())
    page.get_by_role("button", name="Confirm code").click()
    page.wait_for_url("**/account/password")
    visit(page, "first-timer-03-change-password")
    page.get_by_label("Current password").fill(FIRST_TIMER_PASSWORD)
    page.get_by_label("New password", exact=True).fill("my own passphrase for 2026")
    page.get_by_label("New password again").fill("my own passphrase for 2026")
    page.get_by_role("button", name="Change password").click()
    page.wait_for_url(f"{site.url}/")
    visit(page, "first-timer-04-home")


def test_the_analyst_uploads_checks_and_accepts_a_return_then_reads_rows(page, site, tmp_path):
    sign_in(page, site, site.accounts["analyst"], "analyst")
    page.get_by_role("link", name="Imports").first.click()
    visit(page, "analyst-04-imports")
    page.get_by_label("Annex A file").set_input_files(str(annex_a_workbook(tmp_path / "second return.xlsx", rows=4)))
    with page.expect_request(lambda request: request.method == "POST" and request.url.endswith("/data/imports")) as sent:
        page.get_by_role("button", name="Upload and check").click()
    assert sent.value.resource_type == "xhr", "sent by the page's script, which shows the upload's progress"
    page.wait_for_url("**/data/imports/*")
    visit(page, "analyst-05-findings")
    assert "List 7, cell G2" in page.locator("main").inner_text()
    page.get_by_role("button", name="Accept as a new snapshot").click()
    page.wait_for_url("**/data/snapshots")
    visit(page, "analyst-06-snapshots")
    page.get_by_role("link", name=re.compile(r"^3\. Referrals")).first.click()
    visit(page, "analyst-07-purpose")
    page.get_by_label("Checking and correcting data quality").check()
    page.get_by_role("button", name="Continue").click()
    visit(page, "analyst-08-rows")
    assert CHILD_IDS[0] in page.locator("main").inner_text()


def test_the_director_reads_rows_for_a_purpose_and_then_the_access_log(page, site):
    sign_in(page, site, site.accounts["dcs"], "dcs")
    page.get_by_role("link", name="Snapshots").first.click()
    visit(page, "dcs-04-snapshots")
    page.get_by_role("link", name=re.compile(r"^1\. Contacts")).first.click()
    page.get_by_label("Preparing a case audit").check()
    page.get_by_role("button", name="Continue").click()
    visit(page, "dcs-05-rows")
    page.get_by_role("link", name="Access log").first.click()
    visit(page, "dcs-06-access-log")
    log = page.locator("main").inner_text()
    assert "view_list_rows" in log and "Preparing a case audit" in log


def test_the_administrator_adds_a_person(page, site):
    sign_in(page, site, site.accounts["administrator"], "administrator")
    page.get_by_role("link", name="Users").first.click()
    visit(page, "administrator-04-users")
    page.get_by_role("button", name="Add a user").click()
    visit(page, "administrator-05-add-user")
    page.get_by_label("Username").fill("new.member")
    page.get_by_label("Full name").fill("New Member")
    page.get_by_label("Email address").fill("new.member@example.invalid")
    page.get_by_label("First password").fill("a long first password 2026")
    page.get_by_label("Administrator").check()
    page.get_by_role("button", name="Add user").click()
    page.wait_for_url("**/users/*")
    visit(page, "administrator-06-user")
    assert "new.member" in page.locator("h1").inner_text()
    page.get_by_role("button", name="Issue an enrolment code").click()
    page.locator(".app-enrolment-code").wait_for()
    visit(page, "administrator-06-enrolment-code")
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", page.locator(".app-enrolment-code").inner_text())
    page.goto(f"{site.url}/users/add")
    page.get_by_role("button", name="Add user").click()
    visit(page, "administrator-07-errors")
    assert page.get_by_role("alert").is_visible()
    page.goto(f"{site.url}/indicators")
    assert "You cannot see this page" in page.locator("h1").inner_text()
    page.goto(f"{site.url}/")
    attention = page.locator("main").inner_text().split("What needs attention now")[1]
    assert "not ready yet" in attention, "new.member has still to choose a password"
    assert "in the last 7 days" in attention
    page.get_by_role("link", name="Refusals in the access log").click()
    page.wait_for_url("**/access-log?outcome=refused")
    visit(page, "administrator-08-refusals")
    assert "Refused" in page.locator("tbody").inner_text() and "Allowed" not in page.locator("tbody").inner_text()


def _tab_until(page, selector: str, presses: int = 30) -> None:
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_signing_in_and_a_leaders_journey_work_from_the_keyboard_alone(page, site):
    account = site.accounts["chief-executive"]
    page.goto(f"{site.url}/sign-in")
    _tab_until(page, "a.govuk-skip-link")
    _tab_until(page, "#username")
    page.keyboard.type(account.username)
    _tab_until(page, "#password")
    page.keyboard.type(account.password)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site.url}/")
    _tab_until(page, "a.govuk-skip-link")
    page.keyboard.press("Enter")
    _tab_until(page, "a[href='/account/password']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/password")
    visit(page, "keyboard-01-password-page")
    _tab_until(page, ".app-sign-out__button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sign-in")
    visit(page, "keyboard-02-signed-out")


CHECKING_ANALYST = """
from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice
from safeguard.web.accounts.models import RoleGrant, User
person = User.objects.create(username="checking.analyst", first_name="Checking", last_name="Analyst",
                             password=make_password("a password for checking returns"))
RoleGrant.objects.create(user=person, role="analyst")
TOTPDevice.objects.create(user=person, name="phone", confirmed=True, key="3132333435363738393031323334353637383930")
"""
"""A second analyst with a known authenticator key, so that this journey never reuses a one-time
code the demo analyst's journey has just used."""


def test_a_return_named_for_another_period_waits_for_a_reason(page, site, tmp_path):
    subprocess.run([*MANAGE, "shell", "-c", CHECKING_ANALYST], env=_site_environment(site.home), check=True, timeout=120)
    secret = base64.b32encode(bytes.fromhex("3132333435363738393031323334353637383930")).decode()
    account = DemoAccount("Performance analyst", "checking.analyst", "a password for checking returns", secret)
    sign_in(page, site, account, "checking-analyst")
    page.get_by_role("link", name="Imports").first.click()
    page.get_by_label("Annex A file").set_input_files(str(annex_a_workbook(tmp_path / "Annex A March 2022.xlsx")))
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_url("**/data/imports/*")
    visit(page, "checking-analyst-04-differences")
    main = page.locator("main").inner_text()
    assert "The dates do not fit the period the file names" in main and "The file's name says March 2022" in main
    page.get_by_role("button", name="Confirm and accept as a new snapshot").click()
    visit(page, "checking-analyst-05-no-reason")
    assert page.get_by_role("alert").is_visible()
    assert "Say why this return is right" in page.locator("main").inner_text()
    page.get_by_role("button", name="Reject").click()
    page.wait_for_url("**/data/imports")
