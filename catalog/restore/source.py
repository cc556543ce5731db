"""What a restore plan starts from: a snapshot, or an application at any past time.

A point in time reads the application's scope and the versions valid then
from the catalog's history, as a snapshot would have pinned them; it is
labelled `APP@TIME` in the output instead of a snapshot id.
"""

from __future__ import annotations

from typing import Any

from catalog.applications import get_application, list_applications
from catalog.clock import format_time
from catalog.graph.reader import GraphReader
from catalog.graph.store import GraphStore
from catalog.scope import resolve
from catalog.snapshots import (
    PinnedAsset,
    Snapshot,
    get_snapshot,
    pinned_assets,
    snapshot_definition,
)


def from_snapshot(store: GraphStore, snapshot_id: str) -> tuple[Snapshot, list[PinnedAsset]]:
    snapshot = get_snapshot(store, snapshot_id)
    return snapshot, pinned_assets(store, snapshot)


def existing_now(store: GraphStore, pinned: list[PinnedAsset]) -> dict[str, dict[str, Any]]:
    """The pinned resources the catalog says exist now, with their properties now: what a
    restore in place adopts (and, for their parts, which still exist)."""
    uids = [p.asset.uid for p in pinned]
    return {v.uid: v.properties for v in GraphReader(store).resources_at(uids)}


def at_time(store: GraphStore, name: str, at: int) -> tuple[Snapshot, list[PinnedAsset]]:
    """The application as the catalog saw it at `at`; EmptyScope before its first crawl."""
    application = get_application(store, name)
    scope = resolve(store, application, at, list_applications(store))
    versions = {
        version.uid: version.document
        for version in GraphReader(store).resources_at([a.uid for a in scope.assets], at)
    }
    label = f"{name}@{format_time(at)}"
    snapshot = Snapshot(
        id=label,
        application=name,
        status="point-in-time",
        trigger="restore",
        started_at=at,
        at=at,
        asset_count=len(scope.assets),
        outside=scope.outside,
        definition=snapshot_definition(application),
    )
    return snapshot, [PinnedAsset(asset, versions[asset.uid]) for asset in scope.assets]
