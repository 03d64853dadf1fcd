"""``safeguard inspection``: how ready the council is for an inspection (LMCS guide §6.7).

``safeguard inspection readiness`` prints the readiness checklist phase by phase (before, during
and after an inspection), each item with where the council stands on it, its owner and the day
it is next to be looked at, then the counts: the same checklist as the readiness page, from the
same service.
"""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from safeguard.cli.records import application_database

inspection_app = typer.Typer(help="Inspection: the council's readiness checklist.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(inspection_app, name="inspection", short_help="Show the inspection readiness checklist and where each item stands.")


@inspection_app.command("readiness")
def readiness() -> None:
    """Print the readiness checklist by phase, each item with its status, owner and review date."""
    console = Console()
    with application_database():
        from safeguard.governance.inspection import services
        from safeguard.governance.inspection.models import ReadinessStatus

        sections = services.checklist()
        counts = services.readiness_counts()
        labels = dict(ReadinessStatus.choices)
    for section in sections:
        table = Table("Item", "Where it stands", "Owner", "Look again by", title=section.phase.title, title_justify="left")
        for line in section.lines:
            check = line.check
            table.add_row(escape(line.item.text), labels[line.status], escape(check.owner.display_name) if check and check.owner else "",
                          f"{check.review_by:%-d %B %Y}" if check and check.review_by else "")
        console.print(table)
    total = sum(counts.values())
    console.print(f"Of {total} items: " + ", ".join(f"{labels[value].lower()} {counts[value]}" for value in ReadinessStatus.values) + ".",
                  highlight=False)
