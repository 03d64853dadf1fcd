"""Headers every response carries: a request id, the Content-Security-Policy, and no caching of
anything shown to a signed-in person.

Django's own ``SecurityMiddleware`` already sends ``X-Content-Type-Options``, the referrer and
cross-origin-opener policies (and HSTS in production); this adds what it does not.

The policy allows scripts only from this site plus the one inline script of the GOV.UK template,
which carries a fresh nonce per response (``request.csp_nonce``). Styles, images and fonts come
from this site alone; no page may be framed, and forms post only back to this site.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from safeguard.web.access.requests import HardenedRequest, is_signed_in

REQUEST_ID_HEADER = "X-Request-Id"


def content_security_policy(nonce: str) -> str:
    directives = {
        "default-src": "'self'",
        "script-src": f"'self' 'nonce-{nonce}'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class ResponseHardeningMiddleware:
    """Gives each request an id (recorded in the access log and echoed in a header) and a CSP
    nonce, and adds the headers below to every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HardenedRequest) -> HttpResponse:
        request.request_id = str(uuid.uuid4())
        request.csp_nonce = secrets.token_urlsafe(18)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request.request_id
        response.setdefault("Content-Security-Policy", content_security_policy(request.csp_nonce))
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if is_signed_in(request) or getattr(request, "child_level", False):
            # Pages for a signed-in person may hold figures or a child's details: no browser or
            # proxy may keep a copy (ASVS 5.0 V14.3).
            response["Cache-Control"] = "no-store, private"
            response["Pragma"] = "no-cache"
        return response
