"""The demo council's issued packs: a year of them, each as it was given out on its day (DEMO ONLY).

The Lead Member's briefing each month, and at each quarter's end the scrutiny committee's pack
and the Chief Executive's assurance pack; the partnership's annual report for the last complete
reporting year, in the September after it, when partnerships publish theirs. Each is issued by
the person who asks for it in a council (the Lead Member, the chair of scrutiny, the Chief
Executive, the partnership's business manager) on the first working day a fortnight after its
period ends, never on a day still to come, and reads the records as they stood at the end of its
period (``issuing.as_at_of``): so the Packs page opens on a year of issues like a council's, each
faithful to its month.

Web pages (HTML) only: a PDF takes WeasyPrint seconds to print, and a newcomer makes one in a
click. Each issue is rendered and kept like any other, with its hash: an issue recorded now and
rendered later would not be a record of what was given out. Run by ``seed_demo_governance``
after the governance apps, whose year of records the packs read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from safeguard.calendar import months_later
from safeguard.governance.reporting_year import ReportingYear
from safeguard.governance.workflow.demo_cast import DemoCast
from safeguard.packs.issuing import produce
from safeguard.packs.models import IssuedPack

MONTHS_ISSUED = 12
DAYS_AFTER_PERIOD = 14
"""When a pack goes out: once its month's figures are in and checked, before the next meeting."""
SATURDAY = 5
QUARTER_ENDS = (3, 6, 9, 12)
ANNUAL_REPORT_MONTH = 9
"""Partnerships publish the year's report in the autumn after it ends (September, here)."""
FIRST_HOUR = 9


@dataclass(frozen=True)
class DemoIssue:
    pack: str
    period: date
    issued_on: date
    by: str
    """The demo cast's key for the person who asks for it."""


def working_day_from(day: date) -> date:
    while day.weekday() >= SATURDAY:
        day += timedelta(days=1)
    return day


def issue_day(month: date) -> date:
    """The day a month's pack is issued: the first working day a fortnight or more after the month ends."""
    return working_day_from(months_later(month, 1) + timedelta(days=DAYS_AFTER_PERIOD - 1))


def year_of_issues(last_month: date, today: date) -> list[DemoIssue]:
    """The packs the demo council gave out over the year to ``last_month``, by the day before ``today``."""
    issues = []
    for back in range(MONTHS_ISSUED - 1, -1, -1):
        month = months_later(last_month, -back)
        issues.append(DemoIssue("lead-member-briefing", month, issue_day(month), "lead_member"))
        if month.month in QUARTER_ENDS:
            issues.append(DemoIssue("scrutiny", month, issue_day(month), "scrutiny_chair"))
            issues.append(DemoIssue("chief-executive-assurance", month, issue_day(month), "chief_executive"))
    finished = ReportingYear.containing(months_later(last_month, -MONTHS_ISSUED))
    if finished.end <= last_month:
        report_day = working_day_from(date(finished.first + 1, ANNUAL_REPORT_MONTH, DAYS_AFTER_PERIOD))
        issues.append(DemoIssue("board-annual-report", finished.end.replace(day=1), report_day, "partnership_manager"))
    return sorted((item for item in issues if item.issued_on < today), key=lambda item: (item.issued_on, item.pack))


def seed(cast: DemoCast) -> str:
    if IssuedPack.objects.exists() or cast.data_month is None:
        return ""
    issues = year_of_issues(cast.data_month, cast.today)
    hour: dict[date, int] = {}
    for item in issues:
        person = cast.person(item.by)
        hour[item.issued_on] = hour.get(item.issued_on, FIRST_HOUR - 1) + 1
        produce(item.pack, period=item.period, output_format="html", by=person, by_name=person.display_name,
                at=cast.at((cast.today - item.issued_on).days, hour[item.issued_on]))
    counts = {name: sum(1 for item in issues if item.pack == name) for name in dict.fromkeys(item.pack for item in issues)}
    listed = ", ".join(f"{count} {name}" for name, count in counts.items())
    return f"Packs: {len(issues)} issued over the past year, each as its records stood at its period's end ({listed})."
