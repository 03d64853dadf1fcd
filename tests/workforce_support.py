"""A small hand-made council with a workforce file, for the workforce and caseload tests.

See ``tests/test_workforce_indicators.py`` for the council and the figures worked out from it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hand_made_snapshot import commit_snapshot
from indicator_returns import care, episode_of_need, plan
from safeguard.snapshots import WorkforceStore

FILE = """Worker,Team,Role,FTE,Start date,Leaving date,Employment,Newly qualified,Absence days,Last supervision date
Ann Lee,CP 1,social worker,1,2020-01-06,,permanent,no,3,2025-09-20
Bob Hart,CP 1,social worker,0.5,2025-04-01,,agency,yes,,2025-09-01
Cy Dunn,CP 1,social worker,1,2019-05-01,2025-09-30,permanent,no,12,2025-09-15
Tom Bell,CP 1,team manager,1,2015-01-01,,permanent,no,0,2025-09-25
,CP 1,social worker,1,,,vacant,,,
Di Fox,CP 2,senior practitioner,0.8,2018-01-01,,permanent,no,60,2025-09-10
Ed Roe,CP 2,social worker,1,2016-01-01,2024-09-30,permanent,no,,
"""
CENSUS = date(2025, 9, 30)
YEAR_START = date(2024, 10, 1)


def hand_made_council(tmp_path: Path) -> Path:
    """The store of the council in the module docstring of ``test_workforce_indicators``."""
    home = tmp_path / "store"
    commit_snapshot(
        home,
        {
            "child_protection_plans": [plan("C1", date(2025, 5, 1), team="CP 1", worker="Ann Lee", emergency_protection="true")],
            "children_in_need": [
                episode_of_need("C1", date(2025, 3, 1), team="CP 1", worker="Ann Lee"),
                episode_of_need("C2", date(2025, 6, 1), team="CP 1", worker="ann lee "),
                episode_of_need("C3", date(2025, 6, 1), team="CP 1", worker="Ann Lee"),
                episode_of_need("C6", date(2025, 2, 1), team="CP 2", worker="Di Fox"),
            ],
            "children_in_care": [
                care("C4", date(2024, 11, 1), team="CP 1", worker="Bob Hart"),
                care("C5", date(2024, 12, 1), team="CP 1", worker="Someone Unlisted"),
            ],
        },
        period_start=YEAR_START,
        period_end=CENSUS,
    )
    (tmp_path / "workforce_2025-09-30.csv").write_text(FILE, encoding="utf-8")
    WorkforceStore(home).import_file(tmp_path / "workforce_2025-09-30.csv")
    return home
