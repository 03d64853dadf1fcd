"""The record of what was generated: ``manifest.json`` beside the workbooks.

It holds everything a later check needs to know the truth without re-running the generator:
the arguments and seed, where the rates came from, the council's population at each mid-year,
its teams and workers, each planted scenario with its start date and the indicator it should
move, the files written with their rows per list, and every faulty cell planted. Paths are
relative to the output folder, so the manifest is the same wherever the files are written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from safeguard.synth.faults import PlantedFault

FILE_NAME = "manifest.json"


@dataclass
class Manifest:
    out_dir: Path
    arguments: dict[str, object]
    seed: int
    council: str
    calibration: str
    approximate_rates: bool
    simulation_start: date
    window_start: date
    end: date
    population_by_mid_year: dict[int, int]
    teams: list[dict[str, object]]
    workers: list[dict[str, object]]
    scenarios: list[dict[str, str]]
    whole_history: str
    """The whole-history workbook, relative to ``out_dir``."""
    monthly: list[str] = field(default_factory=list)
    """The monthly rolling 12-month workbooks, relative to ``out_dir``, in date order."""
    rows: dict[str, dict[str, int]] = field(default_factory=dict)
    """Rows written per list, by file."""
    faults: list[PlantedFault] = field(default_factory=list)
    workforce: list[str] = field(default_factory=list)
    """The workforce files (``docs/workforce.md``), relative to ``out_dir``, in date order."""

    @property
    def whole_history_path(self) -> Path:
        return self.out_dir / self.whole_history

    @property
    def monthly_paths(self) -> list[Path]:
        return [self.out_dir / name for name in self.monthly]

    @property
    def workforce_paths(self) -> list[Path]:
        return [self.out_dir / name for name in self.workforce]

    @property
    def path(self) -> Path:
        return self.out_dir / FILE_NAME

    def as_json(self) -> dict[str, object]:
        return {
            "generator": "safeguard synth",
            "arguments": self.arguments,
            "seed": self.seed,
            "council": self.council,
            "calibration": {"source": self.calibration, "approximate": self.approximate_rates},
            "simulation_start": self.simulation_start.isoformat(),
            "window": {"start": self.window_start.isoformat(), "end": self.end.isoformat()},
            "population_by_mid_year": {str(year): count for year, count in sorted(self.population_by_mid_year.items())},
            "teams": self.teams,
            "workers": self.workers,
            "scenarios": self.scenarios,
            "files": {"whole_history": self.whole_history, "monthly": self.monthly, "workforce": self.workforce},
            "rows": self.rows,
            "faults": [fault.as_json() for fault in self.faults],
        }

    def write(self) -> Path:
        self.path.write_text(json.dumps(self.as_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return self.path
