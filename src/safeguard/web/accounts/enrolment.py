"""Enrolment codes: what a person needs, besides their password, to set up their authenticator
app for the first time (ASVS 5.0 V6.4: authenticator enrolment needs more than one factor).

Without it, whoever learns a new colleague's first password (sent by email, written down) could
sign in before them, set up an authenticator of their own and hold the account's child-level
access for good. So an administrator issues a code on the person's page (or, for the first
administrator, on the server's command line) and hands it over by another way (in person, by
phone). The authenticator's secret is shown only after the code is entered.

A code is 16 characters from an alphabet without look-alikes (80 random bits: far beyond
guessing, so no pause is needed). Only a hash of it is kept (Argon2, as for passwords); it is
shown once, works once, expires after ``ENROLMENT_CODE_HOURS``, and issuing a new one for the
same person ends any earlier one. Every code issued and every code tried is recorded in the
access log by the pages and commands that call this module.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils.timezone import localtime

from safeguard.web.access.enforcement import user_has_confirmed_device
from safeguard.web.access.policy import needs_second_factor
from safeguard.web.accounts.models import EnrolmentCode, User
from safeguard.web.audit.models import ObjectType, Outcome
from safeguard.web.audit.recording import record_command

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""No 0/O or 1/I, so a code read over the phone is typed right."""
GROUPS, GROUP_LENGTH = 4, 4


@dataclass(frozen=True)
class IssuedCode:
    code: str
    """Shown once, as ``ABCD-EFGH-JKLM-NPQR``; never stored."""
    expires_at: datetime


def normalised(typed: str) -> str:
    """What a person typed, without spaces or dashes, in capitals."""
    return "".join(character for character in typed.upper() if character in ALPHABET)


@transaction.atomic
def issue_code(person: User, *, issued_by: User | None) -> IssuedCode:
    """A new code for ``person``, ending any earlier one that was not used."""
    now = datetime.now(UTC)
    EnrolmentCode.objects.filter(user=person, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    raw = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LENGTH))
    expires_at = now + timedelta(hours=settings.ENROLMENT_CODE_HOURS)
    EnrolmentCode.objects.create(
        user=person, code_hash=make_password(raw, hasher="argon2"), issued_by=issued_by, issued_at=now, expires_at=expires_at
    )
    shown = "-".join(raw[start : start + GROUP_LENGTH] for start in range(0, len(raw), GROUP_LENGTH))
    return IssuedCode(shown, expires_at)


class EnrolmentCodeRefused(Exception):
    """The code typed is not the person's current enrolment code (wrong, used, expired or ended)."""


def redeem_code(person: User, typed: str) -> None:
    """Use up ``person``'s current code if ``typed`` is it, else `EnrolmentCodeRefused`. Two
    requests racing with the same code cannot both succeed: the code is marked used by one
    conditional update, which only one of them can make."""
    now = datetime.now(UTC)
    current = (
        EnrolmentCode.objects.filter(user=person, used_at__isnull=True, expires_at__gt=now).order_by("-issued_at").first()
    )
    candidate = normalised(typed)
    if current is None or len(candidate) != GROUPS * GROUP_LENGTH or not check_password(candidate, current.code_hash):
        raise EnrolmentCodeRefused
    if EnrolmentCode.objects.filter(pk=current.pk, used_at__isnull=True).update(used_at=now) != 1:
        raise EnrolmentCodeRefused


def has_live_code(person: User) -> bool:
    """Whether an issued code is waiting to be used (shown on the person's page, never the code)."""
    return EnrolmentCode.objects.filter(user=person, used_at__isnull=True, expires_at__gt=datetime.now(UTC)).exists()


def awaits_authenticator(person: User) -> bool:
    """Whether the person's roles need one-time codes and they have not set up an app yet: the
    only case where an enrolment code can be issued."""
    return person.is_active and needs_second_factor(person.roles) and not user_has_confirmed_device(person)


@transaction.atomic
def issue_on_the_command_line(person: User, command: str) -> str:
    """Issue, record and describe a code for ``person`` (one line to print)."""
    issued = issue_code(person, issued_by=None)
    record_command(command=command, action="issue_enrolment_code", object_type=ObjectType.USER,
                   object_id=person.username, outcome=Outcome.SUCCEEDED)
    return (
        f"Enrolment code for {person.username}: {issued.code} (shown only now; works once, until "
        f"{localtime(issued.expires_at):%-d %B %Y %H:%M}). They enter it when they first sign in, to set up their "
        "authenticator app."
    )
