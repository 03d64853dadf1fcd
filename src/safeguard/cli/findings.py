"""How the command line shows a return's findings and its plausibility checks.

``safeguard validate`` and ``safeguard import`` print the same things in the same order: the
findings by sheet and by kind with their counts (plain names first, the rule id after), then the
findings themselves, sheet by sheet, each at its cell as Excel names it. The web import page shows
the same groups (``safeguard.annex_a.finding_groups``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from safeguard.annex_a.finding_groups import WHOLE_FILE, FindingFilter, overview
from safeguard.annex_a.findings import Finding, Severity, sort_key, write_csv, write_json
from safeguard.annex_a.findings_workbook import cell_reference, write_findings_workbook
from safeguard.annex_a.spec import LISTS
from safeguard.errors import SafeguardError
from safeguard.snapshots import PlausibilityReport


def _escape(text: str) -> str:
    """Values from the file are shown literally, never read as rich markup."""
    return text.replace("[", r"\[")


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def counts_line(findings: Sequence[Finding]) -> str:
    errors = sum(1 for finding in findings if finding.severity is Severity.ERROR)
    return f"{_plural(errors, 'error', 'errors')} and {_plural(len(findings) - errors, 'query', 'queries')}"


def render_summary(findings: Sequence[Finding], console: Console) -> None:
    """The findings by sheet, then by kind, with counts."""
    grouped = overview(findings)
    if not grouped.sheets:
        return
    by_sheet = Table(title="Findings by sheet", title_justify="left", header_style="bold")
    by_sheet.add_column("Sheet")
    by_sheet.add_column("Errors", justify="right")
    by_sheet.add_column("Queries", justify="right")
    for group in grouped.sheets:
        by_sheet.add_row(group.label, f"{group.errors:,}", f"{group.queries:,}")
    console.print(by_sheet)
    by_kind = Table(title="Findings by kind", title_justify="left", header_style="bold")
    by_kind.add_column("Kind of problem", ratio=3)
    by_kind.add_column("", no_wrap=True)
    by_kind.add_column("Findings", justify="right")
    by_kind.add_column("Rule", style="dim")
    by_kind.add_column("Where", ratio=2)
    for kind in grouped.kinds:
        by_kind.add_row(
            kind.title, _badge(kind.severity), f"{kind.count:,}", kind.rule, ", ".join(label.split(":")[0] for label in kind.sheets)
        )
    console.print(by_kind)


def _badge(severity: Severity) -> str:
    return "[bold red]error[/]" if severity is Severity.ERROR else "[yellow]query[/]"


def render_detail(findings: Sequence[Finding], console: Console, limit: int | None) -> None:
    """The findings sheet by sheet (at most ``limit`` of them, errors first), each at its cell."""
    ordered = sorted(findings, key=sort_key)
    shown = ordered if limit is None else ordered[:limit]
    for group in overview(shown).sheets:
        table = Table(
            title=f"{group.label}: {counts_line([item for kind in group.kinds for item in kind.findings])}",
            title_justify="left",
            header_style="bold",
        )
        table.add_column("", no_wrap=True)
        table.add_column("Cell" if group.key != WHOLE_FILE else "Where", no_wrap=True)
        table.add_column("Column", overflow="fold", ratio=2)
        table.add_column("Value", overflow="fold", ratio=2)
        table.add_column("Problem", overflow="fold", ratio=5)
        for kind in group.kinds:
            for finding in kind.findings:
                table.add_row(
                    _badge(finding.severity),
                    cell_reference(finding) or (finding.sheet or ""),
                    _escape(finding.header or ""),
                    _escape(finding.value) if finding.value is not None else "",
                    f"{_escape(finding.message)}\n[dim]{_escape(kind.title)} ({finding.rule})[/]",
                )
        console.print(table)
    if len(shown) < len(ordered):
        console.print(f"Showing {len(shown):,} of {len(ordered):,} findings, errors first.", highlight=False)


def render_findings(findings: Sequence[Finding], console: Console, limit: int | None) -> None:
    """Summary, then detail, then the counts in one line."""
    if not findings:
        console.print("No problems found.")
        return
    render_summary(findings, console)
    render_detail(findings, console, limit)
    console.print(f"Found {counts_line(findings)}.", highlight=False)


def render_plausibility(report: PlausibilityReport, console: Console) -> None:
    """What the return was compared with, and each difference a person must confirm."""
    console.print(report.comparison, highlight=False)
    if not report.findings:
        return
    table = Table(
        title=f"To confirm before this return is accepted ({len(report.findings)})",
        title_justify="left",
        header_style="bold",
    )
    table.add_column("What", ratio=2)
    table.add_column("Details", overflow="fold", ratio=5)
    for item in report.findings:
        table.add_row(item.title, _escape(item.message))
    console.print(table)


def choose(sheet: str | None, severity: str | None, rule: str | None) -> FindingFilter:
    """A filter from the command line's options: a list by number or key (or 'file'), a severity, a rule id."""
    key = None
    if sheet is not None:
        wanted = sheet.strip().lower().removeprefix("list").strip()
        key = next((item.key for item in LISTS if wanted in {str(item.number), item.key}), None)
        if key is None and wanted == WHOLE_FILE:
            key = WHOLE_FILE
        if key is None:
            raise SafeguardError(
                f"--sheet {sheet!r} is not a list: give its number (1 to 11), its key (such as referrals), or 'file'."
            )
    if severity is not None and severity not in {item.value for item in Severity}:
        raise SafeguardError(f"--severity {severity!r} is not a severity: give 'error' or 'query'.")
    return FindingFilter(sheet=key, severity=Severity(severity) if severity else None, rule=rule or None)


def save_report(findings: Sequence[Finding], folder: Path, console: Console) -> None:
    """findings.xlsx, findings.csv and findings.json in ``folder`` (created if needed)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_findings_workbook(findings, folder / "findings.xlsx")
        write_csv(findings, folder / "findings.csv")
        write_json(findings, folder / "findings.json")
    except OSError as error:
        raise SafeguardError(f"Cannot save the report in {folder}: {error.strerror or error}. Choose another --report folder.") from error
    console.print(f"Report saved in {folder}/ (findings.xlsx, findings.csv and findings.json).", highlight=False)
