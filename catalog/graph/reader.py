"""As-of reads of the versioned graph. Every read takes `at` (UTC ms), default now."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from neo4j import Record

from catalog.clock import now_ms
from catalog.diff import AttributeChange, diff
from catalog.errors import NotFound
from catalog.graph.absence import Lifespan
from catalog.graph.impact import Impact, impact_request
from catalog.graph.store import GraphStore

DEFAULT_IMPACT_DEPTH = 5


@dataclass(frozen=True)
class ResourceVersion:
    """A resource as it was during [valid_from, valid_to)."""

    uid: str
    type: str
    account: str
    region: str
    name: str | None
    tags: dict[str, str]
    properties: dict[str, Any]
    valid_from: int
    valid_to: int

    @property
    def document(self) -> dict[str, Any]:
        """What its State holds: name, tags and properties (see state_document)."""
        return {"name": self.name, "tags": self.tags, "properties": self.properties}


@dataclass(frozen=True)
class Neighbour:
    """The other end of a reference valid at the asked time."""

    uid: str
    type: str | None
    name: str | None
    field: str
    kind: str
    valid_from: int
    valid_to: int
    present: bool  # the other end has a version at that time
    unresolved: bool  # never crawled: a stub kept so the reference is not lost


@dataclass(frozen=True)
class Version:
    valid_from: int
    valid_to: int
    opened_by: str  # the run that saw this version first
    closed_by: str | None  # the run that saw it change or disappear
    name: str | None
    tags: dict[str, str]
    properties: dict[str, Any]
    changes: list[AttributeChange]  # against the previous version; empty for the first


@dataclass(frozen=True)
class ReferenceInterval:
    target: str
    field: str
    kind: str
    valid_from: int
    valid_to: int


@dataclass(frozen=True)
class History:
    uid: str
    type: str | None
    unresolved: bool
    versions: list[Version]
    references: list[ReferenceInterval]


@dataclass(frozen=True)
class Change:
    """What happened to one resource between two times.

    kind: created | deleted | changed | transient (created and deleted inside
    the window) | reverted (changed and changed back).
    """

    uid: str
    type: str
    account: str
    region: str
    name: str | None
    kind: str
    changes: list[AttributeChange]


class GraphReader:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def resource_at(self, uid: str, at: int | None = None) -> ResourceVersion | None:
        rows = self.store.read("resource_at", uid=uid, at=_at(at))
        return resource_version(rows[0]) if rows else None

    def existing_at(self, uid: str, at: int) -> ResourceVersion:
        """Its version at `at`, or NotFound saying why it had none (not yet, or gone)."""
        version = self.resource_at(uid, at)
        if version is None:
            lifespan = Lifespan.of(self.store.read("resource_lifespan", uid=uid, at=at)[0])
            raise lifespan.absence(uid, at)
        return version

    def resources_at(self, uids: list[str], at: int | None = None) -> list[ResourceVersion]:
        return [
            resource_version(row) for row in self.store.read("resources_at", uids=uids, at=_at(at))
        ]

    def references_out(self, uid: str, at: int | None = None) -> list[Neighbour]:
        return [
            Neighbour(**row.data())
            for row in self.store.read("references_out_at", uid=uid, at=_at(at))
        ]

    def references_in(self, uid: str, at: int | None = None) -> list[Neighbour]:
        return [
            Neighbour(**row.data())
            for row in self.store.read("references_in_at", uid=uid, at=_at(at))
        ]

    def history(self, uid: str) -> History:
        identity = self.store.read("resource_identity", uid=uid)
        if not identity:
            raise NotFound(f"no resource with uid {uid!r} in the catalog")
        versions: list[Version] = []
        previous: dict[str, Any] | None = None
        for row in self.store.read("state_history", uid=uid):
            document = state_document(row)
            changes = diff(previous, document) if previous is not None else []
            versions.append(
                Version(
                    row["valid_from"],
                    row["valid_to"],
                    row["opened_by"],
                    row["closed_by"],
                    changes=changes,
                    **document,
                )
            )
            previous = document
        references = [
            ReferenceInterval(
                row["uid"], row["field"], row["kind"], row["valid_from"], row["valid_to"]
            )
            for row in self.store.read("reference_history", uid=uid)
        ]
        return History(uid, identity[0]["type"], identity[0]["unresolved"], versions, references)

    def changes(self, since: int, until: int | None = None) -> list[Change]:
        rows = self.store.read("changes_between", since=since, until=_at(until))
        return [_change(row) for row in rows]

    def impact(self, uid: str, at: int | None = None, depth: int = DEFAULT_IMPACT_DEPTH) -> Impact:
        """Everything that transitively refers to `uid` at `at`, nearest first,
        each with one shortest path (see catalog.graph.impact)."""
        request = impact_request(uid, _at(at), depth)
        return Impact.of(request, self.store.read(request.query, **request.params))


def _at(at: int | None) -> int:
    return now_ms() if at is None else at


def state_document(row: Record | dict[str, Any]) -> dict[str, Any]:
    """What a State holds, from a row with its name, tags and properties (JSON strings)."""
    return {
        "name": row["name"],
        "tags": json.loads(row["tags"]),
        "properties": json.loads(row["properties"]),
    }


def resource_version(row: Record) -> ResourceVersion:
    """A ResourceVersion from a row of resource_at / resources_at."""
    return ResourceVersion(
        uid=row["uid"],
        type=row["type"],
        account=row["account"],
        region=row["region"],
        valid_from=row["valid_from"],
        valid_to=row["valid_to"],
        **state_document(row),
    )


def _change(row: Record) -> Change:
    before, after = row["before"], row["after"]
    changes: list[AttributeChange]
    if before is None and after is None:
        kind, changes = "transient", []
    elif before is None:
        kind, changes = "created", []
    elif after is None:
        kind, changes = "deleted", []
    else:
        changes = diff(state_document(before), state_document(after))
        kind = "reverted" if before["hash"] == after["hash"] else "changed"
    name = (after or before or {}).get("name")
    return Change(row["uid"], row["type"], row["account"], row["region"], name, kind, changes)


def group_by_type(items: list[Any]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        counts[item.type or "unknown"] += 1
    return dict(sorted(counts.items()))
