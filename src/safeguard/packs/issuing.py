"""Producing a pack and keeping what was issued.

``produce`` (``prepare`` then ``issue``) checks the request (a known pack, a format it comes in, a month the figures cover),
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
from safeguard.governance.workflow.as_at import end_of_day
from safeguard.home import safeguard_home
from safeguard.packs.models import IssuedPack
from safeguard.packs.registry import PackContent, PackDefinition, PackRequest, pack
from safeguard.packs.rendering import render_html, render_pdf_bytes, render_zip
from safeguard.roles import ROLES, Role, permissions_of

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


def person_producing(username: str, definition: PackDefinition) -> Any:
    """The enrolled person a pack produced on the command line is issued to: an active account
    whose roles the policy lets have the pack, as the Packs page requires of whoever is signed
    in. Refused with a message saying what to do otherwise (the command line no longer trusts
    whoever runs it to be entitled to every pack)."""
    from django.contrib.auth import get_user_model

    person = get_user_model().objects.filter(username=username).first()
    if person is None:
        raise SafeguardError(f"No one is enrolled as {username!r}: give --as the username of a person with a Safeguard account.")
    if not person.is_active:
        raise SafeguardError(f"{username}'s account is disabled, so no pack can be produced for them.")
    if not may_have(person.roles, definition):
        held = ", ".join(sorted(ROLES[role].title for role in person.roles)) or "no role"
        raise SafeguardError(f"{username}'s roles ({held}) do not allow them to have the {definition.title}, so it was not produced.")
    return person


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


@dataclass(frozen=True)
class Prepared:
    """A pack rendered and not yet issued: nothing is kept or recorded until ``issue``."""

    definition: PackDefinition
    month: date
    figures: Any
    issued_at: datetime
    output_format: str
    data: bytes
    content: PackContent


def prepare(
    name: str, *, period: str | date | None, output_format: str, progress: Progress = _quiet, at: datetime | None = None
) -> Prepared:
    """Check the request and render the pack, writing nothing: rendering a PDF takes seconds, and
    the web page does it before taking the database's write lock to issue it (on SQLite that lock
    holds up every other request that writes, signing in included)."""
    progress("Checking the request", 0.0)
    definition = pack(name)
    _check_format(definition, output_format)
    requested = parse_period(period) if isinstance(period, str) or period is None else period
    month, figures = covered_period(requested)
    issued_at = at or datetime.now(UTC)
    data, content = _rendered(definition, month=month, figures=figures, output_format=output_format,
                              issued_at=issued_at, progress=progress)
    return Prepared(definition, month, figures, issued_at, output_format, data, content)


def issue(prepared: Prepared, *, by: Any = None, by_name: str, progress: Progress = _quiet) -> Issued:
    """Keep a prepared pack's file and record its issue (see the module)."""
    progress("Keeping the issued copy", 0.95)
    definition, month, issued_at, data = prepared.definition, prepared.month, prepared.issued_at, prepared.data
    digest = hashlib.sha256(data).hexdigest()
    file_name = f"{issued_at:%Y%m%dT%H%M%S}-{definition.name}-{month:%Y-%m}-{digest[:12]}-{secrets.token_hex(3)}.{prepared.output_format}"
    _keep(data, file_name)
    snapshot_ids = [snapshot.id for snapshot in all_snapshots(exact=True)]
    record = IssuedPack.objects.create(
        pack=definition.name, period=month, format=prepared.output_format, issued_at=issued_at, issued_by=by,
        issued_by_name=by_name, fingerprint=prepared.figures.fingerprint, snapshots=snapshot_ids, sha256=digest,
        size=len(data), file_name=file_name, children=sorted(prepared.content.children),
    )
    progress("Done", 1.0)
    return Issued(record, data)


def produce(
    name: str,
    *,
    period: str | date | None,
    output_format: str,
    by: Any = None,
    by_name: str,
    progress: Progress = _quiet,
    at: datetime | None = None,
) -> Issued:
    """Produce a pack, keep it and record its issue (see the module); ``at`` is the moment of
    issue (now unless given)."""
    prepared = prepare(name, period=period, output_format=output_format, progress=progress, at=at)
    return issue(prepared, by=by, by_name=by_name, progress=progress)


def reproduce(record: IssuedPack, *, progress: Progress = _quiet) -> bytes:
    """The issued pack made again from the store and the records as they stood at its moment
    (``as_at_of``), as on the day it was issued: the same bytes when the figures it draws on have
    not changed since, whatever has happened to the records after. Nothing is kept or recorded
    (it is a check, not an issue)."""
    progress("Checking the issue", 0.0)
    definition = pack(record.pack)
    _check_format(definition, record.format)
    month, figures = covered_period(record.period)
    data, _content = _rendered(definition, month=month, figures=figures, output_format=record.format,
                               issued_at=record.issued_at, progress=progress)
    progress("Done", 1.0)
    return data


def _check_format(definition: PackDefinition, output_format: str) -> None:
    if output_format not in definition.formats:
        raise SafeguardError(f"The {definition.title} comes as {' or '.join(definition.formats)}, not {output_format!r}.")


def as_at_of(definition: PackDefinition, month: date, issued_at: datetime) -> datetime:
    """The moment an issue reads the governance records as at: the end of the last day its period
    covers, or the moment it was issued if that is earlier (a pack for the month still running,
    or one made of the records as they stand, such as the inspection data bank)."""
    last_day = definition.period_end(month)
    return issued_at if last_day is None else min(end_of_day(last_day), issued_at)


def _rendered(
    definition: PackDefinition, *, month: date, figures: Any, output_format: str, issued_at: datetime, progress: Progress
) -> tuple[bytes, PackContent]:
    """The pack's file and its content: a function of the month, the moment of issue and what the
    store and the records held as at the pack's moment (``as_at_of``), never of the day it is
    made again."""
    produced_on = issued_at.date()
    viewer = Viewer(exact=definition.exact, teams=definition.exact)
    progress("Gathering the figures and the records", 0.1)
    request = PackRequest(period=month, viewer=viewer, as_at=as_at_of(definition, month, issued_at))
    content = definition.build(request)
    progress("Writing the pages", 0.5)
    council = figures.council or "The council"
    html = render_html(definition, content, period=month, produced_on=produced_on, records_as_at=request.today, council=council)
    if output_format == "html":
        return html.encode("utf-8"), content
    if output_format == "pdf":
        progress("Printing the PDF", 0.6)
        return render_pdf_bytes(html, title=content.title), content
    return render_zip({**content.files, f"{definition.name}.html": html.encode("utf-8")}), content


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


def issues_of(data: bytes) -> list[IssuedPack]:
    """Every issue a file is an exact copy of (found by its SHA-256), first issued first: a pack
    produced again from the same data on the same day is the same file, issued again."""
    return list(IssuedPack.objects.filter(sha256=hashlib.sha256(data).hexdigest()).order_by("issued_at", "id"))
