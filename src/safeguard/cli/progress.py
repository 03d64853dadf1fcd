"""The command line's progress display, for every long step (import, validate, pack, synth, demo).

It appears only once an operation has run for more than a second: the issue asks for "a
progress display on the command line for anything longer than a second", and a bar that
flashes up and vanishes for a quick command is noise. It is written to the error stream, so
the output stays clean to pipe, and not at all when that stream is not a terminal (a log file
gets no animation). It is transient: when the operation ends it is cleared, leaving only the
command's own answer.

The second is measured twice: a timer shows the display when the second passes, even in the
middle of one long step that reports nothing (printing a PDF), and every report checks the
clock too. Both the clock and the timer can be given, so tests use a fake clock and no sleeps.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from safeguard.annex_a.reader import Progress as ProgressReport

DELAY_SECONDS = 1.0
"""How long an operation runs before its progress is shown."""

Clock = Callable[[], float]
Cancel = Callable[[], None]
Schedule = Callable[[float, Callable[[], None]], Cancel]
"""Run an action after so many seconds, unless cancelled first (the returned function)."""


def after_seconds(seconds: float, action: Callable[[], None]) -> Cancel:
    """Run ``action`` on a background thread once ``seconds`` have passed, unless cancelled."""
    timer = threading.Timer(seconds, action)
    timer.daemon = True
    timer.start()
    return timer.cancel


class DelayedProgress:
    """A progress bar that keeps every report but shows nothing until it is due."""

    def __init__(self, console: Console, *, delay: float, clock: Clock) -> None:
        self.delay = delay
        self.clock = clock
        self.started_at = clock()
        self.shown = False
        self.finished = False
        self._lock = threading.Lock()
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self._task = self._progress.add_task("Starting", total=1.0)

    def report(self, step: str, fraction: float) -> None:
        """Told what is happening and the share done (0 to 1); shows the bar if a second has passed."""
        self._progress.update(self._task, description=step, completed=fraction)
        if self.clock() - self.started_at >= self.delay:
            self.show()

    def show(self) -> None:
        """Start showing the bar (once, and never after the operation has ended)."""
        with self._lock:
            if self.shown or self.finished:
                return
            self.shown = True
            self._progress.start()

    def finish(self) -> None:
        """The operation has ended: clear the bar if it was shown, and never show it after."""
        with self._lock:
            self.finished = True
            if self.shown:
                self._progress.stop()


@contextmanager
def progress_display(
    console: Console, *, delay: float = DELAY_SECONDS, clock: Clock = time.monotonic, schedule: Schedule = after_seconds
) -> Iterator[ProgressReport]:
    """Yields the callback the long steps report to: (what is happening, fraction done)."""
    display = DelayedProgress(console, delay=delay, clock=clock)
    cancel = schedule(delay, display.show)
    try:
        yield display.report
    finally:
        cancel()
        display.finish()
