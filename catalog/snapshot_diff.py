"""What differs between two snapshots of an application, or a snapshot and now."""

from __future__ import annotations

from dataclasses import dataclass, field

from catalog.applications import get_application, list_applications
from catalog.clock import now_ms
from catalog.diff import AttributeChange, diff
from catalog.errors import CairnError
from catalog.graph.reader import GraphReader
from catalog.graph.store import GraphStore
from catalog.scope import Asset, resolve
from catalog.snapshots import PinnedAsset, Snapshot, get_snapshot, pinned_assets

NOW = "now"


@dataclass(frozen=True)
class AssetChange:
    uid: str
    type: str
    name: str | None
    kind: str  # added | removed | changed
    changes: list[AttributeChange] = field(default_factory=list)


@dataclass(frozen=True)
class SnapshotDiff:
    before: str  # snapshot id
    after: str  # snapshot id, or "now"
    before_at: int
    after_at: int
    changes: list[AssetChange]
    unchanged: int


def diff_by_id(store: GraphStore, before_id: str, after_id: str | None) -> SnapshotDiff:
    """Snapshot `before_id` against snapshot `after_id` of the same application, or against
    the catalog now when `after_id` is None."""
    before = get_snapshot(store, before_id)
    if after_id is None:
        return diff_with_now(store, before)
    after = get_snapshot(store, after_id)
    if after.application != before.application:
        raise CairnError(
            f"{before.id} is of {before.application!r} but {after.id} is of "
            f"{after.application!r}: diff snapshots of one application"
        )
    return diff_snapshots(store, before, after)


def diff_snapshots(store: GraphStore, before: Snapshot, after: Snapshot) -> SnapshotDiff:
    return _compare(
        before,
        after.id,
        after.at or 0,
        _by_uid(pinned_assets(store, before)),
        _by_uid(pinned_assets(store, after)),
    )


def diff_with_now(store: GraphStore, before: Snapshot) -> SnapshotDiff:
    """The snapshot against the application's scope as the catalog sees it now."""
    application = get_application(store, before.application)
    at = now_ms()
    scope = resolve(store, application, at, list_applications(store))
    old = _by_uid(pinned_assets(store, before))
    # Only versions that differ need their documents read.
    differing = [a.uid for a in scope.assets if a.uid not in old or a.hash != old[a.uid].asset.hash]
    documents = {
        version.uid: version.document for version in GraphReader(store).resources_at(differing, at)
    }
    new = {
        asset.uid: PinnedAsset(
            asset, documents[asset.uid] if asset.uid in documents else old[asset.uid].document
        )
        for asset in scope.assets
    }
    return _compare(before, NOW, at, old, new)


def _compare(
    before: Snapshot,
    after_id: str,
    after_at: int,
    old: dict[str, PinnedAsset],
    new: dict[str, PinnedAsset],
) -> SnapshotDiff:
    changes: list[AssetChange] = []
    unchanged = 0
    for uid in sorted(old.keys() | new.keys()):
        was, now = old.get(uid), new.get(uid)
        if was is None:
            changes.append(_whole(now, "added"))  # type: ignore[arg-type]
        elif now is None:
            changes.append(_whole(was, "removed"))
        elif was.asset.hash == now.asset.hash:
            unchanged += 1
        else:
            changes.append(_changed(was, now))
    return SnapshotDiff(before.id, after_id, before.at or 0, after_at, changes, unchanged)


def _whole(pinned: PinnedAsset, kind: str) -> AssetChange:
    return AssetChange(pinned.asset.uid, pinned.asset.type, pinned.asset.name, kind)


def _changed(was: PinnedAsset, now: PinnedAsset) -> AssetChange:
    changes = diff(was.document, now.document)
    if not changes:
        # Same attributes, other targets: a reference now resolves elsewhere.
        changes = diff(_targets(was.asset), _targets(now.asset), "references")
    return AssetChange(now.asset.uid, now.asset.type, now.asset.name, "changed", changes)


def _targets(asset: Asset) -> dict[str, str]:
    return {hop.field: hop.target for hop in asset.references}


def _by_uid(assets: list[PinnedAsset]) -> dict[str, PinnedAsset]:
    return {pinned.asset.uid: pinned for pinned in assets}
