"""One renderer for every pack: the pack's template filled with what its builder gathered, as an
HTML document, a tagged PDF (``safeguard.documents``) or, for the data bank, a zip with a
manifest of hashes. The HTML and the PDF are the same document: the PDF is the HTML printed.

Every format is repeatable: the same records on the same day give the same bytes. The pages
state the day they were produced, never the time (the issue record keeps the time and who
asked); WeasyPrint writes no creation date; every member of a zip, and of a Word document
inside one, carries the same fixed date, in name order, and the manifest's keys are sorted.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from safeguard.documents import render_pdf
from safeguard.packs.registry import PackContent, PackDefinition

PACK_STATIC = Path(__file__).resolve().parent / "static"
ZIP_DATE = (2000, 1, 1, 0, 0, 0)
"""Every member of a zip is dated alike, so the same content always makes the same bytes."""


def render_html(
    definition: PackDefinition, content: PackContent, *, period: date, produced_on: date, records_as_at: date, council: str
) -> str:
    context: dict[str, Any] = {
        "records_as_at": records_as_at,
        "pack_css": (PACK_STATIC / "pack.css").read_text(encoding="utf-8"),
        "pack": definition,
        "title": content.title,
        "period": period,
        "produced_on": produced_on,
        "council": council,
        **content.context,
    }
    return render_to_string(definition.template, context)


def render_pdf_bytes(html: str, *, title: str) -> bytes:
    return render_pdf(html, title=title, author="Safeguard", static_folders=[PACK_STATIC])


def render_zip(members: dict[str, bytes]) -> bytes:
    """A zip of the members and ``manifest.json`` listing each member's size and SHA-256."""
    manifest = {
        "members": [
            {"name": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in sorted(members.items())
        ]
    }
    listing = json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8")
    return _archive(sorted({**members, "manifest.json": listing}.items()))


def with_fixed_dates(document: bytes) -> bytes:
    """A zip-based document (a Word file) with every part dated ``ZIP_DATE``, in its own order.

    python-docx stamps each part with the moment it was saved, so the same document saved twice
    differs; the parts themselves are unchanged here, and Word reads the result as before."""
    with zipfile.ZipFile(io.BytesIO(document)) as source:
        return _archive((name, source.read(name)) for name in source.namelist())


def _archive(members: Iterable[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def manifest_problems(data: bytes) -> list[str]:
    """What in a zip issued by ``render_zip`` no longer matches its manifest: a member changed,
    missing or added. Empty when every member is as it was issued."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = {name: archive.read(name) for name in archive.namelist()}
    except zipfile.BadZipFile:
        return ["it is not a zip file"]
    if "manifest.json" not in members:
        return ["it has no manifest.json"]
    listed = {entry["name"]: entry["sha256"] for entry in json.loads(members.pop("manifest.json"))["members"]}
    problems = [f"{name} is listed in the manifest but missing" for name in sorted(set(listed) - set(members))]
    problems += [f"{name} is not listed in the manifest" for name in sorted(set(members) - set(listed))]
    problems += [
        f"{name} has changed: its SHA-256 is not the one in the manifest"
        for name in sorted(set(listed) & set(members))
        if hashlib.sha256(members[name]).hexdigest() != listed[name]
    ]
    return problems


def members_differing(issued: bytes, remade: bytes) -> list[str]:
    """The files of two zips issued by ``render_zip`` that are not byte for byte the same
    (present in one only, or with other contents), by name; the manifest aside."""
    with zipfile.ZipFile(io.BytesIO(issued)) as first, zipfile.ZipFile(io.BytesIO(remade)) as second:
        names = (set(first.namelist()) | set(second.namelist())) - {"manifest.json"}
        return sorted(
            name for name in names
            if name not in first.namelist() or name not in second.namelist() or first.read(name) != second.read(name)
        )
