"""The synthetic council's whole history in memory: the truth its returns are written from.

`simulate` runs the casework and fills in the detail; `CouncilHistory.records` gives Annex A's
lists as they stood on any day, keyed by the specification's column keys and holding canonical
values (the same form a snapshot stores), so tests and tools can compute figures from the truth
without reading a workbook.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from safeguard.calendar import WorkingDays
from safeguard.synth.adoption import recruit_adopters
from safeguard.synth.calibration import Calibration, load_calibration
from safeguard.synth.casework import Casework
from safeguard.synth.children import Child
from safeguard.synth.config import SynthConfig
from safeguard.synth.council import Workforce, population_by_mid_year
from safeguard.synth.extract import LIST_KEYS, Extract
from safeguard.synth.front_door import FrontDoor, referrals_per_year
from safeguard.synth.journeys import (
    AdopterFamily,
    Adoption,
    CareLeaver,
    CareSpell,
    ChildProtectionPlan,
    Contact,
    EarlyHelpAssessment,
    Episode,
)
from safeguard.synth.randomness import Draws, stream
from safeguard.synth.scenarios import PlantedScenario, ScenarioEffects, plant
from safeguard.synth.simulation import WARM_UP_YEARS, CouncilSimulation
from safeguard.synth.timeline import add_years, date_of, day_of, financial_year_end, month_start

Progress = Callable[[str, float], None]


@dataclass
class CouncilHistory:
    config: SynthConfig
    calibration: Calibration
    scenarios: tuple[PlantedScenario, ...]
    population: dict[int, int]
    """Children aged 0-17 at each ONS mid-year (30 June)."""
    simulation_start: date
    window_start: date
    end: date
    children: list[Child]
    episodes: list[Episode]
    plans: list[ChildProtectionPlan]
    spells: list[CareSpell]
    leavers: list[CareLeaver]
    adoptions: list[Adoption]
    families: list[AdopterFamily]
    contacts: list[Contact]
    early_help: list[EarlyHelpAssessment]
    workforce: Workforce
    working_days: WorkingDays

    def records(self, as_at: date | None = None, since: date | None = None) -> dict[str, list[dict[str, object]]]:
        """Annex A's eleven lists as they stood on ``as_at`` (default: the last generated day),
        covering ``since`` onwards (default: everything since the simulation began, including
        the established caseload's earlier dates). Keys are list keys and column keys."""
        extract = self.extract(as_at or self.end, since)
        return {key: extract.list_records(key) for key in LIST_KEYS}

    def extract(self, as_at: date, since: date | None) -> Extract:
        """The lists as they stood on ``as_at``, built one at a time (`Extract.list_records`)."""
        return Extract(self, day_of(as_at), day_of(since) if since is not None else None)

    def window_mid_years(self) -> dict[int, int]:
        """The mid-year populations the returned years' rates use."""
        first = financial_year_end(day_of(self.window_start))
        last = financial_year_end(day_of(self.end))
        return {year - 1: self.population[year - 1] for year in range(first, last + 1)}


def simulate(config: SynthConfig, calibration: Calibration | None = None, progress: Progress | None = None) -> CouncilHistory:
    """Run the synthetic council described by ``config`` and return its history."""
    config.check()
    calibration = calibration or load_calibration(config.benchmarks)
    end = config.end_date
    window_start = config.window_start
    scenarios = plant(config.scenarios, end, window_start)
    effects = ScenarioEffects(scenarios)
    first_day = month_start(add_years(day_of(window_start), -WARM_UP_YEARS))
    last_day = day_of(end)
    population = population_by_mid_year(config.population, end, financial_year_end(first_day) - 2, stream(config.seed, "population"))
    simulation = CouncilSimulation(
        config.seed,
        calibration,
        population,
        effects,
        first_day,
        last_day,
        (lambda fraction: progress("Simulating casework", fraction)) if progress else None,
    )
    simulation.run()
    if progress:
        progress("Recording visits, reviews and placements", 0.0)
    casework = Casework(config.seed, simulation.working_days, last_day, effects)
    for plan in simulation.plans:
        casework.plan(plan)
    for episode in simulation.episodes:
        casework.support(episode)
    for spell in simulation.spells:
        casework.care(spell)
    for leaver in simulation.leavers:
        casework.leaver(leaver)
    front_door = FrontDoor(simulation.register, Draws(stream(config.seed, "front door")), simulation.working_days, first_day, last_day)
    contacts = simulation.contacts + front_door.contacts(
        referrals_per_year(calibration, population, first_day, last_day), stream(config.seed, "contact days")
    )
    early_help = front_door.early_help(simulation.episodes, population, stream(config.seed, "early help days"))
    families = recruit_adopters(simulation.adoptions, first_day, last_day, stream(config.seed, "adopters"), simulation.working_days)
    if progress:
        progress("Recording visits, reviews and placements", 1.0)
    return CouncilHistory(
        config=config,
        calibration=calibration,
        scenarios=scenarios,
        population=population,
        simulation_start=date_of(first_day),
        window_start=window_start,
        end=end,
        children=simulation.register.children,
        episodes=simulation.episodes,
        plans=simulation.plans,
        spells=simulation.spells,
        leavers=simulation.leavers,
        adoptions=simulation.adoptions,
        families=families,
        contacts=sorted(contacts, key=lambda contact: (contact.day, contact.child.number)),
        early_help=early_help,
        workforce=simulation.workforce,
        working_days=simulation.working_days,
    )
