"""Each person's home page: who they are here, what their roles let them do, what needs their
attention now (``safeguard.web.leadership.attention``: early warnings nobody has answered,
overdue ones and late data, returns waiting for a decision, accounts not ready, refusals) and,
for roles that see figures, how complete and valid the latest data is.

Leader-facing: figures come only through ``safeguard.aggregates`` (an import-linter contract
keeps ``safeguard.snapshots`` out of this module).
"""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from safeguard.aggregates import latest_snapshot
from safeguard.errors import SafeguardError
from safeguard.web.access.policy import PERMISSION_DESCRIPTIONS, ROLES, Permission, permissions_of
from safeguard.web.leadership.assurance_attention import challenge_items, induction_items, plan_items
from safeguard.web.leadership.attention import needs_attention


def home(request: HttpRequest) -> HttpResponse:
    roles = request.user.roles
    permissions = permissions_of(roles)
    latest, problem, attention = None, None, None
    try:
        if Permission.SEE_AGGREGATES in permissions:
            latest = latest_snapshot(exact=Permission.SEE_CHILD_LEVEL in permissions)
        attention = needs_attention(roles, permissions, latest, date.today(), person=request.user)
        today = timezone.localdate()
        attention = attention.with_items(
            plan_items(request.user, request.user.get_username(), permissions, today)  # type: ignore[arg-type]
            + challenge_items(request.user, request.user.get_username(), permissions, today)  # type: ignore[arg-type]
            + induction_items(request.user, permissions, today)  # type: ignore[arg-type]
        )
    except SafeguardError as error:
        problem = str(error)
    return render(
        request,
        "home.html",
        {
            "roles": [ROLES[role] for role in ROLES if role in roles],
            "abilities": [PERMISSION_DESCRIPTIONS[permission] for permission in Permission if permission in permissions],
            "shows_figures": Permission.SEE_AGGREGATES in permissions,
            "latest": latest,
            "attention": attention,
            "problem": problem,
            "suppressed": Permission.SEE_CHILD_LEVEL not in permissions,
        },
    )
