"""What an application holds at a time: its tagged resources plus what they need.

The closure follows references outward only. A tagged ECS service pulls in
its task definition, the task role and the role's managed policies, and the
subnets and VPC it runs in; it never pulls in the other resources of a shared
VPC (they refer to the VPC, the VPC does not refer to them). The one inward
step: untagged resources that are part of a tagged one (listeners of its load
balancer, records of its zone or aliasing its load balancer, as each resource
type declares) come with it, unless their tags say they belong elsewhere.

A dependency that another application's tags claim stays that application's:
it is reported as a reference leaving the scope, as are targets never crawled
or gone at the time.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from catalog.applications import (
    Application,
    TagFilter,
    create_application,
    get_application,
    list_applications,
)
from catalog.aws.registry import NOT_ASSETS, PARTS
from catalog.clock import format_time
from catalog.errors import CairnError
from catalog.graph.reader import Change, GraphReader
from catalog.graph.store import GraphStore
from catalog.graph.traversal import Hop

TAGGED = "tagged"
PART = "part"  # untagged, but part of a tagged asset (a listener of its load balancer)
DEPENDENCY = "dependency"


class EmptyScope(CairnError):
    """The application's tag filter matches no resource at the asked time."""


@dataclass(frozen=True)
class Asset:
    """One resource in scope, pinned to the version (`hash`) valid at the scope's time.

    `path` runs from a tagged asset or a part to this one for dependencies; for
    a part it is the one reference that makes it part of a tagged asset; empty
    for tagged ones. `references` are all its outgoing references at that time.
    """

    uid: str
    type: str
    name: str | None
    account: str
    region: str
    hash: str
    reason: str  # tagged | part | dependency
    path: tuple[Hop, ...] = ()
    references: tuple[Hop, ...] = ()


@dataclass(frozen=True)
class OutsideReference:
    """A reference from an asset to something the application does not restore.

    reason: other-application (`owner` names it) | not-crawled | absent (no
    version at the time: deleted, or not yet created).
    """

    reference: Hop
    target_type: str | None
    reason: str
    owner: str | None = None


@dataclass(frozen=True)
class Scope:
    application: str
    at: int
    assets: list[Asset]
    outside: list[OutsideReference] = field(default_factory=list)

    def by_uid(self) -> dict[str, Asset]:
        return {asset.uid: asset for asset in self.assets}

    def inner_references(self) -> list[Hop]:
        """The references between its assets: the edges of its dependency graph. The
        closure already read every asset's references at the scope's time, so this is
        no second read (the ones leaving the scope are `outside`)."""
        members = {asset.uid for asset in self.assets}
        return [hop for asset in self.assets for hop in asset.references if hop.target in members]


def resolve(
    store: GraphStore,
    application: Application,
    at: int,
    others: Sequence[Application] = (),
) -> Scope:
    """The application's assets at `at`; `others` are the applications whose
    tagged resources must not be pulled in as dependencies."""
    tagged = [
        row
        for row in tagged_at(
            store, application.tags, at, application.account, application.region_filter()
        )
        # Backups carry their source's tags (CopyTagsToSnapshot): not assets all the same.
        if row["type"] not in NOT_ASSETS
    ]
    if not tagged:
        raise EmptyScope(
            f"application {application.name!r} matches no resource at {format_time(at)} "
            f"(tags {application.tags.describe()}); crawl first or check the tags"
        )
    closure = _Closure(application, [o for o in others if o.name != application.name])
    for row in tagged:
        closure.add(row, TAGGED, ())
    frontier = [row["uid"] for row in tagged]
    frontier += [row["uid"] for row in _parts(store, tagged, at) if closure.adopt(row)]
    while frontier:
        rows = store.read("scope_step", uids=frontier, at=at)
        frontier = [row["uid"] for row in rows if closure.follow(row)]
    return Scope(application.name, at, closure.assets(), closure.outside)


def tagged_at(
    store: GraphStore,
    tags: TagFilter,
    at: int,
    account: str | None = None,
    regions: list[str] | None = None,
) -> list[Any]:
    """The resources whose version at `at` carries the tags, by uid; `account` and
    `regions` narrow the search (None: any)."""
    return store.read(
        "tagged_resources_at",
        account=account,
        regions=regions,
        filter=tags.pair_alternatives(),
        pairs=tags.index_query(),
        at=at,
    )


def add_application(store: GraphStore, application: Application, allow_empty: bool = False) -> None:
    """Store a new application. Unless `allow_empty`, first refuse (EmptyScope) one whose
    tags match no resource when it is defined: a mistyped tag shows before anything is stored."""
    if not allow_empty:
        resolve(store, application, application.created_at)
    create_application(store, application)


def _parts(store: GraphStore, owners: list[Any], at: int) -> list[Any]:
    """Untagged resources that are part of the tagged ones (see ResourceType.part_of)."""
    target_types = {part["target_type"] for part in PARTS}
    uids = [row["uid"] for row in owners if row["type"] in target_types]
    parts = [{"type": part["type"], "field": part["field"]} for part in PARTS]
    return store.read("scope_parts", uids=uids, parts=parts, at=at) if uids else []


class _Closure:
    def __init__(self, application: Application, others: list[Application]) -> None:
        self.application = application
        self.others = others
        self.found: dict[str, dict[str, Any]] = {}
        self.references: dict[str, list[Hop]] = {}
        self.outside: list[OutsideReference] = []

    def add(self, row: Any, reason: str, path: tuple[Hop, ...]) -> None:
        self.found[row["uid"]] = {
            "uid": row["uid"],
            "type": row["type"],
            "name": row["name"],
            "account": row["account"],
            "region": row["region"],
            "hash": row["hash"],
            "reason": reason,
            "path": path,
        }
        self.references[row["uid"]] = []

    def follow(self, row: Any) -> bool:
        """Record one reference; True if its target is a new asset to expand."""
        hop = Hop(row["source"], row["uid"], row["field"], row["kind"])
        self.references[hop.source].append(hop)
        if hop.target in self.found:
            return False
        leaving = self._leaving(row, hop)
        if leaving is not None:
            self.outside.append(leaving)
            return False
        source = self.found[hop.source]
        via = source["path"] if source["reason"] == DEPENDENCY else ()
        self.add(row, DEPENDENCY, (*via, hop))
        return True

    def adopt(self, row: Any) -> bool:
        """Take in a part of a tagged asset unless its tags say it belongs elsewhere."""
        if row["uid"] in self.found:
            return False
        tags = json.loads(row["tags"])
        if self.application.tags.contradicts(tags) or any(
            _claims(other, row, tags) for other in self.others
        ):
            return False
        self.add(row, PART, (Hop(row["source"], row["target"], row["field"], row["kind"]),))
        return True

    def _leaving(self, row: Any, hop: Hop) -> OutsideReference | None:
        if row["hash"] is None:
            reason = "not-crawled" if row["unresolved"] else "absent"
            return OutsideReference(hop, row["type"], reason)
        tags = json.loads(row["tags"])
        for other in self.others:
            if _claims(other, row, tags):
                return OutsideReference(hop, row["type"], "other-application", other.name)
        return None

    def assets(self) -> list[Asset]:
        return [
            Asset(**found, references=tuple(self.references[uid]))
            for uid, found in sorted(self.found.items())
        ]


def _claims(application: Application, row: Any, tags: dict[str, str]) -> bool:
    regions = application.region_filter()
    return (
        application.tags.matches(tags)
        and application.account in (None, row["account"])
        and (regions is None or row["region"] in regions)
    )


def changes_between(
    store: GraphStore, since: int, until: int, application: str | None = None
) -> list[Change]:
    """What was created, changed or deleted in (since, until]; with an application, only
    the changes to resources in its scope at either end (so created and deleted assets count)."""
    found = GraphReader(store).changes(since, until)
    if application is None:
        return found
    members = _members(
        store, get_application(store, application), [since, until], list_applications(store)
    )
    return [change for change in found if change.uid in members]


def _members(
    store: GraphStore, application: Application, times: list[int], others: Sequence[Application]
) -> set[str]:
    """The uids in the application's scope at any of `times`."""
    members: set[str] = set()
    for at in times:
        try:
            members.update(asset.uid for asset in resolve(store, application, at, others).assets)
        except EmptyScope:
            continue  # nothing matched at that time
    return members
