"""The statutory dates of a serious incident, from the one calendar and the timescales file.

The national panel must be notified within 5 working days of the council becoming aware of the
incident, and the rapid review sent within 15 working days of that notification; a local
practice review should be complete within six months of the decision to hold one (seed 001,
serious case reviews; DOMAIN.md §4). Working days are England's (``safeguard.calendar``: bank
holidays, the one-off ones such as 8 May 2023 included), and every length is read from
``timescales.toml`` through ``safeguard.timescales``, never written here.

Before the notification is made, the rapid review is counted from the day the notification is
due: the latest the rapid review can be due if the panel is told in time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from safeguard.errors import SafeguardError
from safeguard.timescales import timescale

PANEL_NOTIFICATION = "panel_notification"
RAPID_REVIEW = "rapid_review"
PRACTICE_REVIEW = "practice_review"


@dataclass(frozen=True)
class IncidentDeadlines:
    aware: date
    notified: date | None
    panel_notification_due: date
    rapid_review_due: date

    @property
    def rapid_review_counted_from(self) -> date:
        """The day the rapid review's clock starts: the notification, or the day it is due."""
        return self.notified or self.panel_notification_due

    @property
    def counted_from_notification(self) -> bool:
        return self.notified is not None

    def to_json(self) -> dict[str, str]:
        return {
            "panel_notification_due": self.panel_notification_due.isoformat(),
            "rapid_review_due": self.rapid_review_due.isoformat(),
        }


def incident_deadlines(*, aware: date, notified: date | None = None) -> IncidentDeadlines:
    """The panel notification's and the rapid review's due dates for an incident the council
    became aware of on ``aware`` (and notified on ``notified``, if it has been)."""
    if notified is not None and notified < aware:
        raise SafeguardError(
            f"The notification ({notified:%-d %B %Y}) cannot be before the council became aware ({aware:%-d %B %Y})."
        )
    notification_due = timescale(PANEL_NOTIFICATION).due(aware)
    return IncidentDeadlines(
        aware=aware,
        notified=notified,
        panel_notification_due=notification_due,
        rapid_review_due=timescale(RAPID_REVIEW).due(notified or notification_due),
    )


def practice_review_due(decided: date) -> date:
    """When a local practice review should be complete, counted from the decision to hold it."""
    return timescale(PRACTICE_REVIEW).due(decided)
