"""Producing a pack and keeping what was issued.

``produce`` checks the request (a known pack, a format it comes in, a month the figures cover),
gathers the pack's content, renders it, keeps the file in the store's ``packs`` folder (readable
by the service's account only, never changed) and records who asked, when, for which month,
from which state of the data and with which hash. ``kept_copy`` gives an issued pack back
byte for byte, and refuses if the kept file no longer matches its hash.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from safeguard.aggregates import Viewer, all_snapshots, published
from safeguard.calendar import month_start
from safeguard.errors import SafeguardError
from safeguard.home import safeguard_home
from safeguard.packs.models import IssuedPack
from safeguard.packs.registry import PackDefinition, PackRequest, pack
from safeguard.packs.rendering import render_html, render_pdf_bytes, render_zip
from safeguard.roles import Role, permissions_of

CONTENT_TYPES = {"html": "text/html; charset=utf-8", "pdf": "application/pdf", "zip": "application/zip"}
FOLDER = "packs"


@dataclass(frozen=True)
class Issued:
    record: IssuedPack
    data: bytes

    @property
    def file_name(self) -> str:
        """The name a download is given (ours, never anything a person typed)."""
        return f"{self.record.pack}-{self.record.period:%Y-%m}.{self.record.format}"


def may_have(roles: frozenset[Role], definition: PackDefinition) -> bool:
    return definition.permission in permissions_of(roles)


def parse_period(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return datetime.strptime(text.strip(), "%Y-%m").date()
    except ValueError:
        raise SafeguardError(f"{text!r} is not a month: write it as YYYY-MM, for example 2026-10.") from None


def covered_period(requested: date | None) -> tuple[date, Any]:
    """The month to report on (default: the latest the figures cover) and the figures; a clear
    error when no snapshot covers the month asked for."""
    figures = published().figures
    if figures.last_month is None or figures.first_month is None:
        raise SafeguardError("No return has been loaded yet, so there is no pack to produce: import a return first.")
    month = month_start(requested) if requested else figures.last_month
    if not figures.first_month <= month <= figures.last_month:
        raise SafeguardError(
            f"No snapshot covers {month:%B %Y}: the figures run from {figures.first_month:%B %Y} to {figures.last_month:%B %Y}."
        )
    return month, figures


Progress = Callable[[str, float], None]
"""Told what is happening and the share done (0 to 1), for the command line's progress bar."""


def _quiet(_step: str, _fraction: float) -> None:
    """No one is watching (the web page answers when the pack is ready)."""


def produce(
    name: str, *, period: str | date | None, output_format: str, by: Any = None, by_name: str, progress: Progress = _quiet
) -> Issued:
    """Produce a pack, keep it and record its issue (see the module)."""
    progress("Checking the request", 0.0)
    definition = pack(name)
    if output_format not in definition.formats:
        raise SafeguardError(f"The {definition.title} comes as {' or '.join(definition.formats)}, not {output_format!r}.")
    requested = parse_period(period) if isinstance(period, str) or period is None else period
    month, figures = covered_period(requested)
    issued_at = datetime.now(UTC)
    viewer = Viewer(exact=definition.exact, teams=definition.exact)
    progress("Gathering the figures and the records", 0.1)
    content = definition.build(PackRequest(period=month, viewer=viewer, today=issued_at.date()))
    progress("Writing the pages", 0.5)
    html = render_html(definition, content, period=month, issued_at=issued_at, council=figures.council or "The council")
    if output_format == "html":
        data = html.encode("utf-8")
    elif output_format == "pdf":
        progress("Printing the PDF", 0.6)
        data = render_pdf_bytes(html, title=content.title)
    else:
        data = render_zip({**content.files, f"{definition.name}.html": html.encode("utf-8")})
    progress("Keeping the issued copy", 0.95)
    digest = hashlib.sha256(data).hexdigest()
    file_name = f"{issued_at:%Y%m%dT%H%M%S}-{definition.name}-{month:%Y-%m}-{digest[:12]}-{secrets.token_hex(3)}.{output_format}"
    _keep(data, file_name)
    snapshot_ids = [snapshot.id for snapshot in all_snapshots(exact=True)]
    record = IssuedPack.objects.create(
        pack=definition.name, period=month, format=output_format, issued_at=issued_at, issued_by=by,
        issued_by_name=by_name, fingerprint=figures.fingerprint, snapshots=snapshot_ids, sha256=digest,
        size=len(data), file_name=file_name, children=sorted(content.children),
    )
    progress("Done", 1.0)
    return Issued(record, data)


def _folder() -> Path:
    folder = safeguard_home() / FOLDER
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _keep(data: bytes, file_name: str) -> None:
    """Write the issued file once, readable by the service's account only."""
    path = _folder() / file_name
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as sink:
        sink.write(data)
        sink.flush()
        os.fsync(sink.fileno())


def kept_copy(record: IssuedPack) -> Issued:
    """The issued pack exactly as it was given out; an error if the kept file was changed or lost."""
    path = _folder() / record.file_name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SafeguardError(f"The kept copy of pack {record.pk} ({record.file_name}) is missing from the store.") from None
    if hashlib.sha256(data).hexdigest() != record.sha256:
        raise SafeguardError(f"The kept copy of pack {record.pk} ({record.file_name}) no longer matches the hash recorded when it was issued.")
    return Issued(record, data)


def issue_of(data: bytes) -> IssuedPack | None:
    """The issue a file is an exact copy of (found by its SHA-256), if any."""
    return IssuedPack.objects.filter(sha256=hashlib.sha256(data).hexdigest()).order_by("issued_at", "id").first()
