"""The workforce picture for leaders: each workforce figure for the council and team by team,
compared with England, the region and the neighbours, the spread of caseloads in each team,
the teams whose caseloads are rising or swinging, and how many children have no social worker.

Nobody is named here: figures are full-time-equivalent rates and caseload spreads per team.
The count of unallocated children is a count of children, so for viewers without child-level
access it follows DfE's rule (1 to 5 shows as [c]), with a team's count hidden too whenever it
could be worked out from the council's total and the other teams.

The staff figures (turnover, agency, supervision and the rest) count staff, not children, so
DfE's rule for children does not apply to them: the council's are shown to every leader. A small
team's could point to one person, though (the one leaver, the one agency worker), so for viewers
without child-level access a team with fewer than ``SMALL_TEAM`` case holders has its staff
figures withheld, with a companion team's whenever the council's figure and the other teams'
would give them away; each withheld team says why in plain words.

Managers see their own team's workers by name on the allocation pages
(``safeguard.governance.allocation``), never here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from safeguard.aggregates.disclosure import CONFIDENTIAL, Total, protect, shown_count
from safeguard.aggregates.hidden_cells import counts_staff
from safeguard.aggregates.viewer import Viewer
from safeguard.aggregates.words import Shown
from safeguard.benchmarks.workforce import WorkforceComparison, compare_workforce
from safeguard.calendar import month_end
from safeguard.council import load_council
from safeguard.errors import SafeguardError
from safeguard.home import safeguard_home
from safeguard.indicators.caseloads import CASE_LISTS, CASELOAD_DEFINITIONS, CaseloadPicture, TeamCaseloads, caseloads_in
from safeguard.indicators.catalogue import WORKFORCE_INDICATORS, indicator
from safeguard.indicators.engine import IndicatorValue, compute
from safeguard.indicators.history import History, returns_in_store
from safeguard.indicators.periods import Granularity
from safeguard.snapshots import Store, WorkforceStore
from safeguard.warnings.caseloads import CaseloadWarning, team_caseload_warnings

COUNCIL = "Whole council"
CASELOAD_MONTHS = 12
SMALL_TEAM = 5
"""A team with fewer case holders than this has its staff figures withheld from viewers without
child-level access: one worker would be a fifth or more of each figure, and could be picked out."""


@dataclass(frozen=True)
class WorkforceFigure:
    indicator_id: str
    title: str
    unit: str
    value: float | None
    comparison: WorkforceComparison | None


@dataclass(frozen=True)
class TeamPicture:
    team: str
    figures: dict[str, float | str | None]
    """Each workforce figure by indicator id: a number, or ``[c]`` where the team's staff figures are withheld."""
    caseloads: TeamCaseloads | None
    unallocated: Shown
    withheld_because: str = ""
    """Why this team's staff figures are withheld, in plain words (empty when they are shown)."""


@dataclass(frozen=True)
class WorkforcePicture:
    as_at: date | None
    workforce_as_at: date | None
    council: tuple[WorkforceFigure, ...]
    teams: tuple[TeamPicture, ...]
    warnings: tuple[CaseloadWarning, ...]
    unallocated: Shown
    comparison_year: int | None
    notes: tuple[str, ...]


def workforce_picture(viewer: Viewer, home: Path | None = None, *, as_of: date | None = None) -> WorkforcePicture:
    """The picture as this viewer may see it, for the store as it is now; with ``as_of`` (a
    month), as the returns loaded up to that month's end showed it (a pack for an earlier month)."""
    home = home or safeguard_home()
    with Store(home) as store:
        snapshots = [item for item in store.list() if as_of is None or item.period_end <= month_end(as_of)]
        key = (str(home), tuple(item.id for item in snapshots), tuple(item.id for item in WorkforceStore(home).list()))
    exact = _exact_picture(*key)
    return _as_seen_by(exact, viewer)


@lru_cache(maxsize=4)
def _exact_picture(home_text: str, snapshot_ids: tuple[str, ...], workforce_ids: tuple[str, ...]) -> tuple:
    """Worked out once per state of the store (its snapshots and workforce files), from the
    returns ``snapshot_ids`` names: all of them, or those up to a pack's month."""
    home = Path(home_text)
    notes: list[str] = []
    if not snapshot_ids:
        return None, (), [], [], None, ("No return has been loaded yet.",)
    if not workforce_ids:
        notes.append("No workforce file has been loaded yet (safeguard workforce import).")
    council = load_council(home)
    with Store(home) as store:
        returns = returns_in_store(store, up_to=snapshot_ids[-1])
    ids = [item.id for item in WORKFORCE_INDICATORS]
    # One history answers every question below: the returns are read once, with every column
    # any of them counts, rather than once for each.
    with History(returns) as history:
        history.load(CASE_LISTS, [*CASELOAD_DEFINITIONS, *(item.sql for item in WORKFORCE_INDICATORS)])
        picture = caseloads_in(history, council.standards)
        period_start = history.latest.period_end.replace(day=1)
        values = compute(history, period_start, history.latest.period_end, None, False, None, ids, council.standards)
        by_team = compute(history, period_start, history.latest.period_end, None, True, None, ids, council.standards)
        first_month = _months_before(period_start, CASELOAD_MONTHS - 1)
        monthly = compute(
            history, first_month, history.latest.period_end, Granularity.MONTH, True, None, ["caseload_weighted_mean"], council.standards
        )
    comparisons, year = _comparisons(council.la_code, home, notes)
    return picture, values, by_team, team_caseload_warnings(monthly), (comparisons, year), tuple(notes)


def _months_before(first_day: date, months: int) -> date:
    index = first_day.year * 12 + first_day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _comparisons(la_code: str | None, home: Path, notes: list[str]) -> tuple[dict[str, WorkforceComparison], int | None]:
    from safeguard.benchmarks.comparison import BenchmarkData

    la_number = int(la_code) if la_code and la_code.isdigit() else None
    neighbours: list[int] = []
    if la_number is not None:
        try:
            with BenchmarkData.current(home) as data:
                neighbours = data.neighbours(la_number)
        except SafeguardError:
            notes.append("The published benchmarks are not loaded, so there is no neighbour comparison.")
    try:
        found = compare_workforce(la_number, neighbours)
    except SafeguardError as error:
        notes.append(str(error))
        return {}, None
    return {item.indicator_id: item for item in found}, (found[0].year if found else None)


def _as_seen_by(exact: tuple, viewer: Viewer) -> WorkforcePicture:
    picture, values, by_team, warnings, comparison, notes = exact
    if picture is None:
        return WorkforcePicture(None, None, (), (), (), shown_count(None, False), None, notes)
    comparisons, year = comparison if comparison else ({}, None)
    council = tuple(
        WorkforceFigure(item.id, item.title, item.unit.value, _value(values, item.id, None), comparisons.get(item.id))
        for item in WORKFORCE_INDICATORS
    )
    unallocated = _unallocated_counts(picture)
    hidden = frozenset() if viewer.exact else protect(unallocated, [Total(COUNCIL, tuple(key for key in unallocated if key != COUNCIL))])
    spreads = {team.team: team for team in picture.teams}
    names = sorted({value.team for value in by_team if value.team} | set(spreads) | (set(unallocated) - {COUNCIL}))
    withheld = {} if viewer.exact else _small_teams({team: spreads[team].workers if team in spreads else 0 for team in names})
    teams = tuple(
        TeamPicture(
            team,
            {item.id: _team_figure(by_team, item.id, team, team in withheld) for item in WORKFORCE_INDICATORS},
            spreads.get(team),
            shown_count(unallocated.get(team, 0), team in hidden),
            withheld.get(team, ""),
        )
        for team in names
    )
    return WorkforcePicture(
        picture.as_at,
        picture.workforce_as_at,
        council,
        teams,
        tuple(warnings),
        shown_count(unallocated[COUNCIL], COUNCIL in hidden),
        year,
        (*notes, *((picture.note,) if picture.note else ())),
    )


def _small_teams(workers: dict[str, int]) -> dict[str, str]:
    """The teams whose staff figures are withheld, each with the reason: fewer than ``SMALL_TEAM``
    case holders, or (a companion) so that a small team's cannot be worked out by subtraction."""
    small = [team for team, count in workers.items() if count < SMALL_TEAM]
    counts = {COUNCIL: sum(workers.values()), **workers}
    hidden = protect(counts, [Total(COUNCIL, tuple(workers))], primary=small, published=[COUNCIL])
    return {
        team: (
            f"{team} has fewer than {SMALL_TEAM} social workers holding cases, so its staff figures could point to one person."
            if team in small
            else f"{team}'s staff figures are withheld too, so that a small team's cannot be worked out from the council's and the other teams'."
        )
        for team in sorted(hidden)
    }


def _team_figure(values: list[IndicatorValue], indicator_id: str, team: str, withheld: bool) -> float | str | None:
    value = _value(values, indicator_id, team)
    if withheld and value is not None and counts_staff(indicator(indicator_id)):
        return CONFIDENTIAL
    return value


def _unallocated_counts(picture: CaseloadPicture) -> dict[str, int]:
    counts: dict[str, int] = {COUNCIL: len(picture.unallocated)}
    for case in picture.unallocated:
        counts[case.team or "No team recorded"] = counts.get(case.team or "No team recorded", 0) + 1
    return counts


def _value(values: list[IndicatorValue], indicator_id: str, team: str | None) -> float | None:
    return next((value.value for value in values if value.id == indicator_id and value.team == team), None)
