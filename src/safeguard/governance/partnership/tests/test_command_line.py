"""``safeguard partnership attendance``: each agency's attendance in the council's year, as CSV
and JSON, worked out by the service the partnership's page and annual report use; a bad option
is refused with one plain line and nothing printed."""

from __future__ import annotations

import json
from datetime import date

import pytest

from safeguard.cli import run
from safeguard.governance.partnership import services
from safeguard.governance.partnership.services import PresenceEntry
from safeguard.governance.partnership.tests.members import small_partnership

pytestmark = pytest.mark.django_db


def _two_meetings(make_person):
    small = small_partnership(make_person)
    for day, police in ((date(2025, 5, 10), ("member", "DCI Carter", True)), (date(2025, 9, 10), ("apologies", "", None))):
        meeting = services.plan_meeting(by=small.chair, held_on=day)
        meeting = services.move_meeting(meeting, "hold", by=small.chair, seen_version=1, reason="Met.")
        services.record_attendance(meeting, [PresenceEntry(small.police, *police), PresenceEntry(small.health, "deputy", "A nurse", False)],
                                   by=small.chair)


def test_attendance_prints_as_csv_and_json_for_the_year_asked(make_person, capsys):
    _two_meetings(make_person)
    assert run(["partnership", "attendance", "--year", "2025"]) == 0
    # Police came to 1 of 2 (50%), able to commit the agency; Health's deputies came to both, never able to.
    assert capsys.readouterr().out.splitlines() == [
        "agency,meetings,attended,attendance_percent,could_commit,could_commit_percent",
        "Health,2,2,100,0,0",
        "Police,2,1,50,1,100",
    ]
    assert run(["partnership", "attendance", "--year", "2025", "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert (printed["year"], printed["from"], printed["to"]) == ("2025-26", "2025-04-01", "2026-03-31")
    assert printed["agencies"][1] == {"agency": "Police", "meetings": 2, "attended": 1, "attendance_percent": 50, "could_commit": 1,
                                      "could_commit_percent": 100}
    assert run(["partnership", "attendance", "--year", "2024"]) == 0
    assert capsys.readouterr().out.splitlines()[2] == "Police,0,0,,0,"


@pytest.mark.parametrize(("arguments", "message"), [
    (["--format", "xml"], "--format must be csv or json, not 'xml'."),
    (["--year", "25"], "--year must be the year the council's year starts in, written YYYY"),
    (["--year", "2999"], "and not later than this year, not '2999'."),
])
def test_a_bad_option_is_one_plain_line_and_prints_nothing(arguments, message, capsys):
    assert run(["partnership", "attendance", *arguments]) == 1
    said = capsys.readouterr()
    assert said.out == "" and message in " ".join(said.err.split())
