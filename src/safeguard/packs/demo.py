"""The demo council's issued packs: a year of the Lead Member's monthly briefing and the scrutiny
committee's quarterly pack, each produced by the performance manager a fortnight after its month
ended, so the Packs page opens on a year of issues like a council's would (DEMO ONLY).

Web pages only (HTML): a PDF takes seconds to make, and a newcomer can produce one in a click.
Run by ``seed_demo_governance`` after the governance apps, whose records the packs draw on.
"""

from __future__ import annotations

from datetime import date, timedelta

from safeguard.calendar import months_later
from safeguard.governance.workflow.demo_cast import DemoCast
from safeguard.packs.issuing import produce
from safeguard.packs.models import IssuedPack

MONTHS_ISSUED = 12
DAYS_AFTER_MONTH_END = 14
"""When a month's pack goes out: once its figures are in and checked, before the next meeting."""
SATURDAY = 5
SCRUTINY_MONTHS = (3, 6, 9, 12)
"""The scrutiny committee meets quarterly and is sent the pack for the quarter's last month."""


def issue_day(month: date) -> date:
    """The day a month's pack is issued: the first working day a fortnight or more after the month ends."""
    day = months_later(month, 1) + timedelta(days=DAYS_AFTER_MONTH_END - 1)
    while day.weekday() >= SATURDAY:
        day += timedelta(days=1)
    return day


def seed(cast: DemoCast) -> str:
    if IssuedPack.objects.exists() or cast.data_month is None:
        return ""
    keeper = cast.person("performance_manager")
    issued = 0
    for back in range(MONTHS_ISSUED - 1, -1, -1):
        month = months_later(cast.data_month, -back)
        days_ago = (cast.today - issue_day(month)).days
        if days_ago < 0:
            continue
        names = ["lead-member-briefing"] + (["scrutiny"] if month.month in SCRUTINY_MONTHS else [])
        for offset, name in enumerate(names):
            produce(name, period=month, output_format="html", by=keeper, by_name=keeper.display_name, at=cast.at(days_ago, 10 + offset))
            issued += 1
    return f"Packs: {issued} issued over the past year (the Lead Member's briefing monthly, the scrutiny pack quarterly)."
