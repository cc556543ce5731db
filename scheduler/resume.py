"""Scheduled snapshots that a crash interrupted run again as soon as the scheduler is back.

APScheduler moves a job to its next fire time before running it, so a scheduler killed
mid-snapshot (kill -9, out of memory, a lost node) would leave the application without
a snapshot for a whole period. A scheduled snapshot still 'taking' whose application
lease no one holds any more was interrupted: it is recorded as failed, and its
schedule's job runs now.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from apscheduler.schedulers.base import BaseScheduler

from catalog.graph.store import GraphStore
from catalog.schedules import SNAPSHOT
from catalog.snapshots import INTERRUPTED, fail_snapshot, interrupted_snapshots
from scheduler.jobs import SCHEDULED
from scheduler.sync import SCHEDULES_STORE

log = logging.getLogger(__name__)


def rerun_interrupted(scheduler: BaseScheduler, store: GraphStore) -> list[str]:
    """Fail each interrupted scheduled snapshot and run its schedule now; the job ids."""
    rerun = []
    for snapshot in interrupted_snapshots(store, SCHEDULED):
        if not fail_snapshot(store, snapshot.id, INTERRUPTED):
            continue  # it ended (completed) between the two reads: not interrupted
        job = scheduler.get_job(f"{SNAPSHOT}:{snapshot.application}", jobstore=SCHEDULES_STORE)
        if job is None:  # its schedule was removed since
            continue
        job.modify(next_run_time=datetime.now(UTC))
        log.info("snapshot %s was interrupted; %s runs again now", snapshot.id, job.id)
        rerun.append(job.id)
    return rerun
