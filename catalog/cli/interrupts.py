"""SIGTERM ends long work the way Ctrl-C does: cleanly.

CI timeouts, systemd and Kubernetes stop a process with SIGTERM, whose default
action kills it on the spot: a snapshot stays 'taking' and a run keeps its staged
work until its lease lapses. Inside `interruptible()` SIGTERM and SIGINT raise
Interrupted (a KeyboardInterrupt) instead, so the work records itself as failed,
discards what it staged and gives its leases back on the way out; the command then
ends with one line and exit code 128 + the signal's number (143 for SIGTERM).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

import typer

SIGNALS = (signal.SIGTERM, signal.SIGINT)
RETRY_S = 0.05
Handler = Callable[[int, FrameType | None], Any] | int | None


class Interrupted(KeyboardInterrupt):
    """The work was stopped by a signal; the exit code says which (128 + its number)."""

    def __init__(self, signum: int) -> None:
        self.signal = signal.Signals(signum)
        super().__init__(f"interrupted by {self.signal.name}")

    @property
    def exit_code(self) -> int:
        return 128 + self.signal.value


@contextmanager
def interruptible() -> Iterator[None]:
    previous = {sig: signal.getsignal(sig) for sig in SIGNALS}

    def stop(signum: int, frame: FrameType | None) -> None:
        if _inside_the_driver(frame):
            # Raising mid-message would leave a Neo4j connection unreadable, and the
            # cleanup needs the driver: ask again once this call is done.
            threading.Timer(RETRY_S, os.kill, (os.getpid(), signum)).start()
            return
        # A second signal while cleaning up gets the previous (default) behaviour:
        # whoever sends it twice wants the process gone now.
        _restore(previous)
        raise Interrupted(signum)

    for sig in SIGNALS:
        signal.signal(sig, stop)
    try:
        yield
    except Interrupted as interrupted:
        # The work has cleaned up on its way here; what is left is to say so, once.
        print(f"cairn: {interrupted}", file=sys.stderr)
        raise typer.Exit(interrupted.exit_code) from None
    finally:
        _restore(previous)


def _inside_the_driver(frame: FrameType | None) -> bool:
    while frame is not None:
        if str(frame.f_globals.get("__name__", "")).startswith("neo4j"):
            return True
        frame = frame.f_back
    return False


def _restore(handlers: dict[signal.Signals, Handler]) -> None:
    for sig, handler in handlers.items():
        signal.signal(sig, handler)
