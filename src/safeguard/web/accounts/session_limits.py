"""Idle and absolute session timeouts (ASVS 5.0 V7.3).

A session ends after ``SESSION_IDLE_SECONDS`` without a request, and in any case
``SESSION_ABSOLUTE_SECONDS`` after signing in, however busy. Ending it flushes the session on the
server, so the old cookie is worthless; the person is sent to sign in again with a note saying
why. Disabled accounts and changed passwords end other sessions through Django itself: the
session's user is looked up on every request (an inactive user is nobody), and each session
carries a hash of the password it was opened with.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

SIGNED_IN_AT = "safeguard_signed_in_at"
LAST_SEEN_AT = "safeguard_last_seen_at"
LAST_SEEN_RESOLUTION_SECONDS = 30
"""The last-seen time is saved at most this often, so most requests do not write the session."""


def start_session_clock(request: HttpRequest) -> None:
    """Called at sign-in: both clocks start now."""
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now


def expiry_reason(session: dict, now: float) -> str | None:
    """Why a session has run out at ``now``, or None if it is still good."""
    signed_in_at = session.get(SIGNED_IN_AT)
    last_seen_at = session.get(LAST_SEEN_AT)
    if signed_in_at is None or last_seen_at is None:
        return "Your session had no start time. Sign in again."
    if now - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS:
        hours = settings.SESSION_ABSOLUTE_SECONDS // 3600
        return f"You were signed out because sessions last at most {hours} hours. Sign in again."
    if now - last_seen_at > settings.SESSION_IDLE_SECONDS:
        minutes = settings.SESSION_IDLE_SECONDS // 60
        return f"You were signed out after {minutes} minutes without activity. Sign in again."
    return None


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            reason = expiry_reason(request.session, now)
            if reason is not None:
                logout(request)
                messages.info(request, reason)
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if now - request.session[LAST_SEEN_AT] >= LAST_SEEN_RESOLUTION_SECONDS:
                request.session[LAST_SEEN_AT] = now
        return self.get_response(request)
