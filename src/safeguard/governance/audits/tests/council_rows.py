"""A small council written out by hand for the case audits' tests: who can be drawn, with which
risks, is worked out below child by child.

The snapshot covers 1 April 2024 to 31 March 2025. Eighteen children can be drawn:

| child | open case on 31 March 2025 | team | risks | weight |
|---|---|---|---|---|
| CH0001 | plan since Jan 2023 (over 18 months), one previous plan, unallocated | Child Protection East | long, repeat, unallocated | 1+3+3+4 = 11 |
| CH0002 | plan since Jan 2025 | Child Protection West | none | 1 |
| CH0003 | child in need since Jun 2024, no worker | Assessment North | unallocated | 1+4 = 5 |
| CH0004 | in care since May 2022 | Children in Care | none | 1 |
| CH0005 | none; referred Jul 2024 and again Jan 2025 | Front Door | re-referred | 1+2 = 3 |
| CH0008 | plan since Oct 2024 after an earlier plan in 2022 | Child Protection West | repeat | 1+3 = 4 |
| CH0009-CH0020 | child in need | Assessment South | none | 1 each |

Not drawable: CH0006 (referred only in May 2024, not recent), CH0007 (plan ended Dec 2024), CH0021 (child in
need from April 2025, after the snapshot's end).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hand_made_snapshot import commit_snapshot
from indicator_returns import care, episode_of_need, plan, referral

PERIOD_START = date(2024, 4, 1)
PERIOD_END = date(2025, 3, 31)
DRAWABLE = ("CH0001", "CH0002", "CH0003", "CH0004", "CH0005", "CH0008", *(f"CH{number:04d}" for number in range(9, 21)))
WEIGHTS = {"CH0001": 11.0, "CH0002": 1.0, "CH0003": 5.0, "CH0004": 1.0, "CH0005": 3.0, "CH0008": 4.0} | {f"CH{number:04d}": 1.0 for number in range(9, 21)}
RISKY = ("CH0001", "CH0003", "CH0005", "CH0008")


def council_lists() -> dict[str, list[dict]]:
    return {
        "child_protection_plans": [
            plan("CH0001", date(2023, 1, 10), team="Child Protection East", previous_plans=1, worker="Unallocated"),
            plan("CH0002", date(2025, 1, 6), team="Child Protection West"),
            plan("CH0007", date(2023, 1, 1), date(2024, 12, 1), team="Child Protection East"),
            plan("CH0008", date(2022, 1, 1), date(2022, 12, 1), team="Child Protection West"),
            plan("CH0008", date(2024, 10, 1), team="Child Protection West"),
        ],
        "children_in_need": [
            episode_of_need("CH0003", date(2024, 6, 1), team="Assessment North", worker=None),
            *(episode_of_need(f"CH{number:04d}", date(2024, 9, 1), team="Assessment South") for number in range(9, 21)),
            episode_of_need("CH0021", date(2025, 4, 10), team="Assessment South"),
        ],
        "children_in_care": [care("CH0004", date(2022, 5, 1))],
        "referrals": [
            referral("CH0005", date(2024, 7, 1), team="Front Door"),
            referral("CH0005", date(2025, 1, 15), team="Front Door"),
            referral("CH0006", date(2024, 5, 1), team="Front Door"),
        ],
    }


def commit_council(home: Path) -> str:
    """The council's snapshot in the store at ``home``; its id."""
    return commit_snapshot(home, council_lists(), period_start=PERIOD_START, period_end=PERIOD_END)
