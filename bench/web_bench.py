"""How the web application holds up under signed-in leaders: the indicator dashboard and one
indicator page, fetched by 20 people at once over loopback (issue 4, point 9; issue 11, point 7).

The store is the demo council's (``safeguard demo --no-serve``: 60,000 children, five years, a
whole-history return and twelve monthly extracts, benchmarks, workforce files), built once and
reused, with the demo's people and governance records added to the run's application database;
or, with ``--council synthetic``, a synthetic council of three annual returns. It makes USERS
people across the roles that see the dashboard (those whose role needs one sign in with a
one-time code too), starts ``safeguard serve`` (gunicorn, WhiteNoise) on a free loopback port,
signs every person in through the real sign-in pages, and then runs CLIENTS threads at once,
each as one of those people, fetching the dashboard and the indicator page in turn. It prints
requests per second, the 50th and 95th percentile latency of each page, how many answers were
not 200, and the processor time per request of the server's workers and of the clients.

Before the load, one client in this process (Django's test client) fetches the home page, the
dashboard and the indicator page as a Lead Member and as a Director: the server's own time and
database queries per request, free of queueing (``--single``).

Several ``--workers`` counts, and ``--baseline-source`` (the ``src`` folder of an earlier commit,
from ``git archive``), each get a server of their own, loaded in turn within each repeat, so
that earlier and later code meet the same conditions on a shared machine.

The application database is SQLite in the store folder, or with ``--database postgresql`` a
fresh database on the PostgreSQL server scripts/setup-system started (its URL read from
build/system.env, or given with ``--database-url``), dropped afterwards.

Run: .venv/bin/python bench/web_bench.py [--database sqlite|postgresql] [--council demo|synthetic]
     [--users 20] [--clients 20] [--rounds 25] [--workers 2 [3 ...]] [--repeats 1] [--single 50]
     [--baseline-source DIR]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import math
import os
import re
import secrets
import shlex
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
DEFAULT_STORE = CHECKOUT / "bench" / "out" / "web-store"
DEMO_STORE = CHECKOUT / "bench" / "out" / "demo-store"
END = date(2025, 3, 31)
YEARS_ENDING = (2023, 2024, 2025)
SEED = 7
LA_CODE = "370"
"""Any real council would do: its region and statistical neighbours are what the council is set beside."""
PLANTED = "rising_re_referrals@2024-09"
INDICATOR = "re_referral_rate"
PAGES = {"dashboard": "/indicators", "indicator page": f"/indicators/{INDICATOR}"}
PROFILED_ROLES = ("lead_member", "dcs")
"""A role whose figures have small numbers withheld, and one that sees them all."""
BUILT_MARK = "web-bench.json"
SYSTEM_STATUS = CHECKOUT / "build" / "system.env"


# ---------------------------------------------------------------------------------------------
# The application database


def recorded_postgresql_url() -> str:
    """The PostgreSQL URL scripts/setup-system recorded, or a clear stop when there is none."""
    if SYSTEM_STATUS.is_file():
        for line in SYSTEM_STATUS.read_text(encoding="utf-8").splitlines():
            name, _, value = line.partition("=")
            if name == "SAFEGUARD_TEST_POSTGRESQL_URL" and value:
                return shlex.split(value)[0]
    raise SystemExit("No PostgreSQL server is recorded in build/system.env: run scripts/setup-system, or give --database-url.")


@contextmanager
def postgresql_database(server_url: str) -> Iterator[str]:
    """A fresh database on the server for this run (its URL), dropped afterwards."""
    import psycopg
    from psycopg import sql

    def on(name: str) -> str:
        return urllib.parse.urlunsplit(urllib.parse.urlsplit(server_url)._replace(path=f"/{name}"))

    name = f"safeguard_web_bench_{uuid.uuid4().hex[:8]}"
    try:
        connection = psycopg.connect(on("postgres"), autocommit=True)
    except psycopg.OperationalError as error:
        raise SystemExit(f"The PostgreSQL server did not answer ({error}): run scripts/setup-system, which starts it.") from None
    with connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield on(name)
    finally:
        with psycopg.connect(on("postgres"), autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@contextmanager
def application_database(kind: str, server_url: str | None) -> Iterator[str]:
    """Set DATABASE_URL for this process and the server it starts; says which database it is."""
    if kind == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        yield "SQLite in the store folder"
        return
    with postgresql_database(server_url or recorded_postgresql_url()) as url:
        os.environ["DATABASE_URL"] = url
        try:
            yield f"PostgreSQL database {urllib.parse.urlsplit(url).path.lstrip('/')}"
        finally:
            os.environ.pop("DATABASE_URL", None)


# ---------------------------------------------------------------------------------------------
# The store


def build_store(home: Path, population: int) -> None:
    """Generate the council, import one return per financial year and set its settings, unless
    ``home`` already holds exactly this council."""
    arguments = {"population": population, "end": END.isoformat(), "years": list(YEARS_ENDING), "seed": SEED}
    mark = home / BUILT_MARK
    if mark.is_file() and json.loads(mark.read_text(encoding="utf-8")) == arguments:
        print(f"Reusing the store in {home}.")
        return
    from safeguard.benchmarks.loader import load_benchmarks
    from safeguard.council import Council, save_council
    from safeguard.home import shared_folder
    from safeguard.snapshots import Store
    from safeguard.synth import SynthConfig, simulate
    from safeguard.synth.workbook import write_workbook

    started = time.perf_counter()
    history = simulate(
        SynthConfig(population=population, years=len(YEARS_ENDING), end=END, seed=SEED, scenarios=(PLANTED,))
    )
    returns = home / "returns"
    returns.mkdir(parents=True, exist_ok=True)
    with Store(home) as store:
        for year in YEARS_ENDING:
            start, end = date(year - 1, 4, 1), date(year, 3, 31)
            workbook = returns / f"annex_a_{year}.xlsx"
            write_workbook(workbook, history.extract(end, start).list_records, end)
            store.import_file(workbook, loaded_by="web benchmark")
    save_council(Council(name="Northbrook", la_code=LA_CODE, population=dict(history.population)), home)
    published = shared_folder()
    if published is not None and (published / "benchmarks").is_dir():
        load_benchmarks(published / "benchmarks", home)
    mark.write_text(json.dumps(arguments), encoding="utf-8")
    print(f"Built a store of {population:,} children over {len(YEARS_ENDING)} years in {time.perf_counter() - started:.0f}s.")


def build_demo_store(home: Path) -> None:
    """The council ``safeguard demo`` makes (its returns, settings, benchmarks, workforce files,
    figures and, in the store's own SQLite database, its people and governance records), unless
    ``home`` already holds it."""
    mark = home / BUILT_MARK
    if mark.is_file() and json.loads(mark.read_text(encoding="utf-8")) == {"council": "demo"}:
        print(f"Reusing the demo council's store in {home}.")
        return
    started = time.perf_counter()
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    subprocess.run([sys.executable, "-m", "safeguard", "demo", "--no-serve"], env=environment, check=True,
                   stdout=subprocess.DEVNULL)
    mark.write_text(json.dumps({"council": "demo"}), encoding="utf-8")
    print(f"Built the demo council's store in {time.perf_counter() - started:.0f}s.")


def seed_demo_records() -> None:
    """The demo's people and its year of governance records, in this run's application database
    (some show on the pages: the home page's items needing attention)."""
    for step in ("create_demo_users", "seed_demo_governance"):
        subprocess.run([sys.executable, "-m", "safeguard.web.manage", step], env=os.environ.copy(), check=True,
                       stdout=subprocess.DEVNULL)


def work_out_figures(home: Path) -> None:
    """The figures the pages show, worked out before the clock starts (the server would otherwise
    do it on its first request)."""
    from safeguard.aggregates import published

    started = time.perf_counter()
    figures = published().figures
    print(f"Figures ready: {len(figures.indicators)} indicators, {len(figures.warnings)} early warnings "
          f"({time.perf_counter() - started:.1f}s).")


# ---------------------------------------------------------------------------------------------
# The people


@dataclass(frozen=True)
class Person:
    username: str
    password: str
    secret: bytes | None
    """The authenticator key, for roles that sign in with a one-time code."""


def make_people(count: int) -> list[Person]:
    """``count`` people, the roles that see the dashboard taken in turn; run again, each gets a
    new password and authenticator key rather than a second account."""
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from safeguard.web.access.policy import ROLES, Permission
    from safeguard.web.accounts.models import RoleGrant, User

    call_command("migrate", interactive=False, verbosity=0)
    roles = [role for role, definition in ROLES.items() if Permission.SEE_AGGREGATES in definition.permissions]
    people = []
    for number in range(count):
        role = roles[number % len(roles)]
        username = f"bench-{number + 1:02d}-{role.value.replace('_', '-')}"
        password = secrets.token_urlsafe(16)
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={"first_name": "Bench", "last_name": f"Person {number + 1}", "password": make_password(password),
                      "is_active": True, "must_change_password": False},
        )
        RoleGrant.objects.filter(user=user).exclude(role=role.value).delete()
        RoleGrant.objects.get_or_create(user=user, role=role.value)
        TOTPDevice.objects.filter(user=user).delete()
        secret = None
        if ROLES[role].second_factor:
            secret = TOTPDevice.objects.create(user=user, name="Bench authenticator", confirmed=True).bin_key
        people.append(Person(username, password, secret))
    return people


# ---------------------------------------------------------------------------------------------
# The server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Served:
    """One ``safeguard serve`` under load: its label, worker processes and the code it runs."""

    label: str
    workers: int | None
    """None: ``safeguard serve``'s default."""
    source: Path | None = None
    """The ``src`` folder of other code to serve (an earlier commit's), instead of this checkout's."""


def start_server(port: int, served: Served) -> subprocess.Popen:
    environment = os.environ.copy()
    if served.source is not None:
        environment["PYTHONPATH"] = str(served.source)
    server = subprocess.Popen(
        [sys.executable, "-m", "safeguard", "serve", "--port", str(port),
         *(["--workers", str(served.workers)] if served.workers else [])],
        env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"safeguard serve stopped with status {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("safeguard serve did not answer /health within 90 seconds")


# ---------------------------------------------------------------------------------------------
# Signing in, as a browser does


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects are not followed, so each step of signing in can be checked."""

    def redirect_request(self, *arguments, **options):
        return None


def _csrf_token(page: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if match is None:
        raise SystemExit("no CSRF token on the sign-in page")
    return match.group(1)


def _post(opener: urllib.request.OpenerDirector, url: str, fields: dict[str, str]) -> str:
    """Post a form; the address the answer redirects to."""
    body = urllib.parse.urlencode(fields).encode()
    try:
        answer = opener.open(urllib.request.Request(url, body, headers={"Referer": url}))
    except urllib.error.HTTPError as redirect:
        if redirect.code != 302:
            raise SystemExit(f"{url} answered {redirect.code}") from redirect
        return redirect.headers["Location"]
    raise SystemExit(f"{url} answered {answer.status} instead of moving on (wrong password or code?)")


@dataclass(frozen=True)
class SignedIn:
    """A person signed in over HTTP: the opener that carries their session, and its cookies."""

    person: Person
    opener: urllib.request.OpenerDirector
    cookies: http.cookiejar.CookieJar


def sign_in(base: str, person: Person) -> SignedIn:
    from django_otp.oath import totp

    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies), _KeepRedirects())
    token = _csrf_token(opener.open(f"{base}/sign-in").read().decode())
    where = _post(opener, f"{base}/sign-in", {"csrfmiddlewaretoken": token, "username": person.username, "password": person.password})
    if where.endswith("/sign-in/code"):
        token = _csrf_token(opener.open(f"{base}/sign-in/code").read().decode())
        where = _post(opener, f"{base}/sign-in/code", {"csrfmiddlewaretoken": token, "code": f"{totp(person.secret):06d}"})
    if urllib.parse.urlsplit(where).path != "/":
        raise SystemExit(f"{person.username} was sent to {where} after signing in, not home")
    return SignedIn(person, opener, cookies)


# ---------------------------------------------------------------------------------------------
# One client, in this process: what a request costs the server, free of queueing


@dataclass(frozen=True)
class RequestCost:
    page: str
    role: str
    milliseconds: float
    """Median wall time of one request through Django (middleware, view, template), no network."""
    cpu_milliseconds: float
    """Processor time of this process per request (the database server's is not in it)."""
    queries: float
    """Database queries per request."""


def request_costs(sessions: list[SignedIn], roles: list[str], requests: int) -> list[RequestCost]:
    """Each page fetched ``requests`` times in a row by one signed-in person of each role named,
    through Django's test client in this process: the server's own time per request, and its
    queries (counted with ``CaptureQueriesContext``).

    The client carries the session the person already holds: signing in again would need a
    fresh one-time code, and the code they used moments ago is refused as a replay."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    costs = []
    for role in roles:
        session = next(session for session in sessions if session.person.username.endswith(role.replace("_", "-")))
        browser = Client(HTTP_HOST="127.0.0.1")
        for cookie in session.cookies:
            if cookie.name == settings.SESSION_COOKIE_NAME and cookie.value:
                browser.cookies[cookie.name] = cookie.value
        for name, address in {"home": "/", **PAGES}.items():
            if browser.get(address).status_code != 200:
                raise SystemExit(f"{address} did not answer 200 for {session.person.username}")
            walls, processor = [], time.process_time()
            with CaptureQueriesContext(connection) as queries:
                for _ in range(requests):
                    began = time.perf_counter()
                    browser.get(address)
                    walls.append(time.perf_counter() - began)
            costs.append(RequestCost(name, role, 1000 * percentile(walls, 0.5),
                                     1000 * (time.process_time() - processor) / requests, len(queries) / requests))
    return costs


def report_costs(costs: list[RequestCost], requests: int) -> None:
    print(f"One client in process, {requests} requests per page (median wall time; this process's processor time):")
    print(f"{'page':<16}{'role':<18}{'ms':>8}{'cpu ms':>8}{'queries':>9}")
    for cost in costs:
        print(f"{cost.page:<16}{cost.role:<18}{cost.milliseconds:>8.1f}{cost.cpu_milliseconds:>8.1f}{cost.queries:>9.1f}")


# ---------------------------------------------------------------------------------------------
# The load


@dataclass
class PageTimes:
    seconds: list[float] = field(default_factory=list)
    failures: int = 0


def client(base: str, opener: urllib.request.OpenerDirector, rounds: int, times: dict[str, PageTimes],
           lock: threading.Lock, start: threading.Barrier) -> None:
    """One person fetching each page in turn, ``rounds`` times."""
    start.wait()
    for _ in range(rounds):
        for name, address in PAGES.items():
            began = time.perf_counter()
            try:
                with opener.open(f"{base}{address}") as answer:
                    answer.read()
                    ok = answer.status == 200
            except (urllib.error.HTTPError, OSError):
                ok = False
            elapsed = time.perf_counter() - began
            with lock:
                times[name].seconds.append(elapsed)
                times[name].failures += 0 if ok else 1


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (``share`` from 0 to 1)."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


def processor_seconds(server: subprocess.Popen) -> float:
    """Processor time used so far by the server's workers (the children of gunicorn's master)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == server.pid:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class LoadRun:
    times: dict[str, PageTimes]
    elapsed: float
    client_seconds: float
    """Processor time of the clients (this process's threads)."""
    server_seconds: float
    """Processor time of the server's workers."""


def run_load(base: str, server: subprocess.Popen, openers: list[urllib.request.OpenerDirector], clients: int,
             rounds: int) -> LoadRun:
    for opener in openers[:1]:
        for address in PAGES.values():
            opener.open(f"{base}{address}").read()
    times = {name: PageTimes() for name in PAGES}
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    threads = [
        threading.Thread(target=client, args=(base, openers[number % len(openers)], rounds, times, lock, start))
        for number in range(clients)
    ]
    for thread in threads:
        thread.start()
    start.wait()
    began, client_began, server_began = time.perf_counter(), time.process_time(), processor_seconds(server)
    for thread in threads:
        thread.join()
    return LoadRun(times, time.perf_counter() - began, time.process_time() - client_began,
                   processor_seconds(server) - server_began)


def report(run: LoadRun, clients: int) -> None:
    times, elapsed = run.times, run.elapsed
    total = sum(len(page.seconds) for page in times.values())
    print(f"{total:,} requests from {clients} concurrent signed-in clients in {elapsed:.1f}s: "
          f"{total / elapsed:.1f} requests per second; processor time per request: server workers "
          f"{1000 * run.server_seconds / total:.1f} ms, clients {1000 * run.client_seconds / total:.1f} ms")
    print(f"{'page':<16}{'requests':>9}{'per second':>12}{'p50 ms':>9}{'p95 ms':>9}{'not 200':>9}")
    for name, page in times.items():
        print(f"{name:<16}{len(page.seconds):>9,}{len(page.seconds) / elapsed:>12.1f}"
              f"{1000 * percentile(page.seconds, 0.50):>9.0f}{1000 * percentile(page.seconds, 0.95):>9.0f}{page.failures:>9}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--council", choices=("demo", "synthetic"), default="demo",
                        help="the council of `safeguard demo`, or three annual returns of a synthetic one")
    parser.add_argument("--store", type=Path, help="the store to build or reuse (default: bench/out/demo-store or web-store)")
    parser.add_argument("--population", type=int, default=60_000, help="children aged 0-17 in the synthetic council")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite", help="the application database")
    parser.add_argument("--database-url", help="the PostgreSQL server (default: the one build/system.env records)")
    parser.add_argument("--users", type=int, default=20, help="people signed in")
    parser.add_argument("--clients", type=int, default=20, help="clients fetching at once")
    parser.add_argument("--rounds", type=int, default=25, help="times each client fetches both pages")
    parser.add_argument("--workers", type=int, nargs="+", default=[None],
                        help="gunicorn worker processes (default: safeguard serve's; several: a server for each, loaded in turn)")
    parser.add_argument("--baseline-source", type=Path,
                        help="the src folder of earlier code (git archive of a commit): served too, loaded in turn with this checkout's")
    parser.add_argument("--repeats", type=int, default=1, help="times the whole load is run (figures for each)")
    parser.add_argument("--single", type=int, default=50, help="requests per page and role by one client in process (0: none)")
    options = parser.parse_args()

    home = (options.store or (DEMO_STORE if options.council == "demo" else DEFAULT_STORE)).resolve()
    home.mkdir(parents=True, exist_ok=True)
    os.environ["SAFEGUARD_HOME"] = str(home)
    os.environ["DJANGO_SETTINGS_MODULE"] = "safeguard.web.settings.base"
    if options.council == "demo":
        build_demo_store(home)
    else:
        build_store(home, options.population)
    work_out_figures(home)
    servers = [Served(f"{workers or 'default'} workers", workers) for workers in options.workers]
    if options.baseline_source:
        source = options.baseline_source.resolve()
        servers = [Served(f"before, {workers or 'default'} workers", workers, source) for workers in options.workers] + [
            replace(served, label=f"after, {served.label}") for served in servers
        ]
    with application_database(options.database, options.database_url) as database:
        people = make_people(options.users)
        if options.council == "demo":
            began = time.perf_counter()
            seed_demo_records()
            print(f"Added the demo's people and governance records in {time.perf_counter() - began:.0f}s.")
        bases, processes = {}, {}
        try:
            for served in servers:
                port = free_port()
                processes[served] = start_server(port, served)
                bases[served] = f"http://127.0.0.1:{port}"
            began = time.perf_counter()
            # Sessions live in the application database, so one sign-in serves every server.
            sessions = [sign_in(bases[servers[0]], person) for person in people]
            openers = [session.opener for session in sessions]
            coded = sum(1 for person in people if person.secret)
            print(f"Signed in {len(sessions)} people ({coded} with a one-time code) in {time.perf_counter() - began:.1f}s; "
                  f"gunicorn: {'; '.join(served.label for served in servers)}; {database}.")
            if options.single:
                # After a server has started: it gathered the static files the pages link to.
                report_costs(request_costs(sessions, list(PROFILED_ROLES), options.single), options.single)
            for number in range(options.repeats):
                for served in servers:
                    run = run_load(bases[served], processes[served], openers, options.clients, options.rounds)
                    print(f"Run {number + 1} of {options.repeats}, {served.label} (load average {os.getloadavg()[0]:.1f}):")
                    report(run, options.clients)
        finally:
            for process in processes.values():
                process.terminate()
                process.wait(timeout=30)

if __name__ == "__main__":
    main()
