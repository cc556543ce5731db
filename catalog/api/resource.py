"""Resources in GraphQL: a version at a time, its lifetime, history and neighbours."""

from __future__ import annotations

import base64
from datetime import datetime

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from catalog.api.context import Context
from catalog.api.types import Hop, TypeCount, Version, instant
from catalog.clock import not_in_future, now_ms
from catalog.errors import CairnError
from catalog.graph import impact as graph_impact
from catalog.graph.reader import GraphReader, ResourceVersion
from catalog.graph.traversal import Direction, Reached

MAX_WALK_DEPTH = 10
MAX_PAGE = 500


def millis(moment: datetime | None) -> int:
    """A GraphQL DateTime argument as UTC ms; now when absent; never the future."""
    if moment is None:
        return now_ms()
    if moment.tzinfo is None:
        raise CairnError(f"time {moment.isoformat()} has no offset: add Z or +00:00")
    return not_in_future(int(moment.timestamp() * 1000))


async def resource_at(context: Context, uid: str, at: int) -> Resource | None:
    """A resource's version at `at` through the request's loader; None if absent then."""
    version = await context.loaders.versions.load((uid, at))
    return Resource.of(version, at) if version else None


def check_depth(depth: int) -> int:
    if not 1 <= depth <= MAX_WALK_DEPTH:
        raise CairnError(f"depth must be between 1 and {MAX_WALK_DEPTH}, got {depth}")
    return depth


@strawberry.type(description="A resource as it was at the asked time.")
class Resource:
    uid: strawberry.ID
    type: str
    account: str
    region: str
    name: str | None
    tags: JSON
    properties: JSON
    valid_from: datetime = strawberry.field(description="When this version began.")
    valid_to: datetime | None = strawberry.field(description="When it ended; null if current.")
    at: strawberry.Private[int]

    @classmethod
    def of(cls, version: ResourceVersion, at: int) -> Resource:
        return cls(
            uid=strawberry.ID(version.uid),
            type=version.type,
            account=version.account,
            region=version.region,
            name=version.name,
            tags=JSON(version.tags),
            properties=JSON(version.properties),
            valid_from=instant(version.valid_from),  # type: ignore[arg-type]
            valid_to=instant(version.valid_to),
            at=at,
        )

    @strawberry.field(description="The start of its first version.")
    async def first_seen(self, info: Info[Context, None]) -> datetime | None:
        lifetime = await info.context.loaders.lifetimes.load(self.uid)
        return instant(lifetime.first_seen) if lifetime else None

    @strawberry.field(description="The last crawl that listed its partition while it existed.")
    async def last_seen(self, info: Info[Context, None]) -> datetime | None:
        lifetime = await info.context.loaders.lifetimes.load(self.uid)
        return instant(lifetime.last_seen) if lifetime else None

    @strawberry.field(description="When a crawl found it gone; null while it exists.")
    async def deleted_at(self, info: Info[Context, None]) -> datetime | None:
        lifetime = await info.context.loaders.lifetimes.load(self.uid)
        return instant(lifetime.deleted_at) if lifetime else None

    @strawberry.field(description="Every version, oldest first, each with its diff.")
    async def history(self, info: Info[Context, None]) -> list[Version]:
        context = info.context
        found = await context.in_thread(GraphReader(context.services.store).history, self.uid)
        return [Version.of(version) for version in found.versions]

    @strawberry.field(description="What it refers to, transitively (at: default this version's).")
    async def dependencies(
        self, info: Info[Context, None], at: datetime | None = None, depth: int = 1
    ) -> list[Related]:
        return await self._walk(info.context, "out", at, depth)

    @strawberry.field(description="What refers to it, transitively.")
    async def dependents(
        self, info: Info[Context, None], at: datetime | None = None, depth: int = 1
    ) -> list[Related]:
        return await self._walk(info.context, "in", at, depth)

    async def _walk(
        self, context: Context, direction: Direction, at: datetime | None, depth: int
    ) -> list[Related]:
        moment = millis(at) if at else self.at
        found = await context.walk(self.uid, direction, moment, check_depth(depth))
        return [Related.of(reached, moment) for reached in found]


@strawberry.type(description="A resource reached by following references, with one shortest path.")
class Related:
    uid: strawberry.ID
    type: str | None
    name: str | None
    depth: int
    field: str = strawberry.field(description="Field of the reference that reached it.")
    kind: str = strawberry.field(description="Kind of that reference (network, assumes...).")
    path: list[Hop]
    at: strawberry.Private[int]

    @classmethod
    def of(cls, reached: Reached, at: int) -> Related:
        # Walking in, the reaching reference is the path's first; walking out, its last.
        hop = reached.path[0] if reached.path[0].source == reached.uid else reached.path[-1]
        return cls(
            uid=strawberry.ID(reached.uid),
            type=reached.type,
            name=reached.name,
            depth=reached.depth,
            field=hop.field,
            kind=hop.kind,
            path=Hop.of(reached.path),
            at=at,
        )

    @strawberry.field(description="The resource at the asked time; null if absent then.")
    async def resource(self, info: Info[Context, None]) -> Resource | None:
        return await resource_at(info.context, self.uid, self.at)


@strawberry.type(description="Everything that transitively depends on a resource.")
class Impact:
    uid: strawberry.ID
    at: datetime
    max_depth: int
    count: int = strawberry.field(description="Every dependent, not just this page.")
    by_type: list[TypeCount]
    dependents: list[Related] = strawberry.field(description="This page, nearest first.")
    page_info: PageInfo


@strawberry.input
class ResourceFilter:
    type: str | None = None
    tag: str | None = strawberry.field(default=None, description="KEY=VALUE")
    region: str | None = None
    account: str | None = None
    application: str | None = strawberry.field(
        default=None, description="Only the application's assets at the asked time."
    )
    name_contains: str | None = None


@strawberry.type
class ResourceEdge:
    cursor: str
    node: Resource


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class ResourceConnection:
    edges: list[ResourceEdge]
    page_info: PageInfo


def encode_cursor(uid: str) -> str:
    return base64.urlsafe_b64encode(uid.encode()).decode()


def decode_cursor(cursor: str | None) -> str:
    """The uid a cursor stands for; "" (the first page) for none. Only the exact text
    encode_cursor wrote is a cursor: base64 decoding alone would skip stray characters."""
    if not cursor:
        return ""
    try:
        uid = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (ValueError, UnicodeDecodeError):
        raise invalid_cursor(cursor) from None
    if not uid or encode_cursor(uid) != cursor:
        raise invalid_cursor(cursor)
    return uid


async def resource_cursor(context: Context, cursor: str | None) -> str:
    """The uid of an inventory page's cursor, which must name a resource in the catalog:
    any other text would silently start the page somewhere in uid order."""
    uid = decode_cursor(cursor)
    if uid and not await context.graph.read("resource_identity", uid=uid):
        raise invalid_cursor(cursor or "")
    return uid


def invalid_cursor(cursor: str) -> CairnError:
    return CairnError(f"invalid cursor {cursor!r}: pass an endCursor you were given")


def check_tag_pair(tag: str | None) -> str | None:
    """A tag filter is one KEY=VALUE pair (the value may be empty, as AWS allows)."""
    if tag is not None:
        key, separator, _ = tag.partition("=")
        if not separator or not key:
            raise CairnError(f"malformed tag filter {tag!r}: expected KEY=VALUE")
    return tag


def check_page_size(first: int) -> int:
    if not 1 <= first <= MAX_PAGE:
        raise CairnError(f"first must be between 1 and {MAX_PAGE}, got {first}")
    return first


def impact_of(uid: str, at: int, max_depth: int, found: graph_impact.Impact) -> Impact:
    page = found.dependents
    return Impact(
        uid=strawberry.ID(uid),
        at=instant(at),  # type: ignore[arg-type]
        max_depth=max_depth,
        count=found.count,
        by_type=[TypeCount(type=name, count=n) for name, n in found.by_type.items()],
        dependents=[Related.of(reached, at) for reached in page],
        page_info=PageInfo(
            has_next_page=found.has_more,
            end_cursor=encode_cursor(page[-1].uid) if page else None,
        ),
    )
