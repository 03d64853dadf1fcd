"""Demo users (one per role, printed, DEMO ONLY) and ``safeguard serve`` answering over gunicorn."""

from __future__ import annotations

import base64
import stat
import subprocess
import sys
import urllib.request

import pytest
from django.contrib.auth import authenticate
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from web_support import system_status

from safeguard.cli.serve import STYLESHEET
from safeguard.errors import SafeguardError
from safeguard.web.access.policy import ROLES
from safeguard.web.demo_users import create_demo_users, demo_sign_in_sheet


def test_one_demo_user_per_role_who_can_really_sign_in(db):
    made = create_demo_users()
    assert [role for role, *_ in made] == list(ROLES)
    for role, username, password, secret in made:
        person = authenticate(username=username, password=password)
        assert person is not None and person.roles == {role}
        assert (secret is not None) == ROLES[role].second_factor
        if secret:
            device = TOTPDevice.objects.get(user=person, confirmed=True)
            assert device.verify_token(f"{totp(base64.b32decode(secret)):06d}")
    sheet = demo_sign_in_sheet(made)
    assert sheet.startswith("DEMO ONLY")
    assert all(password in sheet for _, _, password, _ in made)


def test_running_it_again_replaces_passwords_and_secrets(db):
    first = {username: (password, secret) for _, username, password, secret in create_demo_users()}
    second = {username: (password, secret) for _, username, password, secret in create_demo_users()}
    assert first.keys() == second.keys()
    assert all(first[name] != second[name] for name in first)
    assert TOTPDevice.objects.count() == sum(1 for definition in ROLES.values() if definition.second_factor)


@override_settings(SETTINGS_MODULE="safeguard.web.settings.production")
def test_no_demo_users_under_production_settings(db):
    with pytest.raises(SafeguardError, match="production"):
        create_demo_users()


@pytest.mark.skipif(
    not STYLESHEET.is_file(),
    reason=system_status().get("SAFEGUARD_ASSETS_UNAVAILABLE", "the stylesheet is not built: run scripts/setup-system"),
)
def test_serve_answers_health_and_static_files_over_gunicorn(tmp_path):
    """Also guards the service's files (issue 12, point 8): the store folder and the database
    it makes are for its own account only."""
    from test_browser import _free_port, _site_environment, _wait_for_health

    port = _free_port()
    home = tmp_path / "store"
    server = subprocess.Popen(
        [sys.executable, "-m", "safeguard", "serve", "--port", str(port), "--workers", "1"],
        env=_site_environment(home), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(url, server)
        with urllib.request.urlopen(f"{url}/health") as response:
            assert response.read() == b'{"status": "ok", "database": "ok"}'
        with urllib.request.urlopen(f"{url}/sign-in") as response:
            page = response.read().decode()
        stylesheet = page.split('rel="stylesheet" href="')[1].split('"')[0]
        assert stylesheet.startswith("/static/build/safeguard.") and stylesheet.endswith(".css")
        with urllib.request.urlopen(f"{url}{stylesheet}") as response:
            assert "max-age" in response.headers["Cache-Control"]
            assert b"govuk-generic-header" in response.read()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    database = home / "web.sqlite3"
    assert database.exists() and stat.S_IMODE(database.stat().st_mode) == 0o600
