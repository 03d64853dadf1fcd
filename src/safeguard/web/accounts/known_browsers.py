"""Browsers an account has signed in on before, recognised by a signed cookie.

After a complete sign-in (the password, and the one-time code where the roles need one) the
browser gets a cookie naming the account and a random id, signed with the site's key so nobody
can make one. Sign-in failures from a browser carrying a valid cookie for the username typed are
counted on their own (``safeguard.web.accounts.lockout``): an attacker guessing from elsewhere
cannot pause the person on the computer they always use. The cookie holds no secret and grants
nothing by itself: the password (and code) are still asked for.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

SALT = "safeguard.accounts.known-browser"


def recognised_browser(request: HttpRequest, username: str) -> str:
    """The id of the known browser this request comes from, if its cookie is valid and names
    ``username`` (normalised); otherwise ``""``."""
    value = request.COOKIES.get(settings.KNOWN_BROWSER_COOKIE_NAME)
    if not value:
        return ""
    try:
        content = signing.loads(value, salt=SALT, max_age=settings.KNOWN_BROWSER_DAYS * 24 * 3600)
    except signing.BadSignature:
        return ""
    if not isinstance(content, dict) or content.get("user") != username:
        return ""
    browser = content.get("browser")
    return browser if isinstance(browser, str) else ""


def remember_browser(response: HttpResponse, username: str, *, browser: str = "") -> None:
    """Mark the browser as known to ``username`` (normalised) for ``KNOWN_BROWSER_DAYS`` more,
    keeping its id if it was known already (``browser``)."""
    value = signing.dumps({"user": username, "browser": browser or secrets.token_hex(8)}, salt=SALT)
    response.set_cookie(
        settings.KNOWN_BROWSER_COOKIE_NAME,
        value,
        max_age=settings.KNOWN_BROWSER_DAYS * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
