"""A serious incident's statutory dates in England's working days, each worked out by hand on a
calendar, and the command that prints them (DOMAIN.md §4; seed 001, serious case reviews)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from safeguard.cli import run
from safeguard.errors import SafeguardError
from safeguard.governance.reviews.deadlines import incident_deadlines, practice_review_due


@pytest.mark.parametrize(
    ("aware", "notified", "panel_due", "rapid_due"),
    [
        # Known on Thursday 17 April 2025, the day before Good Friday: Friday 18 (Good Friday), the
        # weekend and Monday 21 (Easter Monday) do not count, so the 5 working days are Tuesday 22 to
        # Monday 28 April. Notified Thursday 24 April: 15 working days, stepping over the early May
        # bank holiday (Monday 5 May), end on Friday 16 May.
        (date(2025, 4, 17), date(2025, 4, 24), date(2025, 4, 28), date(2025, 5, 16)),
        # Across Christmas: known Monday 22 December 2025; Tuesday 23 and Wednesday 24 count, Christmas
        # Day and Boxing Day do not, then Monday 29 to Wednesday 31 December: due Wednesday 31.
        # Notified Tuesday 30 December: New Year's Day is skipped, the 15th working day is
        # Wednesday 21 January 2026.
        (date(2025, 12, 22), date(2025, 12, 30), date(2025, 12, 31), date(2026, 1, 21)),
        # Over the coronation: known Wednesday 3 May 2023; Thursday 4 and Friday 5 count, Monday 8 May
        # (the coronation holiday) does not, then Tuesday 9 to Thursday 11 May. Notified Friday 5 May:
        # the count skips 8 May and the spring bank holiday (Monday 29 May), ending Tuesday 30 May.
        (date(2023, 5, 3), date(2023, 5, 5), date(2023, 5, 11), date(2023, 5, 30)),
    ],
)
def test_the_panel_notification_and_rapid_review_fall_on_the_hand_counted_days(aware, notified, panel_due, rapid_due):
    deadlines = incident_deadlines(aware=aware, notified=notified)
    assert (deadlines.panel_notification_due, deadlines.rapid_review_due) == (panel_due, rapid_due)
    assert deadlines.counted_from_notification


def test_before_the_notification_the_rapid_review_counts_from_the_notification_s_due_date():
    # Due Monday 28 April 2025; 15 working days after it, skipping Monday 5 May, is Tuesday 20 May.
    deadlines = incident_deadlines(aware=date(2025, 4, 17))
    assert deadlines.rapid_review_counted_from == date(2025, 4, 28)
    assert deadlines.rapid_review_due == date(2025, 5, 20)
    assert not deadlines.counted_from_notification


def test_a_notification_before_the_council_knew_is_refused():
    with pytest.raises(SafeguardError, match="cannot be before the council became aware"):
        incident_deadlines(aware=date(2025, 4, 17), notified=date(2025, 4, 16))


def test_a_practice_review_is_due_six_calendar_months_after_the_decision():
    assert practice_review_due(date(2025, 8, 29)) == date(2026, 2, 28)
    assert practice_review_due(date(2025, 1, 15)) == date(2025, 7, 15)


def test_the_command_prints_exactly_the_two_dates_as_json(capsys):
    assert run(["reviews", "timescales", "--aware", "2025-04-17", "--notified", "2025-04-24", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert out == '{"panel_notification_due": "2025-04-28", "rapid_review_due": "2025-05-16"}\n'
    assert json.loads(out) == {"panel_notification_due": "2025-04-28", "rapid_review_due": "2025-05-16"}


def test_the_command_without_a_notification_counts_from_its_due_date_and_says_so(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    assert run(["reviews", "timescales", "--aware", "2023-05-03", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"panel_notification_due": "2023-05-11", "rapid_review_due": "2023-06-02"}
    assert run(["reviews", "timescales", "--aware", "2023-05-03", "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "Thursday 11 May 2023" in out and "Friday 2 June 2023" in out
    assert "counted from the panel notification's due date" in out
    assert "Monday 8 May 2023" in out and "Monday 29 May 2023" in out  # the holidays it stepped over


def test_the_table_counts_from_the_notification_when_there_is_one(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    assert run(["reviews", "timescales", "--aware", "2025-12-22", "--notified", "2025-12-30"]) == 0
    out = capsys.readouterr().out
    assert "Wednesday 31 December 2025" in out and "Wednesday 21 January 2026" in out
    assert "from the notification, Tuesday 30 December 2025" in out
    assert "No notification date was given" not in out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--aware", "17/04/2025"], "--aware must be a date written YYYY-MM-DD"),
        (["--aware", "2025-04-17", "--notified", "2025-02-30"], "--notified must be a date written YYYY-MM-DD"),
        (["--aware", "2025-04-17", "--notified", "2025-04-01"], "cannot be before the council became aware"),
        (["--aware", "2025-04-17", "--format", "xml"], "--format must be json or table"),
    ],
)
def test_bad_input_is_one_plain_line_naming_the_option(capsys, arguments, message):
    assert run(["reviews", "timescales", *arguments]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err and len(captured.err.strip().splitlines()) == 1
