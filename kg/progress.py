"""Progress: what ``kg build`` shows on standard error while it runs.

On a terminal, a rich progress bar with documents done, documents per
second and the time left (when the number of documents is known); else
nothing until the summary line. Skipped inputs and duplicates are one line
each, either way (``--quiet`` keeps only those).
"""
from __future__ import annotations

import sys

from .build import Progress


class Lines(Progress):
    """No bar: one line for each skipped input or duplicate."""

    def report(self, message: str) -> None:
        print(f"kg: {message}", file=sys.stderr, flush=True)


class Bar(Lines):
    """A rich progress bar on standard error."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichProgress, TextColumn, \
            TimeElapsedColumn, TimeRemainingColumn

        self._bar = RichProgress(
            TextColumn("building"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} docs/s"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
            console=Console(stderr=True), transient=True,
        )
        self._task = None

    def start(self, total: int | None) -> None:
        self._bar.start()
        self._task = self._bar.add_task("build", total=total, rate="-")

    def advance(self, documents: int = 1) -> None:
        self._bar.advance(self._task, documents)
        task = self._bar.tasks[0]
        if task.speed:
            self._bar.update(self._task, rate=f"{task.speed:.1f}")

    def report(self, message: str) -> None:
        self._bar.console.print(f"kg: {message}", markup=False, highlight=False)

    def stop(self) -> None:
        self._bar.stop()


def for_terminal(quiet: bool) -> Lines:
    """A bar when standard error is a terminal and not quiet; else lines."""
    return Bar() if sys.stderr.isatty() and not quiet else Lines()
