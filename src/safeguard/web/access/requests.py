"""What a view may rely on finding on its request, once the middleware have run.

Django types ``request.user`` as "a person or nobody" and knows nothing of the attributes the
project's middleware add. These classes say what each stage guarantees, so a view behind the
access policy can use ``request.user.roles`` without a check that could never fail. They are
never instantiated: Django builds the request; these only describe it to the type checker.

- ``HardenedRequest``: every request (``safeguard.web.hardening``) has an id for the access log
  and a nonce for the Content-Security-Policy.
- ``PolicedRequest``: every request that reached a route has that route's ``child_level``
  (``safeguard.web.access.enforcement``).
- ``SignedInRequest``: a request the policy let through to a route that needs a permission or
  the password step has a signed-in person, and (for a permission) the role that granted it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from django.http import HttpRequest

if TYPE_CHECKING:
    from safeguard.web.accounts.models import User


class HardenedRequest(HttpRequest):
    request_id: str
    csp_nonce: str


class PolicedRequest(HardenedRequest):
    child_level: bool


class SignedInRequest(PolicedRequest):
    user: User
    acting_role: str


def is_signed_in(request: HttpRequest) -> TypeGuard[SignedInRequest]:
    """Whether someone is signed in on this request (false too for a request the
    authentication middleware never saw, such as one refused before it ran)."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
