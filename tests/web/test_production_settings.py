"""Production settings (DOMAIN.md §7: ``manage.py check --deploy`` clean; issue 12, point 7):
``safeguard serve`` refuses, in one line, to start with production settings that Django's
deployment check finds anything wrong with, and the settings a demo relies on are not there."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

GOOD_KEY = "pR0d-" + "k3y-with-many-different-characters-" * 2


def production_environment(home, **changes: str) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("SAFEGUARD_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="safeguard.web.settings.production",
        SAFEGUARD_SECRET_KEY=GOOD_KEY,
        DATABASE_URL=f"sqlite:///{home / 'web.sqlite3'}",
        SAFEGUARD_ALLOWED_HOSTS="safeguard.council.example",
        SAFEGUARD_HOME=str(home),
    )
    environment.update(changes)
    return {key: value for key, value in environment.items() if value}


def serve(environment: dict[str, str]) -> subprocess.CompletedProcess:
    from test_browser import _free_port

    return subprocess.run(
        [sys.executable, "-m", "safeguard", "serve", "--port", str(_free_port()), "--workers", "1"],
        env=environment, capture_output=True, text=True, timeout=90,
    )


def error_lines(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


def test_serve_refuses_production_settings_that_fail_the_deployment_check(tmp_path):
    """Guards the refusal: with a guessable signing key (Django's security.W009) the check
    warns, and without this serve would start gunicorn anyway (here it would never return)."""
    result = serve(production_environment(tmp_path, SAFEGUARD_SECRET_KEY="short-and-guessable"))
    assert result.returncode == 1
    [line] = error_lines(result)
    assert "will not start with these production settings" in line
    assert "security.W009" in line and "check --deploy" in line
    assert not (tmp_path / "web.sqlite3").exists(), "refused before touching the database"


@pytest.mark.parametrize(
    ("missing", "named"),
    [("SAFEGUARD_SECRET_KEY", "SAFEGUARD_SECRET_KEY"), ("SAFEGUARD_ALLOWED_HOSTS", "SAFEGUARD_ALLOWED_HOSTS"),
     ("DATABASE_URL", "DATABASE_URL")],
)
def test_serve_refuses_production_settings_that_fall_back_on_demo_defaults(tmp_path, missing, named):
    """Guards the demo-only defaults (a key kept in the store, SQLite, loopback hosts): with
    production settings each must be given, and serve says which one is missing in one line."""
    result = serve(production_environment(tmp_path, **{missing: ""}))
    assert result.returncode == 1
    [line] = error_lines(result)
    assert named in line


def test_trusted_proxies_that_are_not_addresses_stop_the_start(tmp_path):
    result = serve(production_environment(tmp_path, SAFEGUARD_TRUSTED_PROXIES="10.0.0.1, proxy.council.example"))
    assert result.returncode == 1
    [line] = error_lines(result)
    assert "SAFEGUARD_TRUSTED_PROXIES holds 'proxy.council.example'" in line
