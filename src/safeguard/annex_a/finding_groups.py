"""A return's findings arranged for the analyst who has to work through them: by sheet, then by
kind of problem, with counts, each kind named in plain words before its rule id.

A messy return raises a hundred findings or more, most of them a few kinds repeated down a
column. Grouped, the analyst sees at once that List 6 has 29 blank teams and workers and one bad
code, fixes the column in the source system, and moves on; filtered (by sheet, severity or
rule) the same findings become a short list to tick off. The web page, ``safeguard validate``
and the Excel download (`findings_workbook`) all use these groups, so they always agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from safeguard.annex_a.findings import Finding, Severity, sort_key
from safeguard.annex_a.rules import RULES
from safeguard.annex_a.spec import LISTS, list_by_key

WHOLE_FILE = "file"
"""The sheet key of findings about the file as a whole (a list missing, the period)."""


def kind_title(rule: str) -> str:
    """A rule's plain name ("A required field is blank"); an unknown id is shown as it is."""
    known = RULES.get(rule)
    return known.title if known is not None else rule


def sheet_key(finding: Finding) -> str:
    """Which group a finding belongs to: its list's key, or `WHOLE_FILE`."""
    return finding.list_key or WHOLE_FILE


def sheet_label(key: str, sheet: str | None = None) -> str:
    """ "List 6: Children in need" (with the sheet's own name when it differs), or "The whole file"."""
    if key == WHOLE_FILE:
        return "The whole file"
    annex_list = list_by_key(key)
    label = f"List {annex_list.number}: {annex_list.title}"
    return f"{label} (sheet '{sheet}')" if sheet and sheet != annex_list.sheet else label


@dataclass(frozen=True)
class FindingFilter:
    """Which findings to show: any combination of one sheet, one severity and one rule."""

    sheet: str | None = None
    severity: Severity | None = None
    rule: str | None = None

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> FindingFilter:
        """A filter from a page's GET parameters (``sheet``, ``severity``, ``rule``); values that
        mean nothing (a mistyped severity) are ignored rather than refused."""
        severity = query.get("severity", "")
        return cls(
            sheet=query.get("sheet") or None,
            severity=Severity(severity) if severity in {item.value for item in Severity} else None,
            rule=query.get("rule") or None,
        )

    @property
    def active(self) -> bool:
        return any(value is not None for value in (self.sheet, self.severity, self.rule))

    def matches(self, finding: Finding) -> bool:
        return (
            (self.sheet is None or sheet_key(finding) == self.sheet)
            and (self.severity is None or finding.severity is self.severity)
            and (self.rule is None or finding.rule == self.rule)
        )

    def as_query(self) -> dict[str, str]:
        """The GET parameters that give this filter (for links, such as the download's)."""
        values = {"sheet": self.sheet, "severity": self.severity.value if self.severity else None, "rule": self.rule}
        return {name: value for name, value in values.items() if value}


@dataclass(frozen=True)
class KindGroup:
    """All the findings of one kind (one rule) in one sheet."""

    rule: str
    title: str
    severity: Severity
    findings: tuple[Finding, ...]

    @property
    def count(self) -> int:
        return len(self.findings)


@dataclass(frozen=True)
class SheetGroup:
    """All the findings of one sheet (or of the file as a whole), kind by kind, errors first."""

    key: str
    label: str
    kinds: tuple[KindGroup, ...]

    @property
    def errors(self) -> int:
        return sum(kind.count for kind in self.kinds if kind.severity is Severity.ERROR)

    @property
    def queries(self) -> int:
        return sum(kind.count for kind in self.kinds if kind.severity is Severity.QUERY)

    @property
    def count(self) -> int:
        return self.errors + self.queries


@dataclass(frozen=True)
class KindCount:
    """One kind of problem across the whole return: how often, and in which sheets."""

    rule: str
    title: str
    severity: Severity
    count: int
    sheets: tuple[str, ...]
    """The labels of the sheets it appears in, in list order."""


@dataclass(frozen=True)
class FindingsOverview:
    """The findings that pass a filter, grouped; with what the filter can choose from."""

    total: int
    """Findings before filtering."""
    shown: int
    """Findings that pass the filter."""
    sheets: tuple[SheetGroup, ...]
    kinds: tuple[KindCount, ...]
    sheet_choices: tuple[tuple[str, str], ...]
    """(key, label) of every sheet with a finding, for the filter."""
    rule_choices: tuple[tuple[str, str], ...]
    """(rule id, plain name) of every kind found, for the filter."""
    filter: FindingFilter

    @property
    def errors(self) -> int:
        return sum(group.errors for group in self.sheets)

    @property
    def queries(self) -> int:
        return sum(group.queries for group in self.sheets)


_SHEET_ORDER = {WHOLE_FILE: -1} | {annex_list.key: position for position, annex_list in enumerate(LISTS)}


def _kind_order(kind: KindGroup | KindCount) -> tuple[object, ...]:
    return (kind.severity is not Severity.ERROR, -kind.count, kind.title)


def overview(findings: Sequence[Finding], chosen: FindingFilter | None = None) -> FindingsOverview:
    """Group ``findings`` by sheet and kind, keeping those ``chosen`` lets through."""
    chosen = chosen or FindingFilter()
    ordered = sorted(findings, key=sort_key)
    sheet_names = _sheet_names(ordered)
    kept = [finding for finding in ordered if chosen.matches(finding)]
    by_sheet: dict[str, dict[str, list[Finding]]] = {}
    for finding in kept:
        by_sheet.setdefault(sheet_key(finding), {}).setdefault(finding.rule, []).append(finding)
    groups = tuple(
        SheetGroup(
            key=key,
            label=sheet_label(key, sheet_names.get(key)),
            kinds=tuple(sorted((_kind_group(rule, items) for rule, items in rules.items()), key=_kind_order)),
        )
        for key, rules in sorted(by_sheet.items(), key=lambda item: _SHEET_ORDER.get(item[0], len(_SHEET_ORDER)))
    )
    return FindingsOverview(
        total=len(ordered),
        shown=len(kept),
        sheets=groups,
        kinds=_kind_counts(kept, sheet_names),
        sheet_choices=tuple(
            (key, sheet_label(key, sheet_names.get(key)))
            for key in sorted(sheet_names, key=lambda key: _SHEET_ORDER.get(key, len(_SHEET_ORDER)))
        ),
        rule_choices=tuple(sorted(((rule, kind_title(rule)) for rule in {item.rule for item in ordered}), key=lambda choice: choice[1])),
        filter=chosen,
    )


def _sheet_names(findings: Iterable[Finding]) -> dict[str, str | None]:
    """Each group key with the sheet name the file gives it (the first one seen)."""
    names: dict[str, str | None] = {}
    for finding in findings:
        key = sheet_key(finding)
        if names.get(key) is None:
            names[key] = finding.sheet if key != WHOLE_FILE else None
    return names


def _kind_group(rule: str, findings: list[Finding]) -> KindGroup:
    return KindGroup(rule=rule, title=kind_title(rule), severity=findings[0].severity, findings=tuple(findings))


def _kind_counts(findings: Sequence[Finding], sheet_names: Mapping[str, str | None]) -> tuple[KindCount, ...]:
    counts = Counter(finding.rule for finding in findings)
    severity = {finding.rule: finding.severity for finding in findings}
    sheets: dict[str, set[str]] = {}
    for finding in findings:
        sheets.setdefault(finding.rule, set()).add(sheet_key(finding))
    kinds = [
        KindCount(
            rule=rule,
            title=kind_title(rule),
            severity=severity[rule],
            count=count,
            sheets=tuple(
                sheet_label(key, sheet_names.get(key))
                for key in sorted(sheets[rule], key=lambda key: _SHEET_ORDER.get(key, len(_SHEET_ORDER)))
            ),
        )
        for rule, count in counts.items()
    ]
    return tuple(sorted(kinds, key=_kind_order))
