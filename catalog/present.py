"""Store results as JSON-ready dicts: times as ISO 8601 UTC, open ends as null."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from catalog.applications import Application
from catalog.clock import format_time
from catalog.diff import AttributeChange
from catalog.graph.impact import Impact
from catalog.graph.reader import (
    Change,
    History,
    Neighbour,
    ResourceVersion,
    group_by_type,
)
from catalog.graph.writer import RunSummary
from catalog.prune import PruneResult
from catalog.scope import Asset, OutsideReference, Scope
from catalog.snapshot_diff import SnapshotDiff
from catalog.snapshots import PinnedAsset, Snapshot


def attribute_changes(changes: list[AttributeChange]) -> list[dict[str, Any]]:
    return [asdict(change) for change in changes]


def resource(
    version: ResourceVersion, out: list[Neighbour], into: list[Neighbour]
) -> dict[str, Any]:
    return {
        **_interval_dict(version),
        "references": [_interval_dict(n) for n in out],
        "referenced_by": [_interval_dict(n) for n in into],
    }


def history(found: History) -> dict[str, Any]:
    return {
        "uid": found.uid,
        "type": found.type,
        "unresolved": found.unresolved,
        "versions": [
            {**_interval_dict(v), "changes": attribute_changes(v.changes)} for v in found.versions
        ],
        "references": [_interval_dict(r) for r in found.references],
    }


def changes(since: int, until: int, found: list[Change]) -> dict[str, Any]:
    return {
        "since": format_time(since),
        "until": format_time(until),
        "count": len(found),
        "changes": [asdict(change) for change in found],
    }


def impact(uid: str, at: int, depth: int, found: Impact) -> dict[str, Any]:
    return {
        "uid": uid,
        "at": format_time(at),
        "depth": depth,
        "count": found.count,
        "by_type": found.by_type,
        "dependents": [asdict(dependent) for dependent in found.dependents],
    }


def run_summary(summary: RunSummary) -> dict[str, Any]:
    return {
        "run": summary.id,
        "at": format_time(summary.at),
        "stats": asdict(summary.stats),
        "partitions": [
            {**asdict(p.partition), "status": p.status, "observed": p.observed, "error": p.error}
            for p in summary.partitions
        ],
    }


def _interval_dict(item: Any) -> dict[str, Any]:
    data = asdict(item)
    data["valid_from"] = format_time(data["valid_from"])
    data["valid_to"] = format_time(data["valid_to"])
    return data


def application(app: Application) -> dict[str, Any]:
    return {
        "name": app.name,
        "tags": app.tags.as_dict(),
        "account": app.account,
        "regions": list(app.regions),
        "rpo_minutes": app.rpo_minutes,
        "rto_minutes": app.rto_minutes,
        "contacts": dict(app.contacts),
        "keep_last": app.retention.keep_last,
        "keep_days": app.retention.keep_days,
        "created_at": format_time(app.created_at),
    }


def scope(found: Scope) -> dict[str, Any]:
    return {
        "application": found.application,
        "at": format_time(found.at),
        **assets(found.assets),
        "outside": [outside_reference(item) for item in found.outside],
    }


def assets(found: list[Asset]) -> dict[str, Any]:
    return {
        "count": len(found),
        "by_type": group_by_type(found),
        "assets": [
            {
                "uid": asset.uid,
                "type": asset.type,
                "name": asset.name,
                "account": asset.account,
                "region": asset.region,
                "reason": asset.reason,
                "path": [asdict(hop) for hop in asset.path],
            }
            for asset in found
        ],
    }


def outside_reference(item: OutsideReference) -> dict[str, Any]:
    return {
        **asdict(item.reference),
        "target_type": item.target_type,
        "reason": item.reason,
        "owner": item.owner,
    }


def snapshot(found: Snapshot) -> dict[str, Any]:
    return {
        "id": found.id,
        "application": found.application,
        "status": found.status,
        "trigger": found.trigger,
        "started_at": format_time(found.started_at),
        "at": format_time(found.at),
        "finished_at": format_time(found.finished_at),
        "asset_count": found.asset_count,
        "run": found.run,
        "crawl_failures": found.crawl_failures,
        "error": found.error,
    }


def snapshot_contents(found: Snapshot, pinned: list[PinnedAsset]) -> dict[str, Any]:
    """The snapshot with each asset's pinned tags and properties: what a restore gets."""
    listed = assets([item.asset for item in pinned])
    for entry, item in zip(listed["assets"], pinned, strict=True):
        entry.update(tags=item.document["tags"], properties=item.document["properties"])
    return {
        **snapshot(found),
        **listed,
        "outside": [outside_reference(item) for item in found.outside],
    }


def snapshot_diff(found: SnapshotDiff) -> dict[str, Any]:
    counts = {kind: 0 for kind in ("added", "removed", "changed")}
    for change in found.changes:
        counts[change.kind] += 1
    return {
        "before": found.before,
        "after": found.after,
        "before_at": format_time(found.before_at),
        "after_at": format_time(found.after_at),
        "counts": {**counts, "unchanged": found.unchanged},
        "changes": [asdict(change) for change in found.changes],
    }


def prune(result: PruneResult) -> dict[str, Any]:
    return {
        **asdict(result),
        "cutoff": format_time(result.cutoff),
        "requested_cutoff": format_time(result.requested_cutoff),
    }
