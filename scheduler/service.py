"""The scheduler service: APScheduler with a persistent job store, synced from the graph.

Guarantees, and what gives them:
- jobs survive a restart: they live in a SQLAlchemy (SQLite) job store at the state path;
- a fire time missed while down runs once, if within the grace period: `coalesce` folds
  every missed time into one run, `misfire_grace_time` drops runs later than the grace;
- the same schedule (so the same application) never runs twice at once: `max_instances=1`;
- a scheduled snapshot a crash interrupted runs again at once (scheduler.resume);
- a clean stop: `shutdown(wait=True)` lets running jobs finish. APScheduler holds its
  job-store lock while it waits, and the sync job takes that lock: the stop waits for a
  sync in progress first, and no sync starts after it.
"""

from __future__ import annotations

import fcntl
import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from types import FrameType
from typing import IO

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from catalog.errors import CairnError
from catalog.graph.store import GraphStore
from catalog.neo4j_local import cairn_home
from catalog.schedules import list_schedules
from scheduler.resume import rerun_interrupted
from scheduler.sync import SCHEDULES_STORE, TARGETS, SyncResult, sync_jobs

log = logging.getLogger(__name__)

DEFAULT_GRACE_SECONDS = 3600
DEFAULT_SYNC_SECONDS = 30
JOB_WORKERS = 10
SYNC_JOB = "cairn:sync-schedules"
SIGNAL_POLL_S = 0.2  # how soon the main thread notices a stop signal


class SchedulerAlreadyRunning(CairnError):
    """Another `cairn scheduler` holds the same state file."""


def default_state_path() -> Path:
    return cairn_home() / "scheduler.sqlite"


@dataclass(frozen=True)
class ServiceOptions:
    state: Path
    grace_seconds: int = DEFAULT_GRACE_SECONDS
    sync_seconds: float = DEFAULT_SYNC_SECONDS


def build_scheduler(state: Path, grace_seconds: int) -> BackgroundScheduler:
    """A paused-until-started scheduler whose schedule jobs persist in SQLite at `state`."""
    state.parent.mkdir(parents=True, exist_ok=True)
    return BackgroundScheduler(
        jobstores={
            SCHEDULES_STORE: SQLAlchemyJobStore(url=f"sqlite:///{state}"),
            "default": MemoryJobStore(),
        },
        # Its own thread for the sync, so long snapshots can never delay picking up
        # a changed schedule.
        executors={"default": ThreadPoolExecutor(JOB_WORKERS), "sync": ThreadPoolExecutor(1)},
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": grace_seconds,
        },
        timezone=UTC,
    )


class SchedulerService:
    """Runs the schedules of the graph until stopped."""

    def __init__(
        self,
        options: ServiceOptions,
        open_store: Callable[[], GraphStore] = GraphStore.open,
        targets: Mapping[str, str] = TARGETS,
    ) -> None:
        self.options = options
        self.targets = targets
        self.store = open_store()
        self.scheduler = build_scheduler(options.state, options.grace_seconds)
        self._lock: IO[str] | None = None
        self._syncing = threading.Lock()
        self._stopping = False

    def start(self) -> SyncResult:
        """Sync before the first job can run, so a schedule removed while the service was
        down does not fire once more; then run. Raises CairnError if the graph is out of reach
        or another scheduler runs on the same state."""
        try:
            self._lock = _lock_state(self.options.state)
            self.scheduler.start(paused=True)
            result = self._sync()
        except BaseException:
            self._close(wait=False)
            raise
        self.scheduler.add_job(
            self.sync,
            "interval",
            seconds=self.options.sync_seconds,
            id=SYNC_JOB,
            executor="sync",
            misfire_grace_time=None,  # late is better than never for the sync itself
        )
        self.scheduler.resume()
        log.info(
            "scheduler started: %d schedules, state %s, grace %ss, sync every %ss",
            len(result.added) + len(result.replaced) + len(result.kept),
            self.options.state,
            self.options.grace_seconds,
            self.options.sync_seconds,
        )
        return result

    def sync(self) -> SyncResult | None:
        """The periodic sync: a graph out of reach is logged, and the next sync tries again."""
        with self._syncing:
            if self._stopping:
                return None
            try:
                return self._sync()
            except CairnError as error:
                log.warning("could not read the schedules (keeping the current jobs): %s", error)
                return None

    def stop(self) -> None:
        """Let running jobs finish, then close; jobs not started wait in the state file."""
        with self._syncing:
            self._stopping = True
        self._close(wait=True)
        log.info("scheduler stopped")

    def _close(self, wait: bool) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=wait)
        self.store.close()
        if self._lock is not None:
            self._lock.close()  # releases the flock
            self._lock = None

    def _sync(self) -> SyncResult:
        schedules = list_schedules(self.store)
        result = sync_jobs(self.scheduler, schedules, self.options.grace_seconds, self.targets)
        # On every sync, not only at start: a snapshot killed on another host is known
        # interrupted only once its lease has expired.
        result.rerun = rerun_interrupted(self.scheduler, self.store)
        return result


def _lock_state(state: Path) -> IO[str]:
    """One scheduler per state file: two would run every job twice. The lock is the
    kernel's (flock), so it goes away with the process however it ends."""
    lock = state.with_name(state.name + ".lock").open("w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        raise SchedulerAlreadyRunning(
            f"another cairn scheduler is running on {state}; stop it first"
        ) from None
    return lock


def run_until_signalled(options: ServiceOptions) -> SyncResult:
    """Run the service until SIGTERM or SIGINT; returns the first sync's result."""
    received: list[signal.Signals] = []
    with _record_signals(received):
        service = SchedulerService(options)
        result = service.start()
        try:
            while not received:
                time.sleep(SIGNAL_POLL_S)
            log.info("received %s, stopping after running jobs finish", received[0].name)
        finally:
            service.stop()
    return result


@contextmanager
def _record_signals(received: list[signal.Signals]) -> Iterator[None]:
    """The handler only appends: it runs on the main thread wherever that thread is, so
    taking a lock there (an Event's, logging's) could wait on the main thread itself."""

    def handle(signum: int, _frame: FrameType | None) -> None:
        received.append(signal.Signals(signum))

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
