"""``safeguard induction status``: every plan with the items done and those past their date, the
same progress the plan's page shows."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.cli import run
from safeguard.governance.induction import services
from safeguard.roles import Role

pytestmark = pytest.mark.django_db


def test_status_lists_each_plan_and_its_overdue_items(make_person, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    assert run(["induction", "status"]) == 0
    assert "There is no induction plan yet." in capsys.readouterr().out
    member = make_person(Role.LEAD_MEMBER)
    plan = services.start_plan(by=member, lead_member=member, took_office_on=date(2025, 5, 19))
    for step in plan.steps.all():
        services.record_step(step, by=member, seen_version=step.version, changes={"done_on": date(2025, 5, 20), "note": ""})
    late = plan.steps.order_by("due", "id").last()
    assert late is not None
    services.record_step(late, by=member, seen_version=late.version, changes={"done_on": None, "note": ""})
    assert run(["induction", "status"]) == 0
    said = " ".join(capsys.readouterr().out.split())
    total = plan.steps.count()
    # Every item but the last of the first six months is done; that one was due by 19 November 2025.
    assert f"{total - 1} of {total}" in said and member.display_name in said and "Under way" in said
    assert f"{member.display_name}: {late.contents.text} (due by 19 November 2025)" in said
    assert [line.step.pk for line in services.progress(plan, date.today()).overdue] == [late.pk]
