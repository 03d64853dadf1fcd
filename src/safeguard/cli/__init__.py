"""The ``safeguard`` command line: one Typer application, one module per area of work.

Each area's module defines a ``register(app)`` function that adds its commands. Errors the user
can act on (`SafeguardError`) print as one plain line and exit with status 1; anything else is
a bug and keeps its traceback.
"""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Sequence

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


AREAS: tuple[str, ...] = (
    "data", "validate", "indicators", "serve", "backup", "access_log", "benchmarks", "warnings", "framework", "plan",
    "reviews", "packs", "synth", "demo",
    "workforce", "partnership", "induction", "inspection",
)
"""The modules of ``safeguard.cli`` that add commands, in the order ``--help`` lists them."""


@functools.cache
def _register_commands() -> None:
    """Add every area's commands to ``app`` (once, however often ``run`` is called)."""
    for area in AREAS:
        importlib.import_module(f"safeguard.cli.{area}").register(app)


def run(arguments: Sequence[str] | None = None) -> int:
    """Run one command line (default: the process's own) and return its exit status.

    Typer runs with ``standalone_mode=False`` so that errors reach us instead of exiting; in that
    mode a command's ``typer.Exit(code)`` comes back as the return value, not as an exception.
    """
    _register_commands()
    try:
        status = app(args=arguments, prog_name="safeguard", standalone_mode=False)
    except SafeguardError as error:
        error_console.print(f"[bold red]Error:[/] {error}", highlight=False, soft_wrap=True)
        return 1
    except typer.Abort:
        error_console.print("Stopped.")
        return 1
    except typer.TyperException as error:  # usage errors: unknown command, bad option, no arguments
        # typer declares its base exception bare; every one it raises is its own click's
        # ClickException, which shows itself and carries the exit code.
        error.show()  # type: ignore[attr-defined]
        return error.exit_code
    return status if isinstance(status, int) else 0


def main() -> None:
    """Entry point of the ``safeguard`` command."""
    sys.exit(run())
