"""The command line's progress display appears only once an operation has run for more than a
second, on the error stream, and never when that stream is not a terminal. A fake clock and a
timer fired by hand stand in for time: no test here sleeps."""

from __future__ import annotations

import io
from collections.abc import Callable

from rich.console import Console

from safeguard.cli.progress import progress_display


class FakeTime:
    """A clock the test moves, and a timer the test fires."""

    def __init__(self) -> None:
        self.now = 100.0
        self.scheduled: list[tuple[float, Callable[[], None]]] = []
        self.cancelled = False

    def clock(self) -> float:
        return self.now

    def schedule(self, seconds: float, action: Callable[[], None]) -> Callable[[], None]:
        self.scheduled.append((seconds, action))

        def cancel() -> None:
            self.cancelled = True

        return cancel


def _terminal() -> tuple[Console, io.StringIO]:
    sink = io.StringIO()
    return Console(file=sink, force_terminal=True, width=100), sink


def test_an_operation_shorter_than_a_second_shows_nothing():
    time, (console, sink) = FakeTime(), _terminal()
    with progress_display(console, clock=time.clock, schedule=time.schedule) as report:
        report("Reading the lists", 0.2)
        time.now += 0.999
        report("Checking the rows", 0.9)
    assert sink.getvalue() == "" and time.cancelled
    assert [seconds for seconds, _ in time.scheduled] == [1.0]


def test_a_report_after_a_second_shows_the_step_it_is_on():
    time, (console, sink) = FakeTime(), _terminal()
    with progress_display(console, clock=time.clock, schedule=time.schedule) as report:
        report("Reading the lists", 0.2)
        assert sink.getvalue() == ""
        time.now += 1.0
        report("Checking the rows", 0.5)
        assert "Checking the rows" in sink.getvalue() and "Reading the lists" not in sink.getvalue()


def test_a_long_step_that_reports_nothing_is_shown_when_the_timer_fires():
    time, (console, sink) = FakeTime(), _terminal()
    with progress_display(console, clock=time.clock, schedule=time.schedule) as report:
        report("Printing the PDF", 0.6)
        [(_, fire)] = time.scheduled
        fire()
        assert "Printing the PDF" in sink.getvalue()


def test_the_timer_firing_after_the_operation_ended_shows_nothing():
    time, (console, sink) = FakeTime(), _terminal()
    with progress_display(console, clock=time.clock, schedule=time.schedule) as report:
        report("Done", 1.0)
    [(_, fire)] = time.scheduled
    fire()
    assert sink.getvalue() == ""


def test_nothing_is_written_when_the_stream_is_not_a_terminal():
    time, sink = FakeTime(), io.StringIO()
    console = Console(file=sink, force_terminal=False)
    with progress_display(console, clock=time.clock, schedule=time.schedule) as report:
        time.now += 5.0
        report("Checking the rows", 0.5)
        time.scheduled[0][1]()
    assert sink.getvalue() == ""
