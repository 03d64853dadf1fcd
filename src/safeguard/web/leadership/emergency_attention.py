"""Emergency looks at children's records, at the top of the Director's team's home page at once.

Someone opening a child's records in an emergency ("break glass", ``safeguard.governance.sharing``)
must be seen straight away by those who answer for access to children's records, and reviewed
afterwards (DOMAIN.md §7). A count, who opened the latest and when; no child is named.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.urls import reverse

from safeguard.governance.sharing.models import REVIEW_DUE_DAYS, EmergencyAccess
from safeguard.roles import Permission
from safeguard.web.leadership.attention import Item


def emergency_items(permissions: frozenset[Permission], now: datetime | None = None) -> list[Item]:
    """One line while any emergency look waits for review, overdue once one waited too long."""
    if Permission.REVIEW_EMERGENCY_ACCESS not in permissions:
        return []
    waiting = list(EmergencyAccess.objects.filter(state="open").select_related("created_by").order_by("-created_at"))
    if not waiting:
        return []
    moment = now or datetime.now(UTC)
    latest = waiting[0]
    overdue = sum(1 for look in waiting if look.review_overdue(moment))
    looks = "emergency look at a child's records waits" if len(waiting) == 1 else "emergency looks at children's records wait"
    late = f", {overdue} of them for more than {REVIEW_DUE_DAYS} days" if overdue else ""
    return [
        Item(
            f"{len(waiting)} {looks} for review{late}. The latest was opened by {latest.created_by.display_name} "
            f"on {latest.created_at:%-d %B %Y at %H:%M} UTC.",
            reverse("sharing:emergencies"),
            "Review emergency looks",
            overdue=bool(overdue),
        )
    ]
