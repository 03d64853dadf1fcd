"""Sample values for the packs' routes, for the permission matrix and audit tests."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

from safeguard.home import safeguard_home
from safeguard.packs.models import IssuedPack
from safeguard.roles import Role


def _issued_id(person: object) -> int:
    data = b"<!DOCTYPE html><title>A briefing</title>"
    folder = safeguard_home() / "packs"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sample.html").write_bytes(data)
    return IssuedPack.objects.create(
        pack="lead-member-briefing", period=date(2025, 1, 1), format="html", issued_at=datetime.now(UTC),
        issued_by_name="Sample", fingerprint="f" * 32, snapshots=[], sha256=hashlib.sha256(data).hexdigest(),
        size=len(data), file_name="sample.html",
    ).pk


def _produce_change(make_person, request, **_):
    from django.test import Client
    from django.urls import reverse
    from web_support import sign_in

    request.getfixturevalue("synthetic_council")
    client = sign_in(Client(), make_person(Role.LEAD_MEMBER))
    return client, reverse("packs:packs"), {"pack": "lead-member-briefing", "format": "html"}, "produce_pack"


ROUTE_SAMPLES = {"issued_id": _issued_id}
POST_CHANGES = {"packs:packs": _produce_change}
