"""Writing access records: the only code that adds rows to the access log.

Two ways in. ``record`` writes one row at once (a child-level page about to be shown, a refusal,
a sign-in). ``recorded_change`` wraps a change so that it and its record stand or fall together:
the record is written first, inside the transaction, so that a log that cannot be written stops
the change before it happens; if the change then fails, the transaction takes the "succeeded"
row away with it and one "failed" row is written instead. Either way a change leaves exactly
one record, and a failed write of the log is an exception that fails the request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from django.db import transaction
from django.http import HttpRequest

from safeguard.web.access.policy import Role
from safeguard.web.audit.models import AccessRecord, ObjectType, Outcome


def client_address(request: HttpRequest) -> str | None:
    """The address the request came from, as the server saw it (not a header a client sets)."""
    return request.META.get("REMOTE_ADDR") or None


def record(
    request: HttpRequest,
    *,
    action: str,
    object_type: ObjectType,
    object_id: str = "",
    outcome: Outcome,
    purpose: str = "",
    role: Role | None = None,
    username: str | None = None,
) -> AccessRecord:
    """Add one row to the access log now. ``role`` is the role the person acted in; ``username``
    names the person when nobody is signed in yet (a failed sign-in)."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    match = getattr(request, "resolver_match", None)
    with transaction.atomic():  # a savepoint: a refused insert raises without spoiling the outer transaction
        return AccessRecord.objects.create(
            at=datetime.now(UTC),
            request_id=getattr(request, "request_id", ""),
            user_id=user.pk if signed_in else None,
            username=(user.get_username() if signed_in else username or "")[:150],
            role=role.value if role else getattr(request, "acting_role", ""),
            action=action,
            object_type=object_type,
            object_id=str(object_id)[:200],
            purpose=purpose[:300],
            outcome=outcome,
            address=client_address(request),
            route=(match.view_name if match else "")[:64],
        )


@contextmanager
def recorded_change(
    request: HttpRequest, *, action: str, object_type: ObjectType, object_id: str = ""
) -> Iterator[None]:
    """Make a change and its one access record together (see the module's docstring)."""
    try:
        with transaction.atomic():
            record(request, action=action, object_type=object_type, object_id=object_id, outcome=Outcome.SUCCEEDED)
            yield
    except Exception:
        record(request, action=action, object_type=object_type, object_id=object_id, outcome=Outcome.FAILED)
        raise
