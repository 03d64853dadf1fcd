"""``safeguard indicators``: the safeguarding indicators for any period, from the snapshots.

    safeguard indicators --from 2023-04-01 --to 2024-03-31 --by quarter --format json
    safeguard indicators --team --format csv
    safeguard indicators docs > docs/indicators.md

Without ``--from``/``--to`` the figures cover the period of the chosen snapshot (the latest by
default). The history is built from that snapshot and those before it in the store.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from safeguard.council import load_council
from safeguard.errors import SafeguardError
from safeguard.indicators.catalogue import INDICATORS, Unit, indicator
from safeguard.indicators.engine import IndicatorValue, choose, compute
from safeguard.indicators.history import History, returns_in_store
from safeguard.indicators.periods import Granularity, Period, parse_granularity
from safeguard.indicators.population import NO_POPULATION, council_population
from safeguard.reference import markdown
from safeguard.spreadsheets import spreadsheet_safe

FORMATS = ("table", "json", "csv")
FIELDS = ("id", "title", "period_start", "period_end", "numerator", "denominator", "value", "unit", "note")

indicators_app = typer.Typer(
    name="indicators",
    help=(
        "The national safeguarding indicators, worked out from the snapshots to DfE's definitions: "
        "for the whole period, or by month, quarter or financial year, for the council or by team. "
        "`safeguard indicators docs` prints how each one is defined."
    ),
    invoke_without_command=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(indicators_app, short_help="Work out the national indicators from the snapshots, by month, quarter or year.")


@indicators_app.callback(invoke_without_command=True)
def indicators(
    context: typer.Context,
    snapshot: Annotated[
        str | None, typer.Option("--snapshot", metavar="SNAPSHOT", help="Compute from this snapshot (an id, or 'latest') and those before it.")
    ] = None,
    start: Annotated[str | None, typer.Option("--from", metavar="YYYY-MM-DD", help="First day, YYYY-MM-DD (default: the snapshot's period start).")] = None,
    end: Annotated[str | None, typer.Option("--to", metavar="YYYY-MM-DD", help="Last day, YYYY-MM-DD (default: the snapshot's period end).")] = None,
    by: Annotated[str | None, typer.Option("--by", metavar="|".join(item.value for item in Granularity), help="month, quarter or year (financial, April to March).")] = None,
    team: Annotated[bool, typer.Option("--team", metavar="", help="One figure per team, for the indicators that make sense by team.")] = False,
    population: Annotated[int | None, typer.Option("--population", metavar="CHILDREN", help="Children aged 0-17 in the area, for rates per 10,000.")] = None,
    la_code: Annotated[
        str | None, typer.Option("--la-code", metavar="CODE", help="Take the 0-17 population from ONS for this council code (e.g. 850).")
    ] = None,
    ids: Annotated[list[str] | None, typer.Option("--id", metavar="INDICATOR", help="Only this indicator (repeat for more).")] = None,
    output_format: Annotated[str, typer.Option("--format", metavar="|".join(FORMATS), help="table, json or csv.")] = "table",
) -> None:
    """Work out the indicators and print them."""
    if context.invoked_subcommand is not None:
        return
    if output_format not in FORMATS:
        raise SafeguardError(f"--format must be one of {', '.join(FORMATS)}, not {output_format!r}.")
    granularity = parse_granularity(by)
    first, last = _date_option(start, "--from"), _date_option(end, "--to")
    council = load_council()
    source = council_population(council, population, la_code, warn=_warn_line)
    history, chosen_period = _history(snapshot)
    with history:
        values = compute(history, first or chosen_period.start, last or chosen_period.end, granularity, team, source, ids, council.standards)
    _warn(values, ids, team)
    if output_format == "json":
        print(json.dumps([_record(value, team) for value in values], indent=2))
    elif output_format == "csv":
        _write_csv(values, team)
    else:
        _print_table(values, team)


@indicators_app.command("docs")
def docs() -> None:
    """Print the indicators' reference (the source of docs/indicators.md)."""
    sys.stdout.write(markdown())


def _history(snapshot: str | None) -> tuple[History, Period]:
    """The merged history of the chosen snapshot and those before it, and that snapshot's period."""
    from safeguard.snapshots import LATEST, Store

    with Store() as store:
        if not store.list():
            raise SafeguardError("There are no snapshots yet: import a return first with `safeguard import FILE`.")
        chosen = store.get(snapshot or LATEST)
        returns = returns_in_store(store, chosen.id)
    return History(returns), Period(chosen.period_start, chosen.period_end)


def _date_option(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise SafeguardError(f"{option} must be a date written YYYY-MM-DD, not {text!r}.") from None


def _warn_line(message: str) -> None:
    Console(stderr=True).print(f"Warning: {message}", highlight=False, soft_wrap=True)


def _warn(values: list[IndicatorValue], ids: list[str] | None, team: bool) -> None:
    if any(value.note and NO_POPULATION in value.note for value in values):
        _warn_line(f"rates per 10,000 have no value: {NO_POPULATION}.")
    if team:
        left_out = [item.id for item in INDICATORS if (ids is None or item.id in ids) and item not in choose(ids, team)]
        if left_out:
            Console(stderr=True).print(
                f"Not shown by team (teams have no population of their own): {', '.join(left_out)}.", highlight=False, soft_wrap=True
            )


def _record(value: IndicatorValue, team: bool) -> dict[str, object]:
    """One value as JSON and CSV show it; the team only when figures are by team."""
    record = value.to_json()
    shown = {"id": value.id, "title": indicator(value.id).title, "period_start": record["period_start"], "period_end": record["period_end"]}
    if team:
        shown["team"] = value.team
    shown.update((key, record[key]) for key in FIELDS[4:])
    return shown


def _write_csv(values: list[IndicatorValue], team: bool) -> None:
    fields = list(FIELDS[:4]) + (["team"] if team else []) + list(FIELDS[4:])
    writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for value in values:
        record = _record(value, team)
        writer.writerow({key: spreadsheet_safe("" if record[key] is None else record[key]) for key in fields})


def display(value: IndicatorValue) -> str:
    """The value as a person reads it: "12.3%", "45.6 per 10,000", "3", or "-" when there is none."""
    if value.value is None:
        return "-"
    if value.unit == Unit.PERCENT.value:
        return f"{value.value:.1f}%"
    if value.unit == Unit.PER_10K.value:
        return f"{value.value:,.1f}"
    return f"{value.value:,}"


def _print_table(values: list[IndicatorValue], team: bool) -> None:
    """A table with each distinct note once beneath it, numbered, so that the table stays narrow."""
    notes: dict[str, int] = {}
    table = Table(show_lines=False)
    for heading in ("Indicator", "Period", *(("Team",) if team else ()), "Value", "Numerator", "Denominator", "Note"):
        table.add_column(heading, justify="right" if heading in {"Value", "Numerator", "Denominator", "Note"} else "left")
    for value in values:
        period = Period(value.period_start, value.period_end).label
        marker = str(notes.setdefault(value.note, len(notes) + 1)) if value.note else ""
        cells = [indicator(value.id).title, period, *((value.team or "",) if team else ())]
        cells += [display(value), _count(value.numerator), _count(value.denominator), marker]
        table.add_row(*(cell.replace("[", r"\[") for cell in cells))
    console = Console()
    console.print(table)
    for note, number in notes.items():
        console.print(f"{number}. {note}", highlight=False, markup=False)


def _count(number: int | float | None) -> str:
    return "-" if number is None else f"{number:,}"
