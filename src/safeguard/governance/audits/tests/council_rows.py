"""A small council written out by hand for the case audits' tests: who can be drawn, with which
risks, is worked out below child by child.

The snapshot covers 1 April 2024 to 31 March 2025. Eighteen children can be drawn:

| child | open case on 31 March 2025 | team | risks | weight |
|---|---|---|---|---|
| C01 | plan since Jan 2023 (over 18 months), one previous plan, unallocated | Child Protection East | long, repeat, unallocated | 1+3+3+4 = 11 |
| C02 | plan since Jan 2025 | Child Protection West | none | 1 |
| C03 | child in need since Jun 2024, no worker | Assessment North | unallocated | 1+4 = 5 |
| C04 | in care since May 2022 | Children in Care | none | 1 |
| C05 | none; referred Jul 2024 and again Jan 2025 | Front Door | re-referred | 1+2 = 3 |
| C08 | plan since Oct 2024 after an earlier plan in 2022 | Child Protection West | repeat | 1+3 = 4 |
| C09-C20 | child in need | Assessment South | none | 1 each |

Not drawable: C06 (referred only in May 2024, not recent), C07 (plan ended Dec 2024), C21 (child in
need from April 2025, after the snapshot's end).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hand_made_snapshot import commit_snapshot
from indicator_returns import care, episode_of_need, plan, referral

PERIOD_START = date(2024, 4, 1)
PERIOD_END = date(2025, 3, 31)
DRAWABLE = ("C01", "C02", "C03", "C04", "C05", "C08", *(f"C{number:02d}" for number in range(9, 21)))
WEIGHTS = {"C01": 11.0, "C02": 1.0, "C03": 5.0, "C04": 1.0, "C05": 3.0, "C08": 4.0} | {f"C{number:02d}": 1.0 for number in range(9, 21)}
RISKY = ("C01", "C03", "C05", "C08")


def council_lists() -> dict[str, list[dict]]:
    return {
        "child_protection_plans": [
            plan("C01", date(2023, 1, 10), team="Child Protection East", previous_plans=1, worker="Unallocated"),
            plan("C02", date(2025, 1, 6), team="Child Protection West"),
            plan("C07", date(2023, 1, 1), date(2024, 12, 1), team="Child Protection East"),
            plan("C08", date(2022, 1, 1), date(2022, 12, 1), team="Child Protection West"),
            plan("C08", date(2024, 10, 1), team="Child Protection West"),
        ],
        "children_in_need": [
            episode_of_need("C03", date(2024, 6, 1), team="Assessment North", worker=None),
            *(episode_of_need(f"C{number:02d}", date(2024, 9, 1), team="Assessment South") for number in range(9, 21)),
            episode_of_need("C21", date(2025, 4, 10), team="Assessment South"),
        ],
        "children_in_care": [care("C04", date(2022, 5, 1))],
        "referrals": [
            referral("C05", date(2024, 7, 1), team="Front Door"),
            referral("C05", date(2025, 1, 15), team="Front Door"),
            referral("C06", date(2024, 5, 1), team="Front Door"),
        ],
    }


def commit_council(home: Path) -> str:
    """The council's snapshot in the store at ``home``; its id."""
    return commit_snapshot(home, council_lists(), period_start=PERIOD_START, period_end=PERIOD_END)
