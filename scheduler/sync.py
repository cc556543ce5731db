"""Keep APScheduler's jobs equal to the Schedule nodes in the graph.

A job is replaced only when its definition changed: replacing an unchanged job would
recompute its next run time from now, so a fire time missed while the scheduler was
down (or was about to fire) would silently be skipped instead of run once. For the
same reason a new or changed job's first run is counted from when its schedule was
set, not from when this sync saw it: a schedule set while the scheduler was down
keeps its first fire (run once at start if within the grace).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger

from catalog.schedules import CRAWL, SNAPSHOT, Schedule, build_trigger
from scheduler import jobs

log = logging.getLogger(__name__)

SCHEDULES_STORE = "schedules"  # the persistent job store; the sync job itself lives in memory
# What each kind of schedule runs, by reference, so the job store can pickle the job.
TARGETS: Mapping[str, str] = {SNAPSHOT: jobs.TAKE_SNAPSHOT, CRAWL: jobs.CRAWL}


@dataclass
class SyncResult:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    rerun: list[str] = field(default_factory=list)  # interrupted by a crash: run now


def sync_jobs(
    scheduler: BaseScheduler,
    schedules: list[Schedule],
    grace_seconds: int,
    targets: Mapping[str, str] = TARGETS,
) -> SyncResult:
    """Add, replace and remove jobs of the persistent store so it matches `schedules`."""
    result = SyncResult()
    wanted = {schedule.id: schedule for schedule in schedules}
    for job in scheduler.get_jobs(jobstore=SCHEDULES_STORE):
        if job.id not in wanted:
            scheduler.remove_job(job.id, jobstore=SCHEDULES_STORE)
            result.removed.append(job.id)
            log.info("schedule %s removed", job.id)
    for schedule in schedules:
        job = scheduler.get_job(schedule.id, jobstore=SCHEDULES_STORE)
        if job is not None and job.name == schedule.signature:
            if job.misfire_grace_time != grace_seconds:
                # A new --grace-seconds applies to existing jobs without moving their next run.
                scheduler.modify_job(
                    job.id, jobstore=SCHEDULES_STORE, misfire_grace_time=grace_seconds
                )
            result.kept.append(schedule.id)
            continue
        trigger = build_trigger(schedule)
        added = scheduler.add_job(
            targets[schedule.kind],
            trigger=trigger,
            next_run_time=_first_fire(schedule, trigger, grace_seconds),
            args=_arguments(schedule),
            id=schedule.id,
            # The signature doubles as the job's name: it is what the next sync compares.
            name=schedule.signature,
            jobstore=SCHEDULES_STORE,
            replace_existing=True,
            misfire_grace_time=grace_seconds,
        )
        replaced = job is not None
        (result.replaced if replaced else result.added).append(schedule.id)
        what = "replaced" if replaced else "added"
        log.info("schedule %s %s, next run %s", schedule.id, what, added.next_run_time)
    return result


def _first_fire(schedule: Schedule, trigger: BaseTrigger, grace_seconds: int) -> datetime | None:
    """The first fire time after the schedule was set; from now if that is already
    later than the grace allows (APScheduler would skip it anyway)."""
    now = datetime.now(UTC)
    set_at = datetime.fromtimestamp(schedule.updated_at / 1000, UTC)
    if isinstance(trigger, IntervalTrigger):
        # Its own start is when it was built (this sync), not when the schedule was set.
        first: datetime | None = set_at + trigger.interval
    else:
        first = trigger.get_next_fire_time(None, set_at)
    if first is not None and first >= now - timedelta(seconds=grace_seconds):
        return first
    return trigger.get_next_fire_time(None, now)


def _arguments(schedule: Schedule) -> list[Any]:
    if schedule.kind == SNAPSHOT:
        return [schedule.application, schedule.profile]
    return [schedule.profile, list(schedule.regions)]
