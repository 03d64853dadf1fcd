"""Demo accounts: one person per role, for trying Safeguard out. DEMO ONLY.

Each gets a random password and, where the role needs one-time codes, a confirmed authenticator
secret (base32, as an authenticator app takes it), all printed once by the command that calls
this. Nothing here bypasses anything: a demo user signs in exactly as a real one does. Production
settings refuse to make them.
"""

from __future__ import annotations

import secrets
from base64 import b32encode

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.errors import SafeguardError
from safeguard.web.access.policy import ROLES, Role
from safeguard.web.accounts.models import RoleGrant, User

DEMO_PREFIX = "demo-"


def demo_username(role: Role) -> str:
    return f"{DEMO_PREFIX}{role.value.replace('_', '-')}"


def _refuse_in_production() -> None:
    if settings.SETTINGS_MODULE.endswith(".production"):
        raise SafeguardError("Demo users cannot be made with production settings.")


@transaction.atomic
def create_demo_users() -> list[tuple[Role, str, str, str | None]]:
    """Make (or remake) one demo user per role: (role, username, password, TOTP secret or None).

    Running it again gives every demo user a new password and secret, so whatever was printed
    last is what works.
    """
    _refuse_in_production()
    made = []
    for role, definition in ROLES.items():
        username = demo_username(role)
        password = secrets.token_urlsafe(12)
        first, _, last = f"Demo {definition.title}".partition(" ")
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.invalid",
                "password": make_password(password),
                "is_active": True,
                "must_change_password": False,
            },
        )
        RoleGrant.objects.filter(user=user).exclude(role=role.value).delete()
        RoleGrant.objects.get_or_create(user=user, role=role.value)
        TOTPDevice.objects.filter(user=user).delete()
        secret = None
        if definition.second_factor:
            device = TOTPDevice.objects.create(user=user, name="Demo authenticator", confirmed=True)
            secret = b32encode(device.bin_key).decode("ascii")
        made.append((role, username, password, secret))
    return made


def demo_sign_in_sheet(made: list[tuple[Role, str, str, str | None]]) -> str:
    """The printed list of demo accounts, plainly marked as such."""
    lines = ["DEMO ONLY: these accounts exist for trying Safeguard out. Never use them with real data.", ""]
    for role, username, password, secret in made:
        line = f"{ROLES[role].title:<45} username {username:<24} password {password}"
        if secret:
            line += f"  authenticator key {secret}"
        lines.append(line)
    lines.append("")
    lines.append(
        "Roles with an authenticator key also need a one-time code: add the key to an authenticator app, "
        "or run 'safeguard demo-code USERNAME' for the code of this moment (demo accounts only)."
    )
    return "\n".join(lines)


def current_demo_code(username: str) -> str:
    """The one-time code a demo account's authenticator would show now, for trying the demo
    without an authenticator app. Only for demo accounts, and never with production settings:
    it reads the secret from the database, as an authenticator app would hold it."""
    _refuse_in_production()
    if not username.startswith(DEMO_PREFIX):
        raise SafeguardError(f"{username!r} is not a demo account: only demo accounts' codes can be shown.")
    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    if device is None:
        raise SafeguardError(
            f"{username!r} has no authenticator: it is not a demo account, or its role signs in without a code."
        )
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


DEMO_STAFF: tuple[tuple[str, str, str, Role], ...] = (
    ("head_of_front_door", "Asha", "Patel (Head of the front door)", Role.PRACTICE_LEAD),
    ("head_of_child_protection", "Daniel", "Okafor (Head of child protection)", Role.PRACTICE_LEAD),
    ("head_of_children_in_care", "Priya", "Nair (Head of children in care)", Role.PRACTICE_LEAD),
    ("quality_assurance_lead", "Morgan", "Hughes (Quality assurance lead)", Role.PRACTICE_LEAD),
    ("principal_social_worker", "Tom", "Reid (Principal social worker)", Role.PRACTICE_LEAD),
    ("performance_manager", "Sara", "Ahmed (Performance manager)", Role.ANALYST),
    ("partnership_manager", "Grace", "Lewis (Partnership business manager)", Role.BOARD_MEMBER),
    ("police_partner", "Sam", "Carter (Detective Chief Inspector, police)", Role.BOARD_MEMBER),
    ("health_partner", "Helen", "Ward (Designated nurse, health)", Role.BOARD_MEMBER),
    ("education_partner", "Femi", "Adeyemi (Head teacher, schools)", Role.BOARD_MEMBER),
    ("scrutiny_chair", "Jo", "Marsh (Councillor, chair of scrutiny)", Role.SCRUTINY_MEMBER),
)
"""The demo council's named staff and partners (DEMO ONLY, fictional): they own actions, answer
challenges and audit cases in the demo's year of history. They cannot sign in (no password)."""


@transaction.atomic
def demo_people() -> dict[str, User]:
    """The demo users by role (``dcs``, ``lead_member``...) and the named demo staff, made if missing."""
    _refuse_in_production()
    people = {role.value: User.objects.get(username=demo_username(role)) for role in ROLES}
    for key, first, last, role in DEMO_STAFF:
        username = f"{DEMO_PREFIX}{key.replace('_', '-')}"
        person, _ = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.invalid", "password": make_password(None)},
        )
        RoleGrant.objects.get_or_create(user=person, role=role.value)
        people[key] = person
    return people
