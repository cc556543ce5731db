"""What a scheduled job does. APScheduler stores jobs by reference ("scheduler.jobs:NAME")
with plain arguments, so these are module-level functions taking names and lists only.

Each job opens its own store: jobs run on the executor's threads, and a store per run
means a job that hangs on Neo4j never holds another's connection.
"""

from __future__ import annotations

import logging
import time

from catalog.aws.crawler import application_refresh, select_types
from catalog.aws.crawler import crawl as crawl_account
from catalog.aws.session import AwsAccount
from catalog.errors import CairnError
from catalog.graph.store import GraphStore
from catalog.snapshots import take_snapshot as take_application_snapshot

log = logging.getLogger(__name__)

TAKE_SNAPSHOT = "scheduler.jobs:take_snapshot"
CRAWL = "scheduler.jobs:crawl"
SCHEDULED = "schedule"  # the trigger recorded on the snapshots these jobs take


def take_snapshot(application: str, profile: str | None = None) -> None:
    """Crawl the application's account and regions, then pin it as a Snapshot."""
    started = time.monotonic()
    log.info("snapshot of %s: started", application)
    try:
        # Jobs that crawl take turns through the graph's crawl lease, like every crawl.
        with GraphStore.open() as store:
            snapshot = take_application_snapshot(
                store, application, refresh=application_refresh(profile), trigger=SCHEDULED
            )
    except CairnError as error:
        # take_snapshot has recorded the failure on the Snapshot node (or, when another
        # snapshot of the application is running, there is nothing to record).
        log.error("snapshot of %s: failed: %s", application, error)
        return
    except Exception:
        log.exception("snapshot of %s: failed unexpectedly", application)
        return
    log.info(
        "snapshot of %s: %s %s, %s assets in %.1fs",
        application,
        snapshot.status,
        snapshot.id,
        snapshot.asset_count,
        time.monotonic() - started,
    )


def crawl(profile: str | None, regions: list[str]) -> None:
    """Crawl every service of an account's regions as one Run."""
    started = time.monotonic()
    label = f"crawl of {profile or 'default profile'} in {', '.join(regions)}"
    log.info("%s: started", label)
    try:
        with GraphStore.open() as store:
            summary = crawl_account(store, AwsAccount.connect(profile), regions, select_types())
    except CairnError as error:
        log.error("%s: failed: %s", label, error)
        return
    except Exception:
        log.exception("%s: failed unexpectedly", label)
        return
    failed = sum(1 for partition in summary.partitions if partition.status == "failed")
    log.info(
        "%s: run %s, %d resources seen, %d partitions failed in %.1fs",
        label,
        summary.id,
        summary.stats.observed,
        failed,
        time.monotonic() - started,
    )
