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
import ipaddress
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest

from safeguard.web.access.policy import Role
from safeguard.web.audit.models import AccessedChild, AccessRecord, ObjectType, Outcome

CHILDREN_PER_INSERT = 1000


def client_address(request: HttpRequest) -> str | None:
    """The address of the computer the request came from.

    That is the peer the server saw, unless the peer is one of ``TRUSTED_PROXIES``: then the
    ``X-Forwarded-For`` header is read from its right-hand end (the entry the nearest proxy
    added), past any further trusted proxies, to the first address no proxy of ours vouches
    for. Entries to the left of that one were written by the client and could be anything, so
    they are never believed; neither is the header when the peer is not a trusted proxy.
    """
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if peer is None or not _within(peer, networks):
        return str(peer) if peer else None
    address = peer
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(hops):
        candidate = _address(hop)
        if candidate is None:
            break
        address = candidate
        if not _within(candidate, networks):
            break
    return str(address)


Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _address(text: str) -> Address | None:
    """An address written as text, IPv4 inside IPv6 (``::ffff:10.0.0.1``) as plain IPv4."""
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


@lru_cache(maxsize=8)
def _networks(configured: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(network, strict=False) for network in configured)


def _within(address: Address, networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


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
    person = user if user is not None and user.is_authenticated else None
    match = getattr(request, "resolver_match", None)
    with transaction.atomic():  # a savepoint: a refused insert raises without spoiling the outer transaction
        entry = AccessRecord.objects.create(
            at=datetime.now(UTC),
            request_id=getattr(request, "request_id", ""),
            user_id=person.pk if person is not None else None,
            username=(person.get_username() if person is not None else username or "")[:150],
            role=role.value if role else getattr(request, "acting_role", ""),
            action=action,
            object_type=object_type,
            object_id=str(object_id)[:200],
            purpose=purpose[:300],
            outcome=outcome,
            address=client_address(request),
            route=(match.view_name if match else "")[:64],
        )
        add_children(entry, children)
    return entry


def add_children(entry: AccessRecord, children: Iterable[str]) -> None:
    """Name the children an access record's page, download or change carried (once each)."""
    distinct = sorted({str(child)[:64] for child in children if child is not None and str(child)})
    AccessedChild.objects.bulk_create(
        [AccessedChild(access=entry, child_id=child) for child in distinct], batch_size=CHILDREN_PER_INSERT
    )


@contextmanager
def recorded_change(
    request: HttpRequest, *, action: str, object_type: ObjectType, object_id: str = ""
) -> Iterator[AccessRecord]:
    """Make a change and its one access record together (see the module's docstring). The record
    is given to the change, which may name the children it carried (``add_children``)."""
    try:
        with transaction.atomic():
            yield record(request, action=action, object_type=object_type, object_id=object_id, outcome=Outcome.SUCCEEDED)
    except Exception:
        record(request, action=action, object_type=object_type, object_id=object_id, outcome=Outcome.FAILED)
        raise


COMMAND_LINE = "(server command line)"


def record_command(
    *,
    command: str,
    action: str,
    object_type: ObjectType,
    object_id: str = "",
    outcome: Outcome = Outcome.ALLOWED,
    children: Iterable[str] = (),
) -> AccessRecord:
    """Add one row for something done on the server's command line rather than through a page
    (issuing the first administrator's enrolment code, enrolling demo accounts, looking up the
    access log): no request, so no person or address; the operating-system account that ran it
    is named, and the children it touched are recorded beside it."""
    with transaction.atomic():
        entry = AccessRecord.objects.create(
            at=datetime.now(UTC),
            request_id=str(uuid.uuid4()),
            user_id=None,
            username=f"{COMMAND_LINE} {getpass.getuser()}"[:150],
            role="",
            action=action,
            object_type=object_type,
            object_id=str(object_id)[:200],
            purpose="",
            outcome=outcome,
            address=None,
            route=f"command:{command}"[:64],
        )
        add_children(entry, children)
    return entry
