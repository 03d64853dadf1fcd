"""`safeguard demo` ends by opening the leaders' pages (issue 4, point 7): it makes the demo
users and prints their DEMO ONLY sign-in sheet, works out the indicators and early warnings, and
serves the site on http://127.0.0.1:8000 (here the serving itself is replaced, since it would
run until stopped; ``--no-serve`` is how the other tests run the demo)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from django_otp.oath import totp
from site_databases import put_migrated_sqlite

from safeguard.cli import demo as demo_command
from safeguard.cli import run
from safeguard.indicators.catalogue import INDICATORS


@pytest.mark.slow
def test_the_demo_makes_users_works_out_the_figures_and_serves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    home = tmp_path / "store"
    monkeypatch.setenv("SAFEGUARD_HOME", str(home))
    # The demo's own database is the store's SQLite file, whichever database this run's tests use.
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    served = []
    monkeypatch.setattr(demo_command, "serve_site", lambda **where: served.append(where))
    # A store whose database has every migration already (test_cli_demo's first demo starts from
    # nothing): the demo's own migrate then has nothing to do.
    put_migrated_sqlite(home)

    assert run(["demo", "--population", "1000", "--years", "2", "--end", "2025-03-31"]) == 0
    out = capsys.readouterr().out

    assert served == [{"host": "127.0.0.1", "port": 8000, "workers": 2}]
    assert "DEMO ONLY" in out
    accounts = re.findall(r"username (demo-[a-z-]+)\s+password (\S+)", out)
    assert len(accounts) == 9
    with sqlite3.connect(home / "web.sqlite3") as database:
        usernames = {row[0] for row in database.execute("SELECT username FROM accounts_user")}
    assert {username for username, _ in accounts} <= usernames
    worked_out = re.search(r"Worked out (\d+) indicators and (\d+) early warnings \((\d+) of them concerns\)", out)
    assert worked_out and int(worked_out.group(1)) == len(INDICATORS)
    assert len(list((home / "figures").glob("*.json"))) == 1, "the figures are kept, so the first page is quick"
    assert "safeguard serve" in out

    # Past the one-time code without an authenticator app: the code of this moment, demo accounts only.
    with sqlite3.connect(home / "web.sqlite3") as database:
        (key,) = database.execute(
            "SELECT d.key FROM otp_totp_totpdevice d JOIN accounts_user u ON u.id = d.user_id WHERE u.username = 'demo-dcs'"
        ).fetchone()
    this_or_next_step = {f"{totp(bytes.fromhex(key), drift=drift):06d}" for drift in (0, 1)}
    assert run(["demo-code", "demo-dcs"]) == 0
    assert capsys.readouterr().out.strip() in this_or_next_step
    assert run(["demo-code", "demo-lead-member"]) == 1
    assert "signs in without a code" in capsys.readouterr().err
    assert run(["demo-code", "somebody.real"]) == 1
    assert "not a demo account" in capsys.readouterr().err
