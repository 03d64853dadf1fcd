"""``safeguard framework``: the assurance framework as JSON, CSV or Markdown, and a council's
own questions loaded from a file.

    safeguard framework export --format json
    safeguard framework export --format markdown --product-only > docs/framework.md
    safeguard framework import our-questions.csv --by dcs.name
    safeguard framework import our-questions.csv --validate-only

The framework's own statements and questions are data shipped with the code
(``safeguard.framework``); the council's own questions are kept in the application database of
the store in SAFEGUARD_HOME (the database ``safeguard serve`` uses), which these commands reach
by setting Django up the same way.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from safeguard.cli.serve import DEFAULT_SETTINGS
from safeguard.errors import SafeguardError
from safeguard.framework import Framework, load_framework
from safeguard.framework.additions import FILE_FORMAT, read_additions
from safeguard.framework.exports import as_csv, as_json, as_markdown

SUMMARY = "Export or extend the assurance framework: what good looks like and the questions to ask, per factor."

framework_app = typer.Typer(name="framework", help=SUMMARY, short_help=SUMMARY, no_args_is_help=True)


class ExportFormat(str, Enum):
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


def register(app: typer.Typer) -> None:
    app.add_typer(framework_app)


@framework_app.command("export", short_help="Print the framework as JSON, CSV or Markdown, with the council's own questions.")
def export(
    output_format: Annotated[
        ExportFormat, typer.Option("--format", metavar="FORMAT", help="json, csv or markdown.", case_sensitive=False)
    ] = ExportFormat.JSON,
    product_only: Annotated[
        bool,
        typer.Option("--product-only", help="Only the framework's own statements and questions, without the council's (as in docs/framework.md)."),
    ] = False,
) -> None:
    """Print the framework: for each factor, what good looks like and the questions to ask, each
    with its source and the indicators that inform it; the council's own questions in use come
    after each factor's own, with ids like council.leadership.004.

    Example: safeguard framework export --format csv > framework.csv
    """
    framework = load_framework() if product_only else _framework_of_the_council()
    writer = {ExportFormat.JSON: as_json, ExportFormat.CSV: as_csv, ExportFormat.MARKDOWN: as_markdown}[output_format]
    sys.stdout.write(writer(framework))


@framework_app.command("import", short_help="Add the council's own questions from a CSV or JSON file, all or none.", epilog=FILE_FORMAT)
def import_questions(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A .csv or .json file of questions.", show_default=False)],
    by: Annotated[
        str | None,
        typer.Option("--by", metavar="USERNAME", help="Your account in the web application (a Director or performance analyst): the questions are added under your name."),
    ] = None,
    validate_only: Annotated[bool, typer.Option("--validate-only", help="Check the file and say what would be added; change nothing.")] = False,
) -> None:
    """Add the council's own questions from a CSV or JSON file: every row is checked first, and
    one problem anywhere adds nothing (each problem is listed by row, field and value, with what
    to do). A question the framework already asks (same factor, same words) is left out.

    Example: safeguard framework import our-questions.csv --by dcs.name
    """
    console = Console()
    additions = read_additions(file, load_framework())
    if not validate_only and not by:
        raise SafeguardError("Name the account the questions are added under with --by USERNAME (or check the file with --validate-only).")
    _open_application_database(migrate=not validate_only)
    from django.core.exceptions import ValidationError

    from safeguard.governance.framework.services import import_additions
    from safeguard.governance.workflow.transitions import GovernanceError, NotAllowed

    person = None if validate_only else _account(by or "")
    try:
        outcome = import_additions(additions, by=person, validate_only=validate_only)
    except NotAllowed as error:
        raise SafeguardError(f"No question was added: {by} may not add questions to the framework (that needs the role of {_managers()}).") from error
    except (GovernanceError, ValidationError) as error:
        raise SafeguardError(f"No question was added: {_plain(error)}") from error
    for addition, existing in outcome.already_there:
        console.print(f"Row {addition.row}: already in the framework as {existing}, so left out.", highlight=False)
    if validate_only:
        console.print(f"{file.name} is fine: {len(outcome.to_add)} question(s) would be added. Nothing was changed.", highlight=False)
        return
    for question in outcome.added:
        console.print(f"Added {question.public_id}: {question.text}", highlight=False)
    console.print(f"Added {len(outcome.added)} question(s) from {file.name} under {by}.", highlight=False)


def _framework_of_the_council() -> Framework:
    """The framework with the council's own questions, if the store's database holds any."""
    if not _open_application_database(migrate=False):
        return load_framework()
    from safeguard.governance.framework.services import framework_with_council_questions

    return framework_with_council_questions()


def _open_application_database(*, migrate: bool) -> bool:
    """Set Django up over the store's application database (migrating it first if asked), and
    say whether it holds the council's questions' table."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from safeguard.governance.framework.models import CouncilQuestion

    if migrate:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            call_command("migrate", interactive=False, verbosity=0)
    return CouncilQuestion._meta.db_table in connection.introspection.table_names()


def _account(username: str):  # -> safeguard.web.accounts.models.User
    from django.contrib.auth import get_user_model

    person = get_user_model().objects.filter(username=username, is_active=True).first()
    if person is None:
        raise SafeguardError(f"There is no active account {username!r} in the web application: name your own with --by USERNAME.")
    return person


def _managers() -> str:
    from safeguard.roles import ROLES, Permission

    return " or ".join(definition.title for definition in ROLES.values() if Permission.MANAGE_FRAMEWORK in definition.permissions)


def _plain(error: Exception) -> str:
    messages = getattr(error, "messages", None)
    return " ".join(messages) if messages else str(error)
