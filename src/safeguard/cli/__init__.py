"""The ``safeguard`` command line: one Typer application, one module per area of work.

Each area's module defines a ``register(app)`` function that adds its commands. Errors the user
can act on (`SafeguardError`) print as one plain line and exit with status 1; anything else is
a bug and keeps its traceback.
"""

from __future__ import annotations

import importlib
import sys

import typer
from rich.console import Console

from safeguard.errors import SafeguardError

app = typer.Typer(
    name="safeguard",
    help=(
        "Safeguard: load your council's statutory returns, check them, and keep dated "
        "snapshots that the indicators, warnings and packs are computed from. "
        "Every command works on the store in the folder named by SAFEGUARD_HOME."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

error_console = Console(stderr=True)


AREAS: tuple[str, ...] = ()
"""The modules of ``safeguard.cli`` that add commands, in the order ``--help`` lists them."""


def _register_commands() -> None:
    for area in AREAS:
        importlib.import_module(f"safeguard.cli.{area}").register(app)


def main() -> None:
    """Entry point of the ``safeguard`` command."""
    _register_commands()
    try:
        app(standalone_mode=False)
    except SafeguardError as error:
        error_console.print(f"[bold red]Error:[/] {error}", highlight=False, soft_wrap=True)
        sys.exit(1)
    except typer.Abort:
        error_console.print("Stopped.")
        sys.exit(130)
    except Exception as error:  # click usage errors carry their own exit code
        import click

        if isinstance(error, click.ClickException):
            error.show()
            sys.exit(error.exit_code)
        raise
