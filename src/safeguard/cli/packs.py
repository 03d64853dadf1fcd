"""``safeguard pack``: produce a pack from the command line, and list the packs issued.

``safeguard pack lead-member-briefing --period 2026-10 --format pdf --out briefing.pdf`` writes
the pack and records its issue in the store (who ran the command, when, which month, from which
data, its hash), exactly as a download from the web application does. A pack that carries
children's records (the inspection data bank) is also written to the access log, under the
operating-system account that ran the command, with the children it carries.
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from safeguard.cli.data import progress_bar
from safeguard.cli.records import application_database
from safeguard.errors import SafeguardError

packs_app = typer.Typer(help="The packs for leaders, scrutiny, the partnership and inspectors.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("pack", short_help="Produce a pack (briefing, scrutiny, assurance, annual report, data bank).")(produce)
    app.add_typer(packs_app, name="packs", short_help="List the packs, and the packs issued.")


def produce(
    name: Annotated[str, typer.Argument(metavar="PACK", help="The pack: see 'safeguard packs list'.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", metavar="PATH", help="Where to write the pack.", show_default=False)],
    period: Annotated[str | None, typer.Option("--period", metavar="YYYY-MM", help="The month it reports on (default: the latest month the data cover).", show_default=False)] = None,
    output_format: Annotated[str, typer.Option("--format", metavar="FORMAT", help="pdf, html or zip, as the pack allows.")] = "pdf",
) -> None:
    """Produce a pack, write it to --out and record its issue."""
    if out.exists() and out.is_dir():
        raise SafeguardError(f"{out} is a folder: give --out the path of the file to write.")
    if not out.parent.is_dir():
        raise SafeguardError(f"{out.parent} does not exist: make the folder first, or write the pack elsewhere.")
    console = Console(stderr=True)
    with application_database():
        from django.db import transaction

        from safeguard.packs.issuing import produce as produce_pack
        from safeguard.web.audit.models import ObjectType
        from safeguard.web.audit.recording import record_command

        with progress_bar(console) as report, transaction.atomic():
            issued = produce_pack(
                name, period=period, output_format=output_format, by_name=f"{getpass.getuser()} (command line)", progress=report
            )
            if issued.record.children:
                record_command(command="safeguard pack", action="produce_pack", object_type=ObjectType.RECORD,
                               object_id=f"pack:{issued.record.pk}", children=issued.record.children)
    out.write_bytes(issued.data)
    console.print(
        f"Wrote {out} ({issued.record.size:,} bytes, SHA-256 {issued.record.sha256[:16]}...): "
        f"{issued.record.pack} for {issued.record.period:%B %Y}, issue number {issued.record.pk}.",
        highlight=False,
    )


@packs_app.command("list")
def list_packs() -> None:
    """List every pack, who it is for and the formats it comes in, then the last packs issued."""
    console = Console()
    with application_database():
        from safeguard.packs.models import IssuedPack
        from safeguard.packs.registry import packs

        for definition in packs().values():
            console.print(f"{definition.name:<28} {definition.title} (for {definition.audience}; {', '.join(definition.formats)})", highlight=False)
        issued = list(IssuedPack.objects.all()[:10])
    if issued:
        console.print("\nLast issued:")
        for record in issued:
            console.print(f"  {record.pk:>5}  {record}  sha256 {record.sha256[:16]}...", highlight=False)


@packs_app.command("verify", short_help="Check that a file is exactly a pack issued here, and a zip against its manifest.")
def verify(
    path: Annotated[Path, typer.Argument(metavar="FILE", help="A pack as it was given out (pdf, html or zip).", show_default=False)],
) -> None:
    """Say whether a file is exactly a pack this council issued: who asked for it, when, for which
    month and from which data; for a zip, also check every file in it against its manifest."""
    if not path.is_file():
        raise SafeguardError(f"{path} is not a file.")
    data = path.read_bytes()
    console = Console()
    with application_database():
        from safeguard.packs.issuing import issue_of
        from safeguard.packs.rendering import manifest_problems

        found = issue_of(data)
        problems = manifest_problems(data) if data[:2] == b"PK" else []
    if problems:
        raise SafeguardError(f"{path} does not match its manifest: {'; '.join(problems)}.")
    if found is None:
        raise SafeguardError(
            f"{path} is not a pack issued here: no issue has its SHA-256. It may have been changed since it was issued."
        )
    console.print(
        f"{path} is issue number {found.pk}, exactly as issued: {found}; "
        f"from snapshots {', '.join(found.snapshots)}; SHA-256 {found.sha256}.",
        highlight=False,
    )
