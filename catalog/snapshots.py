"""Snapshots: an application's working state pinned to exact State versions.

A snapshot records its time, its membership (why each asset is in) and, on
each membership edge, the asset's outgoing references at that time. It points
at State nodes, which are never changed once written, so later crawls,
deletions and `cairn prune` cannot alter what a snapshot restores.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from catalog.applications import Application, get_application, list_applications
from catalog.clock import now_ms, parse_time
from catalog.errors import CairnError, NotFound
from catalog.graph.lease import Holder, Lease, LeaseBusy, acquire, holders, snapshot_lease
from catalog.graph.reader import state_document
from catalog.graph.store import GraphStore
from catalog.graph.traversal import Hop
from catalog.graph.writer import RunSummary
from catalog.scope import Asset, OutsideReference, Scope, resolve

DAY_MS = 24 * 3600 * 1000
SNAPSHOT_ID_PREFIX = "snap-"
INTERRUPTED = "interrupted: the process taking it stopped"

# Brings the catalog up to date for an application (a crawl of its account and regions).
Refresh = Callable[[GraphStore, Application], RunSummary]


class SnapshotInProgress(CairnError):
    """Another snapshot of the same application has not finished."""


@dataclass(frozen=True)
class Snapshot:
    id: str
    application: str
    status: str  # taking | complete | failed
    trigger: str  # on-demand | schedule
    started_at: int
    at: int | None = None
    finished_at: int | None = None
    asset_count: int | None = None
    run: str | None = None  # the crawl that refreshed the catalog first, if any
    crawl_failures: int = 0  # partitions that crawl could not read (kept as last seen)
    error: str | None = None
    outside: list[OutsideReference] = field(default_factory=list)
    # The application's definition when it was taken: tags, regions, RPO and RTO.
    definition: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PinnedAsset:
    asset: Asset
    document: dict[str, Any]  # name, tags and properties of the pinned version


def take_snapshot(
    store: GraphStore,
    name: str,
    *,
    refresh: Refresh | None = None,
    trigger: str = "on-demand",
    on_progress: Callable[[str], None] = lambda _: None,
    on_begin: Callable[[str], None] = lambda _: None,
) -> Snapshot:
    """Refresh the catalog (if `refresh` is given), then pin the application's assets.

    Raises SnapshotInProgress if the same application is being snapshotted by a live
    process (one that was killed holds its lease no longer than the lease lasts); any
    other failure, an interruption included, is recorded on the snapshot (status
    failed) and re-raised. `on_begin` gets the id as soon as the snapshot is recorded
    as taking.
    """
    application = get_application(store, name)
    snapshot_id = _snapshot_id(now_ms())
    with _lease(store, application, snapshot_id):
        _begin(store, application, snapshot_id, trigger)
        on_begin(snapshot_id)
        try:
            summary = None
            if refresh is not None:
                on_progress(f"crawling {', '.join(application.regions) or 'the default region'}")
                summary = refresh(store, application)
            at = now_ms()
            scope = resolve(store, application, at, list_applications(store))
            on_progress(f"pinning {len(scope.assets)} assets")
            _pin(store, snapshot_id, application, scope, summary)
        except BaseException as error:
            fail_snapshot(store, snapshot_id, _reason(error))
            raise
    apply_retention(store, application)
    return get_snapshot(store, snapshot_id)


def fail_snapshot(store: GraphStore, snapshot_id: str, reason: str) -> bool:
    """Record why a snapshot being taken failed; whatever it pinned is released. False
    if it was no longer being taken: a complete snapshot is never failed afterwards."""
    return bool(store.write("fail_snapshot", id=snapshot_id, error=reason, finished_at=now_ms()))


def interrupted_snapshots(store: GraphStore, trigger: str) -> list[Snapshot]:
    """Snapshots still 'taking' whose process stopped: none holds their application's
    lease any more (it expired, or its process on this host is gone)."""
    taking = [_snapshot(row["snapshot"]) for row in store.read("snapshots_taking", trigger=trigger)]
    leases = holders(store, [snapshot_lease(snapshot.application) for snapshot in taking])
    return [
        snapshot
        for snapshot in taking
        if not _held_by(snapshot, *leases[snapshot_lease(snapshot.application)])
    ]


def time_of(store: GraphStore, text: str | None) -> int:
    """A TIME argument: ISO 8601, or a snapshot id standing for the time it was taken."""
    if text is None:
        return now_ms()
    if not text.startswith(SNAPSHOT_ID_PREFIX):
        return parse_time(text)
    snapshot = get_snapshot(store, text)
    if snapshot.at is None:
        raise CairnError(f"snapshot {snapshot.id} is {snapshot.status}: it has no time")
    return snapshot.at


def get_snapshot(store: GraphStore, snapshot_id: str) -> Snapshot:
    rows = store.read("snapshot_by_id", id=snapshot_id)
    if not rows:
        raise NotFound(f"no snapshot {snapshot_id!r} (see `cairn snapshot list APP`)")
    return _snapshot(rows[0]["snapshot"])


def list_snapshots(store: GraphStore, application: str) -> list[Snapshot]:
    """Newest first. Works for the snapshots of a deleted application's name too."""
    rows = store.read("snapshots_of_application", application=application)
    if not rows:
        get_application(store, application)  # unknown name: say so
    return [_snapshot(row["snapshot"]) for row in rows]


def pinned_assets(store: GraphStore, snapshot: Snapshot) -> list[PinnedAsset]:
    if snapshot.status != "complete":
        raise CairnError(f"snapshot {snapshot.id} is {snapshot.status}: it pins nothing")
    return [_pinned(row) for row in store.read("snapshot_assets", id=snapshot.id)]


def delete_snapshots(store: GraphStore, ids: list[str]) -> list[str]:
    return [row["id"] for row in store.write("delete_snapshots", ids=ids)]


def apply_retention(store: GraphStore, application: Application) -> list[str]:
    """Delete the complete snapshots neither retention rule keeps; returns their ids."""
    retention = application.retention
    if retention.keeps_everything:
        return []
    complete = [s for s in list_snapshots(store, application.name) if s.status == "complete"]
    horizon = now_ms() - (retention.keep_days or 0) * DAY_MS
    expired = [
        snapshot.id
        for index, snapshot in enumerate(complete)
        if not (retention.keep_last is not None and index < retention.keep_last)
        and not (retention.keep_days is not None and (snapshot.at or 0) >= horizon)
    ]
    return delete_snapshots(store, expired) if expired else []


def _lease(store: GraphStore, application: Application, snapshot_id: str) -> Lease:
    try:
        return acquire(store, snapshot_lease(application.name), snapshot_id)
    except LeaseBusy as busy:
        raise SnapshotInProgress(
            f"a snapshot of {application.name!r} is already being taken "
            f"({busy.held_by.describe()}); try again when it has finished"
        ) from None


def _begin(store: GraphStore, application: Application, snapshot_id: str, trigger: str) -> None:
    locked, _ = store.write_all(
        [
            ("lock_application", {"name": application.name, "by": snapshot_id}),
            (
                "begin_snapshot",
                {
                    "id": snapshot_id,
                    "application": application.name,
                    "trigger": trigger,
                    "started_at": now_ms(),
                    "interrupted": INTERRUPTED,
                },
            ),
        ]
    )
    if not locked:
        raise NotFound(f"no application named {application.name!r} (see `cairn app list`)")


def _held_by(snapshot: Snapshot, holder: Holder | None, now: int) -> bool:
    return holder is not None and holder.holder == snapshot.id and not holder.is_gone(now)


def _pin(
    store: GraphStore,
    snapshot_id: str,
    application: Application,
    scope: Scope,
    summary: RunSummary | None,
) -> None:
    assets = [_asset_row(asset) for asset in scope.assets]
    pinned, completed = store.write_all(
        [
            ("pin_snapshot", {"id": snapshot_id, "at": scope.at, "assets": assets}),
            (
                "complete_snapshot",
                {
                    "id": snapshot_id,
                    "at": scope.at,
                    "finished_at": now_ms(),
                    "expected": len(assets),
                    "outside": json.dumps([asdict(o) for o in scope.outside]),
                    "run": summary.id if summary else None,
                    "crawl_failures": _failed_partitions(summary),
                    "definition": json.dumps(snapshot_definition(application), sort_keys=True),
                },
            ),
        ]
    )
    if not completed:
        raise CairnError(
            f"the catalog changed while snapshot {snapshot_id} was being taken "
            f"({pinned[0]['pinned'] if pinned else 0} of {len(assets)} versions still current); "
            "take it again"
        )


def _asset_row(asset: Asset) -> dict[str, Any]:
    return {
        "uid": asset.uid,
        "hash": asset.hash,
        "reason": asset.reason,
        "path": json.dumps([asdict(hop) for hop in asset.path]),
        "references": json.dumps([asdict(hop) for hop in asset.references]),
    }


def _pinned(row: Any) -> PinnedAsset:
    asset = Asset(
        uid=row["uid"],
        type=row["type"],
        name=row["name"],
        account=row["account"],
        region=row["region"],
        hash=row["hash"],
        reason=row["reason"],
        path=tuple(Hop(**hop) for hop in json.loads(row["path"])),
        references=tuple(Hop(**hop) for hop in json.loads(row["references"])),
    )
    return PinnedAsset(asset, state_document(row))


def _snapshot(node: dict[str, Any]) -> Snapshot:
    outside = [
        OutsideReference(Hop(**item.pop("reference")), **item)
        for item in json.loads(node.get("outside") or "[]")
    ]
    return Snapshot(
        id=node["id"],
        application=node["application"],
        status=node["status"],
        trigger=node["trigger"],
        started_at=node["started_at"],
        at=node.get("at"),
        finished_at=node.get("finished_at"),
        asset_count=node.get("asset_count"),
        run=node.get("run"),
        crawl_failures=node.get("crawl_failures") or 0,
        error=node.get("error"),
        outside=outside,
        definition=json.loads(node.get("definition") or "{}"),
    )


def snapshot_definition(application: Application) -> dict[str, Any]:
    """The definition as it was when the snapshot was taken (it may change later)."""
    return {
        "tags": application.tags.as_dict(),
        "account": application.account,
        "regions": list(application.regions),
        "rpo_minutes": application.rpo_minutes,
        "rto_minutes": application.rto_minutes,
        "contacts": dict(application.contacts),
    }


def _failed_partitions(summary: RunSummary | None) -> int:
    if summary is None:
        return 0
    return sum(1 for partition in summary.partitions if partition.status == "failed")


def _snapshot_id(started_at: int) -> str:
    stamp = datetime.fromtimestamp(started_at / 1000, tz=UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{SNAPSHOT_ID_PREFIX}{stamp}-{secrets.token_hex(3)}"


def _reason(error: BaseException) -> str:
    if isinstance(error, KeyboardInterrupt):  # Ctrl-C, or a signal turned into one
        return str(error) or "interrupted"
    return str(error) if isinstance(error, CairnError) else f"{type(error).__name__}: {error}"
