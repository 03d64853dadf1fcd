"""Security headers, CSRF on every change, no change on GET, /health, and a clean
``check --deploy`` with the production settings."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from safeguard.web.access.policy import ROUTES, Role
from safeguard.web.accounts.models import User
from safeguard.web.audit.models import AccessRecord
from safeguard.web.data.models import Upload


def test_every_response_carries_the_security_headers(client_as):
    response = client_as(Role.LEAD_MEMBER).get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "'unsafe-inline'" not in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cache-Control"] == "no-store, private"
    assert len(response["X-Request-Id"]) == 36


def test_each_response_gets_a_new_nonce(db):
    first, second = Client().get(reverse("sign_in")), Client().get(reverse("sign_in"))
    assert first["Content-Security-Policy"] != second["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("view_name", "data"),
    [
        ("accounts:user_add", {"username": "x.y", "full_name": "X Y", "email": "x@example.invalid",
                               "password": "a first password, long enough", "roles": ["administrator"]}),
        ("sign_out", {}),
    ],
)
def test_changes_without_a_csrf_token_are_refused(make_person, view_name, data):
    from web_support import sign_in

    client = sign_in(Client(enforce_csrf_checks=True), make_person(Role.ADMINISTRATOR))
    response = client.post(reverse(view_name), data)
    assert response.status_code == 403
    assert "could not be sent" in response.content.decode()
    assert not User.objects.filter(username="x.y").exists()
    assert client.get(reverse("home")).status_code == 200


def test_no_get_changes_anything_but_the_access_log(client_as, snapshot_id, make_person):
    from django.apps import apps

    client = client_as(Role.DCS, Role.ANALYST, Role.ADMINISTRATOR)
    other = make_person(Role.SCRUTINY_MEMBER)

    def counts():
        return {model.__name__: model.objects.count() for model in apps.get_models() if model is not AccessRecord}

    upload = Upload.objects.create(
        id=uuid.uuid4(), original_name="return.xlsx", extension="xlsx", size=1, sha256="0" * 64, uploaded_by=other
    )
    upload.path.parent.mkdir(parents=True, exist_ok=True)
    upload.path.with_suffix(".findings.json").write_text('{"findings": []}', encoding="utf-8")
    client.post(reverse("data:list_rows", args=[snapshot_id, "referrals"]), {"purpose": "data_quality"})
    sample_arguments = {
        "user_id": other.pk,
        "indicator_id": "re_referral_rate",
        "warning_key": "no-such-warning",
        "upload_id": upload.id,
        "snapshot_id": snapshot_id,
        "list_key": "referrals",
    }
    from test_permissions_matrix import governance_samples

    sample_arguments |= {name: make(other) for name, make in governance_samples().items()}
    before = counts()
    visited = 0
    for view_name, policy in ROUTES.items():
        if "GET" not in policy.methods:
            continue
        client.get(reverse(view_name, kwargs=_route_arguments(view_name, sample_arguments)))
        visited += 1
    assert visited > 10
    after = counts()
    after.pop("Session", None), before.pop("Session", None)
    assert after == before


def _route_arguments(view_name: str, sample_arguments: dict[str, object]) -> dict[str, object]:
    """A sample value for each parameter the route takes, so every GET route can be visited."""
    import re

    from django.urls import NoReverseMatch

    try:
        reverse(view_name)
        return {}
    except NoReverseMatch as refusal:
        wanted = set(re.findall(r"\(\?P<(\w+)>", str(refusal)))
    return {name: sample_arguments[name] for name in wanted}


def test_health_answers_ok_with_the_database_up(db):
    response = Client().get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_answers_503_when_the_database_does_not(db, monkeypatch):
    from safeguard.web import health

    class UnreachableDatabase:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(health, "connection", UnreachableDatabase())
    response = Client().get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safeguard.web.settings.production",
        "SAFEGUARD_SECRET_KEY": "pR0d-" + "k3y-with-many-different-characters-" * 2,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'web.sqlite3'}",
        "SAFEGUARD_ALLOWED_HOSTS": "safeguard.council.example",
        "SAFEGUARD_HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "safeguard.web.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k != "SAFEGUARD_SECRET_KEY"}
    environment.update(DJANGO_SETTINGS_MODULE="safeguard.web.settings.production", SAFEGUARD_HOME=str(tmp_path),
                       DATABASE_URL=f"sqlite:///{tmp_path / 'web.sqlite3'}")
    result = subprocess.run([sys.executable, "-m", "safeguard.web.manage", "check"], env=environment,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "SAFEGUARD_SECRET_KEY" in result.stderr
