"""Pausing sign-in after repeated failures, without telling anyone whether a username exists.

Two keys, each with its own limit within a rolling window (ASVS 5.0 V6.3):

- the pair (username typed, address): stops guessing one person's password from one place,
  without letting a stranger lock a colleague out from elsewhere;
- the address alone, with a higher limit: stops trying one common password across many names.

Failures are counted for whatever username was typed, existing or not, and a paused pair gets
the same message as a wrong password, so the answers never reveal which names are real.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings

from safeguard.web.accounts.models import SignInFailure


def normalised_username(username: str) -> str:
    return username.strip().lower()[:150]


def _window_start() -> datetime:
    return datetime.now(UTC) - timedelta(seconds=settings.SIGN_IN_PAUSE_SECONDS)


def is_paused(username: str, address: str) -> bool:
    """Whether sign-in for this name from this address is paused right now."""
    recent = SignInFailure.objects.filter(at__gte=_window_start())
    if recent.filter(username=normalised_username(username), address=address).count() >= settings.SIGN_IN_PAIR_LIMIT:
        return True
    return recent.filter(address=address).count() >= settings.SIGN_IN_ADDRESS_LIMIT


def note_failure(username: str, address: str) -> None:
    forget_old_failures()
    SignInFailure.objects.create(username=normalised_username(username), address=address, at=datetime.now(UTC))


def forget_failures(username: str, address: str) -> None:
    """After a successful sign-in, that pair starts again from nothing (the address's count
    across other names stays, so spraying is still caught)."""
    SignInFailure.objects.filter(username=normalised_username(username), address=address).delete()


def forget_old_failures() -> None:
    """Remove failures too old to count, so the table stays small."""
    SignInFailure.objects.filter(at__lt=_window_start()).delete()
