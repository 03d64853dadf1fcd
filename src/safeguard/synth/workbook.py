"""The synthetic council's Annex A workbooks, in Ofsted's layout.

The layout itself (sheets, headers, written forms of codes, dates, column widths, document
properties) is ``safeguard.snapshots.export``'s, the one writer of Annex A workbooks, so a
synthetic return and a snapshot written back out for inspectors are laid out alike. What is the
synthetic council's own: the records come from its extract one list at a time, faults may be
planted in the written rows, and the document is dated the day the extract describes, so the
same arguments write the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path

from safeguard.annex_a.spec import LISTS, AnnexAList
from safeguard.snapshots.export import Cell, code_spellings, write_annex_a, written_row
from safeguard.synth.faults import PlantedFault

__all__ = ["Planter", "Record", "write_workbook", "written_row"]

Record = dict[str, object]
Planter = Callable[[AnnexAList, list[list[Cell]]], tuple[list[list[Cell]], list[PlantedFault]]]


def write_workbook(
    path: Path, records: Callable[[str], list[Record]], created: date, plant: Planter | None = None
) -> tuple[dict[str, int], list[PlantedFault]]:
    """Write all eleven lists to ``path``, asking ``records`` for each list's rows by its key only
    when it is written (so one list at a time is in memory); returns the rows written per list
    and any faults planted."""
    path.parent.mkdir(parents=True, exist_ok=True)
    spellings = code_spellings()
    counts: dict[str, int] = {}
    faults: list[PlantedFault] = []

    def sheets() -> Iterable[tuple[AnnexAList, Sequence[Sequence[Cell]]]]:
        for annex_list in LISTS:
            rows = [written_row(annex_list, record, spellings) for record in records(annex_list.key)]
            if plant is not None:
                rows, planted = plant(annex_list, rows)
                faults.extend(planted)
            counts[annex_list.key] = len(rows)
            yield annex_list, rows

    write_annex_a(path, sheets(), author="Safeguard synthetic council", created=created)
    return counts, faults
