"""Pruning history no snapshot and no retention window needs.

History is what answers "what did it look like at T"; pruning gives up those
answers before a cutoff in exchange for space. It never touches a version a
snapshot pins, nor anything that ended inside an application's retention
window (`--keep-days`), so every snapshot still restores what it pinned.

It also discards what crawls that failed or were abandoned left staged (versions and
references that were never committed, so never visible): normally they discard it
themselves, but a process that stalled past its lease may have staged more after.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from catalog.applications import list_applications
from catalog.clock import now_ms
from catalog.graph.store import GraphStore
from catalog.snapshots import DAY_MS

BATCH = 10_000


@dataclass(frozen=True)
class PruneResult:
    cutoff: int  # what ended before this time went (or would go)
    requested_cutoff: int
    held_by: str | None  # the application whose retention window moved the cutoff back
    versions: int
    references: int
    resources: int | None  # None in a dry run
    dry_run: bool
    staged: int | None = None  # versions and references failed crawls left; None in a dry run


def prune(
    store: GraphStore,
    older_than_days: int,
    dry_run: bool = False,
    on_progress: Callable[[str], None] = lambda _: None,
) -> PruneResult:
    now = now_ms()
    requested = now - older_than_days * DAY_MS
    cutoff, held_by = _respect_retention(store, requested, now)
    if dry_run:
        row = store.read("prune_candidates", cutoff=cutoff)[0]
        return PruneResult(
            cutoff, requested, held_by, row["versions"], row["references"], None, True
        )
    discarded = store.write("discard_dead_runs")[0]
    versions = _in_batches(store, "prune_versions", cutoff, on_progress)
    references = _in_batches(store, "prune_references", cutoff, on_progress)
    resources = _in_batches(store, "prune_resources", cutoff, on_progress)
    return PruneResult(
        cutoff,
        requested,
        held_by,
        versions,
        references,
        resources + discarded["resources"],
        False,
        discarded["versions"] + discarded["references"],
    )


def _respect_retention(store: GraphStore, requested: int, now: int) -> tuple[int, str | None]:
    windows = [
        (now - app.retention.keep_days * DAY_MS, app.name)
        for app in list_applications(store)
        if app.retention.keep_days is not None
    ]
    earliest = min(windows, default=None)
    if earliest is not None and earliest[0] < requested:
        return earliest
    return requested, None


def _in_batches(
    store: GraphStore, name: str, cutoff: int, on_progress: Callable[[str], None]
) -> int:
    """Small transactions, so a large prune neither holds locks long nor fills the heap."""
    total = 0
    while True:
        deleted = store.write(name, cutoff=cutoff, batch=BATCH)[0]["deleted"]
        total += deleted
        if deleted < BATCH:
            return total
        on_progress(f"{name.removeprefix('prune_')}: {total} deleted so far")
