"""Helpers shared by the web tests (kept out of conftest.py so test modules can import them
by a name no other folder's conftest shares)."""

from __future__ import annotations

import shlex
import time
from pathlib import Path

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.web.access.policy import needs_second_factor
from safeguard.web.accounts.models import User
from safeguard.web.accounts.session_limits import LAST_SEEN_AT, SIGNED_IN_AT

CHECKOUT = Path(__file__).resolve().parents[2]
SYSTEM_STATUS = CHECKOUT / "build" / "system.env"


def system_status() -> dict[str, str]:
    """What scripts/setup-system could not do (and the PostgreSQL URL it made), by name."""
    if not SYSTEM_STATUS.is_file():
        return {}
    status = {}
    for line in SYSTEM_STATUS.read_text(encoding="utf-8").splitlines():
        name, _, value = line.partition("=")
        status[name] = shlex.split(value)[0] if value else ""
    return status


def confirmed_device(person: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=person, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=person, name="test app", confirmed=True)


def sign_in(client: Client, person: User, second_factor: bool = True) -> Client:
    """Sign the client in as ``person`` the quick way: a session as the sign-in pages leave it
    (clocks started, and the one-time code given when the roles need one)."""
    client.force_login(person)
    session = client.session
    now = time.time()
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN_AT] = now
    if second_factor and needs_second_factor(person.roles):
        session[DEVICE_ID_SESSION_KEY] = confirmed_device(person).persistent_id
    session.save()
    return client


def enter_enrolment_code(client: Client, person: User) -> None:
    """What a person does before setting up their authenticator: enter the enrolment code an
    administrator issued them (issued here), so the set-up page shows its secret."""
    from django.urls import reverse

    from safeguard.web.accounts.enrolment import issue_code

    code = issue_code(person, issued_by=None).code
    response = client.post(reverse("second_factor_setup"), {"enrolment_code": code})
    assert response.status_code == 302, "the enrolment code was not accepted"
