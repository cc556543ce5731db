"""The GraphQL object types, each built from the library's own dataclasses."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from catalog.clock import END_OF_TIME
from catalog.diff import AttributeChange as LibraryAttributeChange
from catalog.graph import reader
from catalog.graph.traversal import Hop as LibraryHop


def instant(ms: int | None) -> datetime | None:
    """UTC milliseconds as a datetime; None for absent times and open ends."""
    if ms is None or ms >= END_OF_TIME:
        return None
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


@strawberry.type
class AttributeChange:
    path: str
    before: JSON | None
    after: JSON | None

    @classmethod
    def of(cls, changes: list[LibraryAttributeChange]) -> list[AttributeChange]:
        return [cls(path=c.path, before=c.before, after=c.after) for c in changes]


@strawberry.type(description="One reference on a path: `source` refers to `target` by `field`.")
class Hop:
    source: str
    target: str
    field: str
    kind: str

    @classmethod
    def of(cls, hops: tuple[LibraryHop, ...] | list[LibraryHop]) -> list[Hop]:
        # Not dataclasses.asdict: it deep-copies each hop, and an impact of a few
        # thousand dependents has tens of thousands of hops.
        return [cls(source=h.source, target=h.target, field=h.field, kind=h.kind) for h in hops]


@strawberry.type
class TypeCount:
    type: str
    count: int

    @classmethod
    def of(cls, items: list[Any]) -> list[TypeCount]:
        return [cls(type=name, count=n) for name, n in reader.group_by_type(items).items()]


@strawberry.type
class Version:
    valid_from: datetime
    valid_to: datetime | None
    opened_by: str
    closed_by: str | None
    name: str | None
    tags: JSON
    properties: JSON
    changes: list[AttributeChange] = strawberry.field(
        description="Against the previous version; empty for the first."
    )

    @classmethod
    def of(cls, version: reader.Version) -> Version:
        return cls(
            valid_from=instant(version.valid_from),  # type: ignore[arg-type]
            valid_to=instant(version.valid_to),
            opened_by=version.opened_by,
            closed_by=version.closed_by,
            name=version.name,
            tags=JSON(version.tags),
            properties=JSON(version.properties),
            changes=AttributeChange.of(version.changes),
        )


@strawberry.type
class Change:
    uid: str
    type: str
    account: str
    region: str
    name: str | None
    kind: str = strawberry.field(description="created | changed | deleted | transient | reverted")
    changes: list[AttributeChange]

    @classmethod
    def of(cls, change: reader.Change) -> Change:
        return cls(
            uid=change.uid,
            type=change.type,
            account=change.account,
            region=change.region,
            name=change.name,
            kind=change.kind,
            changes=AttributeChange.of(change.changes),
        )


@strawberry.type
class Partition:
    account: str
    region: str
    type: str
    status: str
    observed: int | None
    error: str | None


@strawberry.type(description="A crawl, with each partition's outcome.")
class Run:
    id: str
    status: str = strawberry.field(description="running | committed | failed | abandoned")
    at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    stats: JSON | None
    error: str | None
    partitions: list[Partition]

    @classmethod
    def of(cls, run: dict[str, Any], partitions: list[dict[str, Any]]) -> Run:
        stats = run.get("stats")
        return cls(
            id=run["id"],
            status=run["status"],
            at=instant(run.get("at")) if run.get("status") == "committed" else None,
            started_at=instant(run.get("started_at")),
            finished_at=instant(run.get("finished_at")),
            stats=json.loads(stats) if stats else None,
            error=run.get("error"),
            partitions=[
                Partition(
                    account=p["account"],
                    region=p["region"],
                    type=p["type"],
                    status=p["status"],
                    observed=p.get("observed"),
                    error=p.get("error"),
                )
                for p in partitions
            ],
        )
