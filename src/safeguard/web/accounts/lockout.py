"""Pausing sign-in after repeated failures, without letting a stranger lock a person out and
without telling anyone whether a username exists (ASVS 5.0 V6.3; DOMAIN.md §7).

Failures are counted under separate keys, each with its own limit within a rolling window:

- the pair (username typed, address): stops guessing one person's password from one place;
- the address alone, with a much higher limit: stops trying one common password across many
  names from one place, while an office or a proxy's worth of people can still share an address;
- the username alone, from anywhere: stops guessing spread over many addresses;
- the pair (username, known browser): a browser that has completed a sign-in to this account
  before (``safeguard.web.accounts.known_browsers``) is counted on its own and is not held back
  by the three keys above, so an attacker's failures elsewhere never stop the person on their
  usual computer (OWASP's "device cookies").

A pause is not a lock: while any of them holds, a password alone is not enough, but the password
together with a one-time code from the account's authenticator still signs in (``signing_in``).
Someone who knows both is never kept out by someone who knows neither.

Failures are counted for whatever username was typed, existing or not, and the answers are the
same for both, so nothing here reveals which names are real. The address is the client's own,
read past the trusted proxies (``safeguard.web.audit.recording.client_address``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.http import HttpRequest

from safeguard.web.accounts.known_browsers import recognised_browser
from safeguard.web.accounts.models import SignInFailure
from safeguard.web.audit.recording import client_address

UNKNOWN_ADDRESS = "0.0.0.0"


def normalised_username(username: str) -> str:
    return username.strip().lower()[:150]


@dataclass(frozen=True)
class Attempt:
    """Who is trying to sign in, as far as the counting goes."""

    username: str
    """As typed, normalised."""
    address: str
    browser: str
    """The known browser's id when the request carries one for this username, else ``""``."""


def attempt_from(request: HttpRequest, username: str) -> Attempt:
    name = normalised_username(username)
    return Attempt(name, client_address(request) or UNKNOWN_ADDRESS, recognised_browser(request, name))


def _window_start() -> datetime:
    return datetime.now(UTC) - timedelta(seconds=settings.SIGN_IN_PAUSE_SECONDS)


def is_paused(attempt: Attempt) -> bool:
    """Whether a password alone is not enough for this attempt right now."""
    recent = SignInFailure.objects.filter(at__gte=_window_start())
    if attempt.browser:
        return recent.filter(username=attempt.username, browser=attempt.browser).count() >= settings.SIGN_IN_PAIR_LIMIT
    strangers = recent.filter(browser="")
    return (
        strangers.filter(username=attempt.username, address=attempt.address).count() >= settings.SIGN_IN_PAIR_LIMIT
        or strangers.filter(address=attempt.address).count() >= settings.SIGN_IN_ADDRESS_LIMIT
        or strangers.filter(username=attempt.username).count() >= settings.SIGN_IN_ACCOUNT_LIMIT
    )


def note_failure(attempt: Attempt) -> None:
    forget_old_failures()
    SignInFailure.objects.create(
        username=attempt.username, address=attempt.address, browser=attempt.browser, at=datetime.now(UTC)
    )


def forget_failures(attempt: Attempt) -> None:
    """After a right password, this pair (or this known browser) starts again from nothing. The
    address's count across other names and the name's count from other places stay, so spraying
    and spread-out guessing are still caught."""
    if attempt.browser:
        SignInFailure.objects.filter(username=attempt.username, browser=attempt.browser).delete()
    else:
        SignInFailure.objects.filter(username=attempt.username, address=attempt.address, browser="").delete()


def forget_old_failures() -> None:
    """Remove failures too old to count, so the table stays small."""
    SignInFailure.objects.filter(at__lt=_window_start()).delete()
