"""Writing access records: the only code that adds rows to the access log.

Two ways in. ``record`` writes one row at once (a child-level page about to be shown, a refusal,
a sign-in), with the children whose records it shows (``AccessedChild``, written in the same
transaction, so a page of children is never shown unrecorded). ``recorded_change`` wraps a change so that it and its record stand or fall together:
the record is written first, inside the transaction, so that a log that cannot be written stops
the change before it happens; if the change then fails, the transaction takes the "succeeded"
row away with it and one "failed" row is written instead. Either way a change leaves exactly
one record, and a failed write of the log is an exception that fails the request.
"""

from __future__ import annotations

import getpass
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from django.db import transaction
from django.http import HttpRequest

from safeguard.web.access.policy import Role
from safeguard.web.audit.models import AccessedChild, AccessRecord, ObjectType, Outcome

CHILDREN_PER_INSERT = 1000


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
    children: Iterable[str] = (),
) -> AccessRecord:
    """Add one row to the access log now, and one ``AccessedChild`` for each child id in
    ``children`` (the children whose records the response shows or exports). ``role`` is the
    role the person acted in; ``username`` names the person when nobody is signed in yet (a
    failed sign-in)."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    match = getattr(request, "resolver_match", None)
    with transaction.atomic():  # a savepoint: a refused insert raises without spoiling the outer transaction
        entry = AccessRecord.objects.create(
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
        _add_children(entry, children)
    return entry


def record_command(
    command: str, *, action: str, object_type: ObjectType, object_id: str = "", children: Iterable[str] = ()
) -> AccessRecord:
    """Add one row for something done at the server's command line (``safeguard access-log``):
    the person is the operating-system account that ran ``command``; there is no address."""
    with transaction.atomic():
        entry = AccessRecord.objects.create(
            at=datetime.now(UTC),
            request_id=str(uuid.uuid4()),
            username=f"{getpass.getuser()} (command line)"[:150],
            action=action,
            object_type=object_type,
            object_id=str(object_id)[:200],
            outcome=Outcome.ALLOWED,
            route=command[:64],
        )
        _add_children(entry, children)
    return entry


def _add_children(entry: AccessRecord, children: Iterable[str]) -> None:
    distinct = sorted({str(child)[:64] for child in children if child is not None and str(child)})
    AccessedChild.objects.bulk_create(
        [AccessedChild(access=entry, child_id=child) for child in distinct], batch_size=CHILDREN_PER_INSERT
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
