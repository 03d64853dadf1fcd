"""The latest Ofsted grades of the council and its statistical neighbours, from Ofsted's
published file as the benchmarks loader keeps it (``safeguard benchmarks load``).

The neighbours are the ten of the loaded statistical neighbour file (the same ten every
benchmark uses), closest first; the council is the one its settings name (``la_code``). Grades
are read into the judgements file's grades, so the rules can be checked on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from safeguard.benchmarks.comparison import BenchmarkData
from safeguard.council import load_council
from safeguard.errors import SafeguardError
from safeguard.governance.inspection.judgements import Grade, judgements


@dataclass(frozen=True)
class CouncilGrades:
    la_number: int
    name: str
    grades: dict[str, Grade | None]
    """Area id -> grade, None where the report gave none (a judgement newer than the inspection)."""
    inspected: str
    """The last day of the inspection, as the file writes it."""
    published: str
    framework: str
    report_link: str
    neighbour_rank: int
    """0 for the council itself, 1 to 10 for its neighbours, closest first."""


@dataclass(frozen=True)
class GradesPicture:
    council: CouncilGrades | None
    neighbours: tuple[CouncilGrades, ...]
    source: str
    """The published file the grades came from, and when it was loaded."""

    def count(self, area: str, grade: Grade) -> int:
        """How many neighbours had this grade in this area."""
        return sum(1 for item in self.neighbours if item.grades.get(area) == grade)


def _grades_of(row: dict[str, object], rank: int, name: str) -> CouncilGrades:
    data = judgements()
    return CouncilGrades(
        la_number=int(row["la_number"]),  # type: ignore[call-overload]
        name=name,
        grades={area.id: data.from_published(row.get(area.id) if isinstance(row.get(area.id), str) else None) for area in data.areas},  # type: ignore[arg-type]
        inspected=str(row.get("inspection_end") or ""),
        published=str(row.get("published") or ""),
        framework=str(row.get("framework") or ""),
        report_link=str(row.get("report_link") or ""),
        neighbour_rank=rank,
    )


def _name(data: BenchmarkData, la_number: int, row: dict[str, object]) -> str:
    """The council's name as the council list spells it (the Ofsted file writes it in lower case)."""
    try:
        return data.council(la_number).name
    except SafeguardError:
        return str(row.get("name") or la_number).title()


def grades_picture(home: Path | None = None) -> GradesPicture:
    """The council's own latest grades and its neighbours'; ``SafeguardError`` when the council has
    no LA code or the published files have not been loaded, saying what to do."""
    council = load_council(home)
    if not council.la_code:
        raise SafeguardError("The council's settings name no LA code, so its statistical neighbours are not known.")
    with BenchmarkData.current(home) as data:
        number = data.council_number(council.la_code)
        neighbours = data.neighbours(number)
        loaded = {file.role: file for file in data.load.files}
        if "ofsted_grades" not in loaded:
            raise SafeguardError("The loaded benchmarks hold no Ofsted grades: load the published files again.")
        rows = {int(row["la_number"]): row for row in pq.read_table(data.load.table("ofsted_grades")).to_pylist()}
        source = f"{loaded['ofsted_grades'].source}, loaded {data.load.loaded_at[:10]}"
        names = {item: _name(data, item, rows[item]) for item in [number, *neighbours] if item in rows}
    own = _grades_of(rows[number], 0, names[number]) if number in rows else None
    found = tuple(_grades_of(rows[item], rank, names[item]) for rank, item in enumerate(neighbours, start=1) if item in rows)
    return GradesPicture(own, found, source)
