"""Long work started by a mutation (a crawl, a snapshot that crawls first).

The mutation returns as soon as the work has recorded itself in the graph (a
Run or a Snapshot with status running/taking), so a portal can poll its status
there; the rest runs on a daemon thread. A failure before that point is the
mutation's error; after it, the graph records it (failed run or snapshot).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from catalog.errors import CairnError

log = logging.getLogger(__name__)
ANNOUNCE_TIMEOUT_S = 120
# Work that must wait for a lease before it can record itself (a crawl waiting for the
# one in progress) gives up well before the mutation would, so the caller hears why.
LEASE_WAIT_S = ANNOUNCE_TIMEOUT_S // 2

# Work receives a callback to announce the id it recorded itself under.
Work = Callable[[Callable[[str], None]], object]


class Background:
    def __init__(self) -> None:
        self.threads: list[threading.Thread] = []

    def start(self, name: str, work: Work) -> str:
        """Start `work`; return the id it announces, or raise what it raised first."""
        announced: queue.Queue[str | BaseException] = queue.Queue()

        def run() -> None:
            try:
                work(announced.put)
            except BaseException as error:  # recorded in the graph once announced
                announced.put(error)
                log.info("%s ended with an error: %s", name, error)

        thread = threading.Thread(target=run, name=name, daemon=True)
        thread.start()
        self.threads = [t for t in self.threads if t.is_alive()] + [thread]
        try:
            first = announced.get(timeout=ANNOUNCE_TIMEOUT_S)
        except queue.Empty:
            raise CairnError(f"{name} did not start within {ANNOUNCE_TIMEOUT_S} s") from None
        if isinstance(first, BaseException):
            raise first
        return first
