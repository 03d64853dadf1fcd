"""``safeguard plan``: the single improvement plan from the command line.

``safeguard plan export --format csv`` prints every action (or those filtered) with its source,
factor, owner, due date, status, the indicator it should move and which way, and that indicator
when the action was raised beside it now. Figures are shown as they would be to the Director
(exact); ``--suppressed`` shows them as leaders see them, small numbers as [c].
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer

from safeguard.cli.records import application_database
from safeguard.errors import SafeguardError

plan_app = typer.Typer(help="The single improvement plan: every action, its owner, due date, status and impact.", no_args_is_help=True)
FORMATS = ("csv", "json")


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan", short_help="Export the improvement plan, with each action's impact.")


@plan_app.command("export")
def export(
    output_format: Annotated[str, typer.Option("--format", metavar="FORMAT", help="csv or json.")] = "csv",
    factor: Annotated[str, typer.Option("--factor", metavar="FACTOR", help="Only actions serving this factor (its id).")] = "",
    state: Annotated[str, typer.Option("--status", metavar="STATUS", help="Only actions in this status (open, in_progress, completed, closed, withdrawn).")] = "",
    overdue: Annotated[bool, typer.Option("--overdue", help="Only live actions past their due date.")] = False,
    suppressed: Annotated[bool, typer.Option("--suppressed", help="Show figures as leaders see them (counts of 1 to 5 as [c]).")] = False,
) -> None:
    """Print the improvement plan as CSV or JSON."""
    if output_format not in FORMATS:
        raise SafeguardError(f"--format must be csv or json, not {output_format!r}.")
    with application_database():
        from safeguard.aggregates import Viewer, csv_text
        from safeguard.governance.plan import services
        from safeguard.governance.plan.models import WORKFLOW

        if state and state not in WORKFLOW.states:
            raise SafeguardError(f"--status must be one of {', '.join(WORKFLOW.states)}, not {state!r}.")
        viewer = Viewer(exact=not suppressed, teams=not suppressed)
        today = date.today()
        actions = services.plan_actions(services.PlanFilter(factor=factor, state=state, overdue=overdue), today)
        rows = services.export_rows(actions, viewer, today)
    if output_format == "csv":
        typer.echo(csv_text(services.EXPORT_COLUMNS, rows, for_excel=False), nl=False)
    else:
        typer.echo(json.dumps([dict(zip(services.EXPORT_COLUMNS, row)) for row in rows], indent=2))
