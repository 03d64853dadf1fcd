"""Each person's home page: who they are here, what their roles let them do, what needs their
attention now (``safeguard.web.leadership.attention``: early warnings nobody has answered,
overdue ones and late data, returns waiting for a decision, accounts not ready, refusals) and,
for roles that see figures, the handful of headline figures first (``safeguard.aggregates.headlines``:
how are our children, against last month and England) and how complete and valid the latest data
is. A leader's answer to "how are our children, and what needs me this month" fits one screen;
roles, abilities and the data's completeness are one click away.

Leader-facing: figures come only through ``safeguard.aggregates`` (an import-linter contract
keeps ``safeguard.snapshots`` out of this module).
"""

from __future__ import annotations

from datetime import date

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from safeguard.aggregates import Headline, Viewer, dashboard, headlines, latest_snapshot
from safeguard.errors import SafeguardError
from safeguard.web.access.policy import PERMISSION_DESCRIPTIONS, ROLES, Permission, permissions_of
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.leadership.assurance_attention import challenge_items, induction_items, plan_items
from safeguard.web.leadership.attention import needs_attention
from safeguard.web.leadership.emergency_attention import emergency_items
from safeguard.web.leadership.partnership_attention import partnership_items


def _headlines(viewer: Viewer) -> tuple[list[Headline], date | None]:
    """The figures that matter most this month, and the month they stand at."""
    board = dashboard(viewer)
    return headlines(board, viewer), board.latest_month


def home(request: SignedInRequest) -> HttpResponse:
    roles = request.user.roles
    permissions = permissions_of(roles)
    latest, problem, attention, data_month = None, None, None, None
    figures: list[Headline] = []
    try:
        if Permission.SEE_AGGREGATES in permissions:
            latest = latest_snapshot(exact=Permission.SEE_CHILD_LEVEL in permissions)
            figures, data_month = _headlines(Viewer.of(roles)) if latest else ([], None)
        attention = needs_attention(roles, permissions, latest, date.today(), person=request.user)
        today = timezone.localdate()
        attention = attention.with_items(
            plan_items(request.user, request.user.get_username(), permissions, today)
            + challenge_items(request.user, request.user.get_username(), permissions, today)
            + emergency_items(permissions)
            + induction_items(request.user, permissions, today)
            + partnership_items(request.user, permissions, today)
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
            "headlines": figures,
            "data_month": data_month,
            "attention": attention,
            "problem": problem,
            "suppressed": Permission.SEE_CHILD_LEVEL not in permissions,
        },
    )
