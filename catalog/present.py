"""Store results as JSON-ready dicts: times as ISO 8601 UTC, open ends as null."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from catalog.clock import format_time
from catalog.diff import AttributeChange
from catalog.graph.reader import (
    Change,
    Dependent,
    History,
    Neighbour,
    ResourceVersion,
    group_by_type,
)
from catalog.graph.writer import RunSummary


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


def impact(uid: str, at: int, depth: int, found: list[Dependent]) -> dict[str, Any]:
    return {
        "uid": uid,
        "at": format_time(at),
        "depth": depth,
        "count": len(found),
        "by_type": group_by_type(found),
        "dependents": [asdict(dependent) for dependent in found],
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
