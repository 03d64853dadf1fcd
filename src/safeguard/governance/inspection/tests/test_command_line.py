"""``safeguard inspection readiness``: the checklist phase by phase with each item's status,
owner and review date, and the counts the readiness page shows."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.cli import run
from safeguard.governance.inspection import services
from safeguard.governance.inspection.judgements import readiness
from safeguard.roles import Role

pytestmark = pytest.mark.django_db


def test_readiness_prints_every_phase_and_the_counts(make_person, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    analyst = make_person(Role.ANALYST)
    items = readiness().items
    services.record_check(items[0].id, by=analyst, seen_version=None,
                          changes={"status": "ready", "evidence": "Done in June.", "owner": analyst, "review_by": date(2027, 1, 31)})
    services.record_check(items[1].id, by=analyst, seen_version=None, changes={"status": "in_hand", "evidence": "Booked."})
    assert run(["inspection", "readiness"]) == 0
    said = " ".join(capsys.readouterr().out.split())
    for phase in readiness().phases:
        assert phase.title in said
    assert analyst.display_name in said and "31 January 2027" in said
    assert f"Of {len(items)} items: ready 1, in hand 1, not started {len(items) - 2}." in said
    assert services.readiness_counts() == {"ready": 1, "in_hand": 1, "not_started": len(items) - 2}
