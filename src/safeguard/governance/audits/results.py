"""What the rounds found, round by round: grades overall, by domain and by team, whether the
child's voice was evident, and the learning themes, from the moderated cases only.

Leaders see these as aggregates (DOMAIN.md §1): counts from 1 to 5 are shown as ``[c]``, and so
is any other count from which a hidden one could be worked out, the grades of a domain adding up
to the round's cases and the teams' counts adding up to the round's (secondary suppression by
``safeguard.aggregates.disclosure.protect``). People running audits, and those who see every
child's record, see every count: they can open the cases themselves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from safeguard.aggregates.disclosure import CONFIDENTIAL, NOT_APPLICABLE, UNAVAILABLE, Total, is_small, protect
from safeguard.aggregates.words import Shown
from safeguard.governance.audits.judgements import DOMAINS, GOOD_OR_BETTER, GRADE_KEYS, GRADES, LEARNING_THEMES
from safeguard.governance.audits.models import AuditCase, AuditProgramme
from safeguard.governance.workflow.as_at import records_of
from safeguard.roles import Permission, Role, permissions_of

GOOD_OR_BETTER_KEY = "good_or_better"
CASES_KEY = "cases"
OVERALL = "overall"


def sees_exact_results(roles: Iterable[Role]) -> bool:
    """Whether every count is shown: to people running audits (who can open each case anyway) and
    to those who see every child's record."""
    held = permissions_of(roles)
    return Permission.RUN_CASE_AUDITS in held or Permission.SEE_CHILD_LEVEL in held


@dataclass(frozen=True)
class GradeRow:
    """One line of grades: the cases it covers, how many at each grade, how many good or better."""

    label: str
    cases: Shown
    grades: tuple[Shown, ...]
    """In the order of ``judgements.GRADES``, best first."""
    good_or_better: Shown
    share: Shown
    """Good or better as a whole percentage of the cases, or a symbol."""


@dataclass(frozen=True)
class RoundResults:
    programme: AuditProgramme
    moderated: int
    overall: GradeRow
    domains: tuple[GradeRow, ...]
    teams: tuple[GradeRow, ...]
    voice_evident: Shown
    voice_not_evident: Shown
    themes: tuple[tuple[str, Shown], ...]
    """Each controlled theme with the number of cases that raised it."""
    other_themes: tuple[str, ...]
    """The auditors' own words, for those who see exact results (free text may name a team or
    describe a family; leaders get the controlled themes only)."""


Cell = tuple[Hashable, str]


def _grade_cells(row: Hashable, grades: Sequence[str]) -> dict[Cell, int]:
    counted = Counter(grades)
    cells: dict[Cell, int] = {(row, key): counted.get(key, 0) for key in GRADE_KEYS}
    cells[(row, GOOD_OR_BETTER_KEY)] = sum(counted.get(key, 0) for key in GOOD_OR_BETTER)
    cells[(row, CASES_KEY)] = len(grades)
    return cells


def _row_totals(row: Hashable, cases_cell: Cell) -> list[Total[Cell]]:
    return [
        Total(cases_cell, tuple((row, key) for key in GRADE_KEYS)),
        Total((row, GOOD_OR_BETTER_KEY), ((row, "outstanding"), (row, "good"))),
    ]


def _shown(cells: dict[Cell, int], hidden: frozenset[Cell], key: Cell, exact: bool) -> Shown:
    count = cells[key]
    return count if exact or key not in hidden else CONFIDENTIAL


def _row(label: str, row: Hashable, cells: dict[Cell, int], hidden: frozenset[Cell], exact: bool, cases_cell: Cell) -> GradeRow:
    cases = _shown(cells, hidden, cases_cell, exact)
    better = _shown(cells, hidden, (row, GOOD_OR_BETTER_KEY), exact)
    if cells[cases_cell] == 0:
        share: Shown = UNAVAILABLE
    elif better == 0:
        share = 0  # none of however many cases: says nothing about how many
    elif isinstance(cases, str) or isinstance(better, str):
        share = CONFIDENTIAL
    else:
        share = round(100 * cells[(row, GOOD_OR_BETTER_KEY)] / cells[cases_cell])
    return GradeRow(label, cases, tuple(_shown(cells, hidden, (row, key), exact) for key, _ in GRADES), better, share)


def round_results(programme: AuditProgramme, *, exact: bool, as_at: datetime | None = None) -> RoundResults:
    """One round's results from its moderated cases: those moderated by ``as_at``, as they stood
    then (a pack), or now."""
    cases = list(records_of(AuditCase, as_at).filter(programme_id=programme.pk, state="moderated").order_by("number"))
    overall_cases: Cell = (OVERALL, CASES_KEY)
    cells = _grade_cells(OVERALL, [case.final_overall for case in cases])
    totals = _row_totals(OVERALL, overall_cases)
    for domain in DOMAINS:
        cells |= _grade_cells(domain.key, [case.final_grades.get(domain.key, "") for case in cases])
        cells.pop((domain.key, CASES_KEY))
        totals += _row_totals(domain.key, overall_cases)
    teams = sorted({case.team for case in cases})
    for team in teams:
        cells |= _grade_cells(("team", team), [case.final_overall for case in cases if case.team == team])
        totals += _row_totals(("team", team), (("team", team), CASES_KEY))
    for key in (*GRADE_KEYS, GOOD_OR_BETTER_KEY, CASES_KEY):
        totals.append(Total((OVERALL, key), tuple((("team", team), key) for team in teams)))
    voice = Counter(case.child_voice_evident for case in cases)
    cells[("voice", "yes")], cells[("voice", "no")] = voice.get("yes", 0), voice.get("no", 0)
    totals.append(Total(overall_cases, (("voice", "yes"), ("voice", "no"))))
    primary = [key for key, count in cells.items() if key != overall_cases and is_small(count)]
    # The round's number of moderated cases is stated on its page, so it is never hidden.
    hidden = frozenset() if exact else protect(cells, totals, primary, published=[overall_cases])
    themes = Counter(theme for case in cases for theme in case.themes)
    return RoundResults(
        programme=programme,
        moderated=len(cases),
        overall=_row("All cases (overall grade)", OVERALL, cells, hidden, exact, overall_cases),
        domains=tuple(_row(domain.title, domain.key, cells, hidden, exact, overall_cases) for domain in DOMAINS),
        teams=tuple(_row(team or "No team recorded", ("team", team), cells, hidden, exact, (("team", team), CASES_KEY)) for team in teams),
        voice_evident=_shown(cells, hidden, ("voice", "yes"), exact),
        voice_not_evident=_shown(cells, hidden, ("voice", "no"), exact),
        themes=tuple(
            (label, themes.get(key, 0) if exact or not is_small(themes.get(key, 0)) else CONFIDENTIAL) for key, label in LEARNING_THEMES
        ),
        other_themes=tuple(case.other_themes for case in cases if case.other_themes.strip()) if exact else (),
    )


def results_over_time(*, exact: bool, as_at: datetime | None = None) -> list[RoundResults]:
    """Every round with at least one moderated case, oldest first: with ``as_at`` (a pack), the
    rounds and their cases as they stood then (``workflow.as_at``), so a case moderated since is
    not counted; without it, as they stand now."""
    moderated = {case.programme_id for case in records_of(AuditCase, as_at).filter(state="moderated")}
    programmes = records_of(AuditProgramme, as_at).filter(pk__in=moderated).order_by("created_at", "id")
    return [round_results(programme, exact=exact, as_at=as_at) for programme in programmes]


CSV_COLUMNS: tuple[str, ...] = (
    "round", "title", "data_to", "table", "category", "cases",
    *(key for key in GRADE_KEYS), GOOD_OR_BETTER_KEY, "good_or_better_percent",
)


def _grade_line(results: RoundResults, table: str, row: GradeRow) -> list[object]:
    programme = results.programme
    return [programme.reference, programme.title, programme.period_end.isoformat(), table, row.label, row.cases, *row.grades, row.good_or_better, row.share]


def csv_rows(rounds: Iterable[RoundResults]) -> list[list[object]]:
    """The results as rows for a CSV file, one line per round and category (the same figures as
    the page, suppressed the same way)."""
    rows: list[list[object]] = []
    for results in rounds:
        programme = results.programme
        start = [programme.reference, programme.title, programme.period_end.isoformat()]
        blanks = [NOT_APPLICABLE] * (len(GRADE_KEYS) + 2)
        rows.append(_grade_line(results, "overall", results.overall))
        rows.extend(_grade_line(results, "domain", row) for row in results.domains)
        rows.extend(_grade_line(results, "team", row) for row in results.teams)
        rows.append([*start, "child_voice", "Evident", results.voice_evident, *blanks])
        rows.append([*start, "child_voice", "Not evident", results.voice_not_evident, *blanks])
        rows.extend([*start, "theme", label, count, *blanks] for label, count in results.themes)
    return rows


@dataclass(frozen=True)
class OverTime:
    """The rounds side by side: each table's rows labelled by round, oldest first."""

    rounds: tuple[RoundResults, ...]
    overall: tuple[GradeRow, ...]
    domains: tuple[tuple[str, tuple[GradeRow, ...]], ...]
    themes: tuple[tuple[str, tuple[Shown, ...]], ...]
    """Each theme with its count in each round."""


def over_time(rounds: Sequence[RoundResults]) -> OverTime:
    return OverTime(
        rounds=tuple(rounds),
        overall=tuple(replace(results.overall, label=results.programme.label) for results in rounds),
        domains=tuple(
            (domain.title, tuple(replace(results.domains[index], label=results.programme.label) for results in rounds))
            for index, domain in enumerate(DOMAINS)
        ),
        themes=tuple(
            (label, tuple(results.themes[index][1] for results in rounds)) for index, (_, label) in enumerate(LEARNING_THEMES)
        ),
    )
