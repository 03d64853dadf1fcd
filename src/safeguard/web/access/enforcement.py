"""The middleware that applies the policy table to every request, before any view runs.

For the route a request resolved to, it looks up ``ROUTES[view_name]`` and the rule for the
request's method, then:

- no policy for the route: 403 (deny by default), recorded;
- method the route does not take: 405;
- ``Gate.PUBLIC``: through;
- anyone else not signed in: to the sign-in page;
- signed in but the one-time code still outstanding for a role that needs one: only the
  ``Gate.PASSWORD_STEP`` routes, everything else goes to the code page;
- a permission the person's roles do not grant: 403, recorded.

The view then finds ``request.acting_role`` (the role that granted the permission, recorded in
the access log) and ``request.child_level`` set.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect

from safeguard.web.access.policy import ROUTES, Gate, Permission, RoutePolicy, granting_role, needs_second_factor
from safeguard.web.access.requests import PolicedRequest, SignedInRequest, is_signed_in
from safeguard.web.audit.models import ObjectType, Outcome
from safeguard.web.audit.recording import record
from safeguard.web.errors import refused


class AccessPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: PolicedRequest, view: Callable, args: tuple, kwargs: dict) -> HttpResponse | None:
        view_name = request.resolver_match.view_name if request.resolver_match else ""
        policy = ROUTES.get(view_name)
        if policy is None:
            return _refuse(request, view_name, "This page has no access policy, so nobody may use it.")
        request.child_level = policy.child_level
        rule = policy.rule(request.method or "GET")
        if rule is None:
            return HttpResponseNotAllowed(list(policy.methods))
        if rule is Gate.PUBLIC:
            return None
        if not is_signed_in(request):
            if policy.child_level or request.method != "GET":
                _record_refusal(request, view_name)
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if second_factor_outstanding(request):
            if rule is Gate.PASSWORD_STEP:
                return None
            return redirect("second_factor_verify" if user_has_confirmed_device(request.user) else "second_factor_setup")
        if rule is Gate.PASSWORD_STEP:
            return None
        return _apply_permission(request, view_name, policy, rule)


def _apply_permission(request: SignedInRequest, view_name: str, policy: RoutePolicy, rule: Permission) -> HttpResponse | None:
    role = granting_role(request.user.roles, rule)
    if role is None:
        return _refuse(request, view_name, f"Your role does not allow you to use “{policy.title}”.")
    request.acting_role = role.value
    if request.user.must_change_password and view_name != "password_change":
        return redirect("password_change")
    return None


def second_factor_outstanding(request: SignedInRequest) -> bool:
    """Whether this signed-in person still owes a one-time code for this session. (Straight after
    signing in, within the same request, ``request.user`` has not passed through django-otp's
    middleware and has no ``is_verified``: such a person has given no code yet.)"""
    user = request.user
    is_verified = getattr(user, "is_verified", None)
    return needs_second_factor(user.roles) and not (is_verified is not None and is_verified())


def user_has_confirmed_device(user: object) -> bool:
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)


def _record_refusal(request: HttpRequest, view_name: str) -> None:
    record(request, action="open_page", object_type=ObjectType.ROUTE, object_id=view_name, outcome=Outcome.REFUSED)


def _refuse(request: HttpRequest, view_name: str, reason: str) -> HttpResponse:
    _record_refusal(request, view_name)
    return refused(request, reason)
