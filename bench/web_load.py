"""A bounded load test of the web application: many people at once, every role's pages, for a
fixed time, over loopback against ``safeguard serve``, counting errors and lost writes (issue 12,
point 12; DOMAIN.md §7, "Later": a bounded load test with zero server errors).

It serves a store with ``safeguard serve`` (gunicorn) on a free loopback port, makes one person
per client (the roles taken in turn, so every role is there), signs each in through the real
sign-in pages (one-time codes included), and runs the clients at once until the time is up.
Each client walks its role's pages: every page and download the policy table lets the role open,
with the child-level rows after stating a purpose; and it writes as that role would: the
analyst and Director state purposes, the administrator adds people, the strategic roles revise
their response to an early warning from the version they saw (two at once: one wins, the other
gets a 409, which is the right answer and not an error).

Then it checks that nothing was lost: every request that must leave an access record left
exactly one (found by its request id), every person added exists, and the warning response's
version rose once for each revision that was accepted. It prints requests per second, errors
by page, and lost writes; ``tests/web/test_load.py`` runs a short version and asserts zero of
both.

Run: .venv/bin/python bench/web_load.py [--clients 50] [--seconds 60] [--workers 2]
(builds, once, a synthetic council's store under bench/out/load-store, as bench/web_bench.py does).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any

CHECKOUT = Path(__file__).resolve().parent.parent
DEFAULT_STORE = CHECKOUT / "bench" / "out" / "load-store"
PYTHON = sys.executable
MANAGE = [PYTHON, "-m", "safeguard.web.manage"]
INDICATOR_PAGES = ("re_referral_rate", "referrals_per_10k", "cpp_per_10k")
"""The indicators whose pages and downloads each client fetches (every indicator's page is the
same code; a few keep each round short enough that every role comes round often)."""


# ---------------------------------------------------------------------------------------------
# The server


def site_environment(home: Path, database: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment ``safeguard serve`` runs in over ``home``: its own SQLite database in the
    store, or the database variables given (``DATABASE_URL`` and perhaps
    ``SAFEGUARD_MIGRATION_DATABASE_URL``)."""
    left_out = {"DATABASE_URL", "SAFEGUARD_MIGRATION_DATABASE_URL", "SAFEGUARD_SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    environment = {key: value for key, value in os.environ.items() if key not in left_out}
    environment.update(SAFEGUARD_HOME=str(home), DJANGO_SETTINGS_MODULE="safeguard.web.settings.base")
    environment.update(database or {})
    return environment


def migrate(environment: Mapping[str, str]) -> None:
    subprocess.run([PYTHON, "-m", "safeguard", "migrate"], env=dict(environment), check=True, capture_output=True,
                   timeout=600)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """``safeguard serve`` running in a session of its own (gunicorn's master and workers), so
    that it can be stopped, or killed outright, as one."""

    process: subprocess.Popen
    url: str

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=60)

    def kill(self) -> None:
        """SIGKILL to the master and every worker at once: a crash, with no chance to tidy up."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=60)


def start_server(environment: Mapping[str, str], workers: int = 2, seconds: float = 120) -> Server:
    port = free_port()
    process = subprocess.Popen(
        [PYTHON, "-m", "safeguard", "serve", "--port", str(port), "--workers", str(workers)],
        env=dict(environment), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    server = Server(process, f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"safeguard serve stopped with status {process.returncode}")
        try:
            with urllib.request.urlopen(f"{server.url}/health", timeout=2) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError(f"safeguard serve did not answer /health within {seconds:.0f} seconds")


def run_in_site(environment: Mapping[str, str], code: str, data: object = None) -> Any:
    """Run Python ``code`` inside the site's Django (``manage shell``), with ``data`` readable as
    the JSON file named by ``LOAD_DATA``; the JSON the code prints last is returned."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as sink:
        json.dump(data, sink)
    try:
        done = subprocess.run([*MANAGE, "shell", "-c", code], env={**environment, "LOAD_DATA": sink.name},
                              capture_output=True, text=True, timeout=600)
    finally:
        os.unlink(sink.name)
    if done.returncode != 0:
        raise RuntimeError(f"manage shell failed: {done.stderr[-2000:]}")
    lines = done.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else None


# ---------------------------------------------------------------------------------------------
# The people


@dataclass(frozen=True)
class Person:
    username: str
    password: str
    role: str
    user_id: int
    key: str | None
    """The authenticator key (hex), for roles that sign in with a one-time code."""


_MAKE_PEOPLE = """
import json, os
from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice
from safeguard.roles import ROLES, Role
from safeguard.web.accounts.models import RoleGrant, User
made = []
for username, role, password in json.load(open(os.environ["LOAD_DATA"])):
    person = User.objects.create(username=username, first_name="Load", last_name=username,
                                 password=make_password(password))
    roles = [Role(name) for name in role.split("+")]
    RoleGrant.objects.bulk_create([RoleGrant(user=person, role=held.value) for held in roles])
    key = None
    if any(ROLES[held].second_factor for held in roles):
        key = TOTPDevice.objects.create(user=person, name="load test", confirmed=True).key
    made.append([username, person.pk, key])
print(json.dumps(made))
"""


def make_people(environment: Mapping[str, str], roles: list[str], prefix: str = "load") -> list[Person]:
    """One new person per role given (roles may repeat; ``"dcs+administrator"`` holds both), with
    a random password."""
    wanted = [(f"{prefix}-{number + 1:02d}-{role.replace('_', '-')}", role, secrets.token_urlsafe(16))
              for number, role in enumerate(roles)]
    made = {username: (user_id, key) for username, user_id, key in run_in_site(environment, _MAKE_PEOPLE, wanted)}
    return [Person(username, password, role, *made[username]) for username, role, password in wanted]


# ---------------------------------------------------------------------------------------------
# A browser, as far as the load needs one


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    @property
    def request_id(self) -> str:
        return self.headers.get("X-Request-Id", "")


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects come back as answers, so each step can be checked."""

    def redirect_request(self, *arguments, **options):
        return None


class Visitor:
    """One person's browser: cookies kept, redirects not followed, the CSRF token sent with posts."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _KeepRedirects())

    def request(self, method: str, path: str, fields: Mapping[str, object] | None = None, timeout: float = 300) -> Answer:
        body = None
        if fields is not None:
            body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": self.csrf_token()}, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=body, method=method, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=timeout) as answer:
                return Answer(answer.status, answer.headers, answer.read())
        except urllib.error.HTTPError as answer:
            return Answer(answer.code, answer.headers, answer.read())

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, fields: Mapping[str, object], timeout: float = 300) -> Answer:
        return self.request("POST", path, fields, timeout=timeout)

    def post_file(self, path: str, field_name: str, file: Path, content_type: str, timeout: float = 300) -> Answer:
        """A multipart form with one file, as the upload page sends it."""
        boundary = secrets.token_hex(16)
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{self.csrf_token()}\r\n'.encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field_name}"; filename="{file.name}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode(),
            file.read_bytes(),
            f"\r\n--{boundary}--\r\n".encode(),
        ]
        request = urllib.request.Request(
            self.base + path, data=b"".join(parts), method="POST",
            headers={"Referer": self.base + path, "Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        try:
            with self.opener.open(request, timeout=timeout) as answer:
                return Answer(answer.status, answer.headers, answer.read())
        except urllib.error.HTTPError as answer:
            return Answer(answer.code, answer.headers, answer.read())

    def csrf_token(self) -> str:
        for cookie in self.cookies:
            if cookie.name == "csrftoken":
                return cookie.value or ""
        self.get("/sign-in")
        return next((cookie.value or "" for cookie in self.cookies if cookie.name == "csrftoken"), "")


def sign_in(base: str, person: Person) -> Visitor:
    """Sign in through the real pages: the password, then the one-time code if the role needs one."""
    from django_otp.oath import totp

    visitor = Visitor(base)
    visitor.get("/sign-in")
    answer = visitor.post("/sign-in", {"username": person.username, "password": person.password})
    if answer.status == 302 and answer.location.endswith("/sign-in/code"):
        code = f"{totp(bytes.fromhex(person.key or '')):06d}"
        answer = visitor.post("/sign-in/code", {"code": code})
    if answer.status != 302 or urllib.parse.urlsplit(answer.location).path != "/":
        raise RuntimeError(f"{person.username} could not sign in: {answer.status} {answer.location}")
    return visitor


# ---------------------------------------------------------------------------------------------
# What each role does


@dataclass(frozen=True)
class Step:
    """One request a client makes, what answers are right, and whether it must leave exactly
    one access record."""

    name: str
    method: str
    path: str
    fields: Mapping[str, object] | None = None
    expected: frozenset[int] = frozenset({200})
    recorded: bool = False
    shows: str = ""
    """Text the answer must hold (the rows of a list, not the question of purpose)."""


@dataclass(frozen=True)
class Samples:
    """Values for the routes' parameters, found in the site before the load starts."""

    snapshot_id: str | None
    upload_id: str | None
    warning_key: str | None
    child_id: str | None
    user_id: int
    records: Mapping[str, object] = field(default_factory=dict)
    """A record of each governance app's for its routes (a plan action, a challenge, an issued
    pack), made by the same sample makers as the permission matrix (each app's
    ``tests/samples.py``)."""


def journey(role: str, samples: Samples) -> list[Step]:
    """Every page and download the policy table opens to ``role`` (with sample parameters), the
    ones that write first, then in the table's order."""
    from django.urls import reverse

    from safeguard.web.access.policy import ROUTES, Gate, Role, allows
    from safeguard.web.access.routes import served_routes

    parameters = {route.view_name: route.parameters for route in served_routes()}
    skipped = {"sign_in", "sign_out", "second_factor_setup", "second_factor_verify", "password_change"}
    steps: list[Step] = []
    for name, policy in ROUTES.items():
        rule = policy.rule("GET")
        if name in skipped or rule is None or isinstance(rule, Gate) or not allows([Role(role)], rule):
            continue
        for kwargs in _arguments(name, parameters[name], samples):
            path = reverse(name, kwargs=kwargs)
            recorded = policy.child_level or name.startswith("audit:")
            if name == "data:list_rows":
                steps.append(Step(f"{name} (purpose)", "POST", path, {"purpose": "data_quality"}, frozenset({302})))
                steps.append(Step(name, "GET", path, recorded=True, shows="app-table-scroll"))
            elif name == "data:list_rows_csv":
                steps.append(Step(name, "GET", path, recorded=True))
            elif name == "audit:child_trail" or name == "audit:child_trail_csv":
                steps.append(Step(name, "GET", f"{path}?child={samples.child_id or 'CH0'}", recorded=True))
            elif name == "audit:person_trail" or name == "audit:person_trail_csv":
                steps.append(Step(name, "GET", f"{path}?username=nobody-in-particular", recorded=True))
            elif policy.record_level:
                # The sample record is another person's: their own case, comment or agency's
                # disagreement opens; anyone else's is refused with the reason (and logged).
                steps.append(Step(name, "GET", path, expected=frozenset({200, 403}), recorded=recorded))
            else:
                steps.append(Step(name, "GET", path, recorded=recorded))
    # The steps that write (the access log, a purpose) first, so a short run writes too.
    return sorted(steps, key=lambda step: not (step.recorded or step.method == "POST"))


def _arguments(name: str, needed: tuple[str, ...], samples: Samples) -> list[dict[str, object]]:
    """The route's parameters from the samples; none when the site has no such record (no
    snapshot, say), and a loud failure for a parameter the load test knows nothing of."""
    # An old warning address (by name) only sends the reader on to its number: not a page.
    values = {"snapshot_id": samples.snapshot_id, "list_key": "referrals", "upload_id": samples.upload_id,
              "user_id": samples.user_id, "indicator_id": INDICATOR_PAGES[0], **samples.records,
              "warning_id": samples.warning_key, "warning_key": None}
    unknown = set(needed) - set(values)
    if unknown:
        raise RuntimeError(f"the load test has no sample for {sorted(unknown)} (route {name})")
    if any(values[key] is None for key in needed):
        return []
    if "indicator_id" in needed:
        return [{**{key: values[key] for key in needed if key != "indicator_id"}, "indicator_id": indicator}
                for indicator in INDICATOR_PAGES]
    return [{key: values[key] for key in needed}]


# ---------------------------------------------------------------------------------------------
# The load


@dataclass
class Tally:
    """What all the clients did, gathered under one lock."""

    requests: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    error_examples: dict[str, str] = field(default_factory=dict)
    roles_served: set[str] = field(default_factory=set)
    recorded: list[str] = field(default_factory=list)
    """The request id of every answer that must have left exactly one access record."""
    people_added: list[str] = field(default_factory=list)
    revisions_accepted: int = 0
    revisions_refused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, step: Step, role: str, answer: Answer | None, problem: str = "") -> None:
        with self.lock:
            self.requests[step.name] += 1
            if problem:
                self.errors[step.name] += 1
                self.error_examples.setdefault(step.name, problem)
                return
            self.roles_served.add(role)
            if step.recorded and answer is not None:
                self.recorded.append(answer.request_id)


def _do(visitor: Visitor, step: Step, role: str, tally: Tally) -> Answer | None:
    try:
        answer = visitor.request(step.method, step.path, step.fields)
    except OSError as error:
        tally.note(step, role, None, f"{type(error).__name__}: {error}")
        return None
    if answer.status not in step.expected:
        tally.note(step, role, answer, f"answered {answer.status} ({step.method} {step.path})")
    elif step.shows and step.shows not in answer.text:
        tally.note(step, role, answer, f"did not show {step.shows!r} ({step.path})")
    elif step.recorded and not answer.request_id:
        tally.note(step, role, answer, "no request id")
    else:
        tally.note(step, role, answer)
    return answer


VERSION = re.compile(r'name="version" value="(\d+)"')


def _writes(visitor: Visitor, person: Person, samples: Samples, round_number: int, tally: Tally) -> None:
    """The role's own writes for one round (besides stating purposes, which are in the journey)."""
    from safeguard.roles import ROLES, Permission, Role

    permissions = ROLES[Role(person.role)].permissions
    if Permission.MANAGE_USERS in permissions:
        username = f"added-by-{person.user_id}-{round_number}"
        fields = {"username": username, "full_name": "Added Under Load", "email": "added@example.invalid",
                  "password": "a first password, long enough", "roles": ["administrator"]}
        step = Step("accounts:user_add (POST)", "POST", "/users/add", fields, frozenset({302}), recorded=True)
        answer = _do(visitor, step, person.role, tally)
        if answer is not None and answer.status == 302:
            with tally.lock:
                tally.people_added.append(username)
    if Permission.ACKNOWLEDGE_WARNINGS in permissions and samples.warning_key:
        path = f"/warnings/{samples.warning_key}"
        page = _do(visitor, Step("leadership:warning", "GET", path), person.role, tally)
        found = VERSION.search(page.text) if page is not None else None
        if found is None:
            return
        fields = {"response": f"Asked for a report ({person.username}, round {round_number}).", "version": found.group(1)}
        step = Step("leadership:warning (POST)", "POST", path, fields, frozenset({302, 409}), recorded=True)
        answer = _do(visitor, step, person.role, tally)
        if answer is not None and answer.status in {302, 409}:
            with tally.lock:
                if answer.status == 302:
                    tally.revisions_accepted += 1
                else:
                    tally.revisions_refused += 1


def client(visitor: Visitor, person: Person, samples: Samples, seconds: float, tally: Tally,
           start: threading.Barrier) -> None:
    """One person walking their role's pages and making its writes, round after round, from
    the moment every client is at the start line until ``seconds`` have passed."""
    steps = journey(person.role, samples)
    start.wait()
    deadline = time.monotonic() + seconds
    round_number = 0
    while time.monotonic() < deadline:
        round_number += 1
        _writes(visitor, person, samples, round_number, tally)
        for step in steps:
            if time.monotonic() >= deadline:
                return
            _do(visitor, step, person.role, tally)


@dataclass
class LoadResult:
    clients: int
    seconds: float
    tally: Tally
    records_missing: int = 0
    """Requests that should have left exactly one access record and did not (none, or several)."""
    people_missing: int = 0
    version_expected: int | None = None
    version_found: int | None = None

    @property
    def total(self) -> int:
        return sum(self.tally.requests.values())

    @property
    def errors(self) -> int:
        return sum(self.tally.errors.values())

    @property
    def lost_writes(self) -> int:
        lost_revisions = 0
        if self.version_expected is not None and self.version_found != self.version_expected:
            lost_revisions = abs((self.version_expected or 0) - (self.version_found or 0))
        return self.records_missing + self.people_missing + lost_revisions


_FIND_WRITES = """
import json, os
from django.db.models import Count
from safeguard.web.accounts.models import User
from safeguard.web.audit.models import AccessRecord
from safeguard.governance.warning_owners.models import Acknowledgement
wanted = json.load(open(os.environ["LOAD_DATA"]))
counts = dict(AccessRecord.objects.filter(request_id__in=wanted["recorded"]).values_list("request_id")
              .annotate(n=Count("id")).values_list("request_id", "n"))
missing = sum(1 for request_id in wanted["recorded"] if counts.get(request_id) != 1)
people = set(User.objects.filter(username__in=wanted["people"]).values_list("username", flat=True))
versions = Acknowledgement.objects.filter(warning_id=wanted["warning"]).values_list("version", flat=True) if wanted["warning"] else None
print(json.dumps({"records_missing": missing, "people_missing": len(set(wanted["people"]) - people),
                  "version": sum(versions) if versions is not None else None}))
"""


def check_writes(environment: Mapping[str, str], result: LoadResult, warning_key: str | None, version_before: int | None) -> None:
    found = run_in_site(environment, _FIND_WRITES, {
        "recorded": result.tally.recorded, "people": result.tally.people_added, "warning": warning_key,
    })
    result.records_missing = found["records_missing"]
    result.people_missing = found["people_missing"]
    if warning_key and version_before is not None:
        result.version_expected = version_before + result.tally.revisions_accepted
        result.version_found = found["version"]


_PREPARE = """
import json, os
from safeguard.aggregates import Viewer, current_warnings
from safeguard.governance.warning_owners import services as owners
from safeguard.governance.warning_owners.models import Acknowledgement
from safeguard.web.accounts.models import User
wanted = json.load(open(os.environ["LOAD_DATA"]))
key = None
views = current_warnings(Viewer.of(frozenset()))
if views:
    tracked = owners.track(views)[views[0].key]
    key = tracked.pk
    person = User.objects.get(username=wanted["by"])
    if not Acknowledgement.objects.filter(warning=tracked, person=person).exists():
        owners.acknowledge(tracked, by=person, seen_version=0, response="First response, before the load.")
versions = Acknowledgement.objects.filter(warning_id=key).values_list("version", flat=True) if key else None
ack_version = sum(versions) if versions is not None else None
import importlib
from django.conf import settings
records = {}
for app in [*settings.GOVERNANCE_APPS, "safeguard.packs"]:
    try:
        module = importlib.import_module(f"{app}.tests.samples")
    except ModuleNotFoundError:
        continue
    for name, make in module.ROUTE_SAMPLES.items():
        records[name] = make(User.objects.get(username=wanted["by"]))
print(json.dumps({"warning": key, "version": ack_version, "records": records}))
"""


def prepare_samples(environment: Mapping[str, str], home: Path, people: list[Person], visitors: list[Visitor],
                    upload_file: Path | None) -> tuple[Samples, int | None]:
    """The parameters the journeys need, found or made before the clock starts: the latest
    snapshot and a child in it, an upload waiting for a decision (the analyst uploads
    ``upload_file`` through the real page), a current early warning already acknowledged once
    (whose response the strategic roles then revise), a person's account, and a record of each
    governance app's."""
    from safeguard.snapshots import Store

    with Store(home) as store:
        snapshots = store.list()
        snapshot_id = snapshots[-1].id if snapshots else None
        child_id = None
        if snapshot_id:
            children = store.table(snapshot_id, "referrals").column("child_id").to_pylist()
            child_id = children[0] if children else None
    upload_id = None
    analyst = next((visitor for person, visitor in zip(people, visitors, strict=True) if person.role == "analyst"), None)
    if upload_file is not None and analyst is not None:
        answer = analyst.post_file(
            "/data/imports", "return_file", upload_file, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        if answer.status == 302:
            upload_id = answer.location.rstrip("/").rsplit("/", 1)[-1]
    quartet = next(person for person in people if person.role == "chief_executive")
    found = run_in_site(environment, _PREPARE, {"by": quartet.username})
    samples = Samples(snapshot_id, upload_id, found["warning"], child_id, people[0].user_id, found["records"])
    return samples, found["version"]


def run_load(environment: Mapping[str, str], home: Path, *, clients: int, seconds: float, workers: int = 2,
             upload_file: Path | None = None, say: Callable[[str], None] = print) -> LoadResult:
    """Serve ``home``, sign ``clients`` people in (every role among them), load it for ``seconds``
    and check the writes; the server is stopped whatever happens."""
    from safeguard.roles import ROLES

    roles = [role.value for role in ROLES]
    people = make_people(environment, [roles[number % len(roles)] for number in range(clients)])
    server = start_server(environment, workers)
    try:
        began = time.perf_counter()
        visitors = _sign_in_all(server.url, people)
        samples, version_before = prepare_samples(environment, home, people, visitors, upload_file)
        say(f"Signed in {len(visitors)} people across {len(set(roles))} roles in {time.perf_counter() - began:.1f}s "
            f"(gunicorn, {workers} workers, {server.url}).")
        tally = Tally()
        start = threading.Barrier(clients + 1)
        threads = [
            threading.Thread(target=client, args=(visitor, person, samples, seconds, tally, start))
            for visitor, person in zip(visitors, people, strict=True)
        ]
        for thread in threads:
            thread.start()
        start.wait()
        began = time.perf_counter()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
    finally:
        server.stop()
    result = LoadResult(clients, elapsed, tally)
    check_writes(environment, result, samples.warning_key, version_before)
    return result


def _sign_in_all(base: str, people: list[Person]) -> list[Visitor]:
    visitors: list[Visitor | None] = [None] * len(people)
    problems: list[str] = []

    def one(index: int) -> None:
        try:
            visitors[index] = sign_in(base, people[index])
        except (RuntimeError, OSError) as error:
            problems.append(str(error))

    threads = [threading.Thread(target=one, args=(index,)) for index in range(len(people))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if problems:
        raise RuntimeError(f"{len(problems)} people could not sign in, for example: {problems[0]}")
    return [visitor for visitor in visitors if visitor is not None]


def report(result: LoadResult, say: Callable[[str], None] = print) -> None:
    tally = result.tally
    say(f"{result.total:,} requests from {result.clients} concurrent signed-in clients in {result.seconds:.1f}s: "
        f"{result.total / result.seconds:.1f} requests per second; {result.errors} errors; "
        f"{result.lost_writes} lost writes.")
    say(f"{'page':<40}{'requests':>10}{'errors':>8}")
    for name, count in sorted(tally.requests.items()):
        say(f"{name:<40}{count:>10,}{tally.errors[name]:>8}")
    for name, example in tally.error_examples.items():
        say(f"error on {name}: {example}")
    say(f"Writes: {len(tally.recorded):,} requests that must each leave one access record "
        f"({result.records_missing} did not); {len(tally.people_added)} people added "
        f"({result.people_missing} missing); warning response revised {tally.revisions_accepted} times, "
        f"{tally.revisions_refused} stale revisions refused with 409 "
        f"(version {result.version_found}, expected {result.version_expected}).")


# ---------------------------------------------------------------------------------------------
# The store, when run as a benchmark


def build_store(home: Path, population: int) -> Path:
    """A synthetic council's store (as bench/web_bench.py builds it), its figures worked out;
    the newest return, to upload during the load."""
    sys.path.insert(0, str(CHECKOUT / "bench"))
    from web_bench import build_store as build_synthetic_council
    from web_bench import work_out_figures

    build_synthetic_council(home, population)
    work_out_figures(home)
    return sorted((home / "returns").glob("*.xlsx"))[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE, help="the store to build or reuse")
    parser.add_argument("--population", type=int, default=20_000, help="children aged 0-17 in the council")
    parser.add_argument("--clients", type=int, default=50, help="people loading the site at once")
    parser.add_argument("--seconds", type=float, default=60, help="how long the load lasts")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (safeguard serve's default)")
    options = parser.parse_args()

    home = options.store.resolve()
    home.mkdir(parents=True, exist_ok=True)
    os.environ["SAFEGUARD_HOME"] = str(home)
    os.environ["DJANGO_SETTINGS_MODULE"] = "safeguard.web.settings.base"
    import django

    django.setup()
    upload_file = build_store(home, options.population)
    environment = site_environment(home, {key: os.environ[key] for key in ("DATABASE_URL", "SAFEGUARD_MIGRATION_DATABASE_URL")
                                          if key in os.environ})
    migrate(environment)
    result = run_load(environment, home, clients=options.clients, seconds=options.seconds, workers=options.workers,
                      upload_file=upload_file)
    report(result)
    sys.exit(0 if result.errors == 0 and result.lost_writes == 0 else 1)


if __name__ == "__main__":
    main()
