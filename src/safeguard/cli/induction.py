"""``safeguard induction``: where each Lead Member's induction plan stands (LMCS guide Appendix A).

``safeguard induction status`` prints every plan, newest first: the day the Lead Member took
office, whether the plan is under way or completed, how many items are done and which are past
their date, from the same service as the plan's page.
"""

from __future__ import annotations

from datetime import date

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from safeguard.cli.records import application_database

induction_app = typer.Typer(help="The Lead Member's induction plan: what is done, and what is past its date.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(induction_app, name="induction", short_help="Show where each Lead Member's induction plan stands.")


@induction_app.command("status")
def status() -> None:
    """Print each induction plan: items done, and those past their date."""
    console = Console()
    today = date.today()
    with application_database():
        from safeguard.governance.induction import services
        from safeguard.governance.induction.models import InductionPlan

        found = [services.progress(plan, today) for plan in InductionPlan.objects.select_related("lead_member")]
    if not found:
        console.print("There is no induction plan yet. Start one on the Induction and briefings page.", highlight=False)
        return
    table = Table("Lead Member", "Took office", "Where it stands", "Items done", "Past their date", title="Induction plans")
    for item in found:
        plan = item.plan
        table.add_row(escape(plan.lead_member.display_name), f"{plan.took_office_on:%-d %B %Y}", plan.state_label,
                      f"{item.done} of {item.total}", str(len(item.overdue)))
    console.print(table)
    for item in found:
        for line in item.overdue:
            console.print(f"{escape(item.plan.lead_member.display_name)}: {escape(line.item.text)} "
                          f"(due by {line.step.due:%-d %B %Y})", highlight=False, soft_wrap=True)
