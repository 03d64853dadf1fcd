"""Records made by a test as if they had been entered in the month a pack reports on.

The synthetic council's figures end in March 2025, and a pack reads the governance records as
they stood at its month's end (``safeguard.governance.workflow.as_at``): records a test makes
today would not be there yet. ``entered_in`` dates every governance record's history and every
logged move to one moment in the month, keeping the order they were saved in.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from django.apps import apps

from safeguard.governance.workflow.models import GovernanceRecord, TransitionRecord

MIDDAY = time(12)


def entered_in(month: date, day: int = 15) -> datetime:
    """Date every governance record made so far at midday on ``day`` of ``month``; that moment."""
    moment = datetime.combine(month.replace(day=day), MIDDAY, tzinfo=UTC)
    for model in apps.get_models():
        if issubclass(model, GovernanceRecord):
            model._default_manager.update(created_at=moment, updated_at=moment)
            model.history.update(history_date=moment, created_at=moment, updated_at=moment)
    TransitionRecord.objects.update(at=moment)
    return moment
