"""``safeguard pack``: produce a pack from the command line, and list the packs issued.

``safeguard pack lead-member-briefing --as jsmith --period 2026-10 --format pdf --out briefing.pdf``
writes the pack and records its issue in the store (the person it is for, the operating-system
account that ran the command, when, which month, from which data, its hash), exactly as a
download from the web application does. The person named by ``--as`` (or ``SAFEGUARD_PACK_AS``)
must be enrolled and hold a role the policy allows the pack to, as on the Packs page. A pack that
carries children's records (the inspection data bank) is also written to the access log, under
the operating-system account that ran the command, with the children it carries.
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from safeguard.cli.progress import progress_display
from safeguard.cli.records import application_database
from safeguard.errors import SafeguardError

PERSON_SETTING = "SAFEGUARD_PACK_AS"
"""The environment setting naming the person a pack is for, when ``--as`` is not given (docs/packs.md)."""

packs_app = typer.Typer(help="The packs for leaders, scrutiny, the partnership and inspectors.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("pack", short_help="Produce a pack (briefing, scrutiny, assurance, annual report, data bank).")(produce)
    app.add_typer(packs_app, name="packs", short_help="List the packs, and the packs issued.")


def produce(
    name: Annotated[str, typer.Argument(metavar="PACK", help="The pack: see 'safeguard packs list'.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", metavar="PATH", help="Where to write the pack.", show_default=False)],
    person: Annotated[
        str | None,
        typer.Option(
            "--as", metavar="USERNAME", envvar=PERSON_SETTING, show_default=False,
            help=f"The enrolled person the pack is for, whose roles must allow it (or set {PERSON_SETTING}).",
        ),
    ] = None,
    period: Annotated[str | None, typer.Option("--period", metavar="YYYY-MM", help="The month it reports on (default: the latest month the data cover).", show_default=False)] = None,
    output_format: Annotated[str, typer.Option("--format", metavar="FORMAT", help="pdf, html or zip, as the pack allows.")] = "pdf",
) -> None:
    """Produce a pack for an enrolled person (--as), write it to --out and record its issue."""
    if out.exists() and out.is_dir():
        raise SafeguardError(f"{out} is a folder: give --out the path of the file to write.")
    if not out.parent.is_dir():
        raise SafeguardError(f"{out.parent} does not exist: make the folder first, or write the pack elsewhere.")
    if not person:
        raise SafeguardError(
            f"Say who the pack is for: give --as USERNAME (or set {PERSON_SETTING}) naming an enrolled person "
            "whose roles allow them to have it."
        )
    console = Console(stderr=True)
    with application_database():
        from django.db import transaction

        from safeguard.packs.issuing import person_producing
        from safeguard.packs.issuing import produce as produce_pack
        from safeguard.packs.registry import pack
        from safeguard.web.audit.models import ObjectType
        from safeguard.web.audit.recording import record_command

        reader = person_producing(person, pack(name))
        with progress_display(console) as report, transaction.atomic():
            issued = produce_pack(
                name, period=period, output_format=output_format, by=reader,
                by_name=f"{reader.display_name} ({reader.username}, command line: {getpass.getuser()})"[:150], progress=report,
            )
            if issued.record.children:
                record_command(command="safeguard pack", action="produce_pack", object_type=ObjectType.RECORD,
                               object_id=f"pack:{issued.record.pk}", children=issued.record.children)
    out.write_bytes(issued.data)
    console.print(
        f"Wrote {out} ({issued.record.size:,} bytes, SHA-256 {issued.record.sha256[:16]}...): "
        f"{issued.record.pack} for {issued.record.period:%B %Y}, for {reader.display_name}, issue number {issued.record.pk}.",
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
    reproduce: Annotated[bool, typer.Option("--reproduce", help="Also make the pack again from the store and compare it byte for byte.")] = False,
) -> None:
    """Say whether a file is exactly a pack this council issued: who asked for it, when, for which
    month and from which data; for a zip, also check every file in it against its manifest. With
    --reproduce, make the issue again and say whether it comes out byte for byte the same: the
    records are read as they stood at the issue's moment, whatever has changed since, so it does
    while the figures and settings it draws on are unchanged (docs/packs.md)."""
    if not path.is_file():
        raise SafeguardError(f"{path} is not a file.")
    data = path.read_bytes()
    console = Console()
    with application_database():
        from safeguard.packs.issuing import issues_of
        from safeguard.packs.issuing import reproduce as reproduce_issue
        from safeguard.packs.rendering import manifest_problems

        found = issues_of(data)
        problems = manifest_problems(data) if data[:2] == b"PK" else []
        if problems:
            raise SafeguardError(f"{path} does not match its manifest: {'; '.join(problems)}.")
        if not found:
            raise SafeguardError(
                f"{path} is not a pack issued here: no issue has its SHA-256. It may have been changed since it was issued."
            )
        first = found[0]
        again = ""
        if len(found) > 1:
            again = f" It was produced again, byte for byte, as issue{'s' if len(found) > 2 else ''} {', '.join(str(issue.pk) for issue in found[1:])}."
        console.print(
            f"{path} is issue number {first.pk}, exactly as issued: {first}; "
            f"from snapshots {', '.join(first.snapshots)}; SHA-256 {first.sha256}.{again}",
            highlight=False,
        )
        if reproduce:
            with progress_display(Console(stderr=True)) as report:
                remade = reproduce_issue(first, progress=report)
    if reproduce:
        _report_reproduction(console, path, data, remade)


def _report_reproduction(console: Console, path: Path, issued: bytes, remade: bytes) -> None:
    """Say whether the pack made again is the issued file byte for byte, and if not, which files
    in it differ (for a zip) and why that usually is."""
    from safeguard.packs.rendering import members_differing

    if remade == issued:
        console.print(f"Made again from the store, {path} comes out byte for byte the same.", highlight=False)
        return
    differing = members_differing(issued, remade) if issued[:2] == b"PK" else []
    which = f" ({', '.join(differing)} differ)" if differing else ""
    raise SafeguardError(
        f"Made again from the store, {path} is not the same{which}: something it draws on has changed since it was issued "
        "(a new snapshot, the settings, or the records in it). The issued copy is still the one to trust: "
        "it matches the SHA-256 recorded when it was issued."
    )
