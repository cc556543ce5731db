"""Reads of the versioned graph at the root of the schema: a resource, the inventory a
page at a time, what depends on a resource, and what changed in a window."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from catalog.api.applications import resolve_scope
from catalog.api.context import Context
from catalog.api.resource import (
    Impact,
    PageInfo,
    Resource,
    ResourceConnection,
    ResourceEdge,
    ResourceFilter,
    check_depth,
    check_page_size,
    check_tag_pair,
    decode_cursor,
    encode_cursor,
    impact_of,
    millis,
    resource_cursor,
)
from catalog.api.types import Change
from catalog.errors import CairnError
from catalog.graph import impact as graph_impact
from catalog.graph.reader import resource_version
from catalog.scope import changes_between


@strawberry.type
class ResourceQuery:
    @strawberry.field(description="A resource as it was at a time (default now).")
    async def resource(
        self, info: Info[Context, None], uid: strawberry.ID, at: datetime | None = None
    ) -> Resource | None:
        moment = millis(at)
        version = await info.context.loaders.versions.load((str(uid), moment))
        return Resource.of(version, moment) if version else None

    @strawberry.field(description="Resources valid at a time, in uid order, a page at a time.")
    async def resources(
        self,
        info: Info[Context, None],
        filter: ResourceFilter | None = None,
        at: datetime | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> ResourceConnection:
        moment, wanted = millis(at), filter or ResourceFilter()
        uids = None
        if wanted.application:
            scope = await resolve_scope(info.context, wanted.application, moment)
            uids = [asset.uid for asset in scope.assets]
        rows = await info.context.graph.read(
            "resources_page",
            after=await resource_cursor(info.context, after),
            limit=check_page_size(first) + 1,
            at=moment,
            uids=uids,
            type=wanted.type,
            account=wanted.account,
            region=wanted.region,
            tag=check_tag_pair(wanted.tag),
            name_contains=wanted.name_contains,
        )
        nodes = [Resource.of(resource_version(row), moment) for row in rows[:first]]
        edges = [ResourceEdge(cursor=encode_cursor(node.uid), node=node) for node in nodes]
        return ResourceConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(rows) > first, end_cursor=edges[-1].cursor if edges else None
            ),
        )

    @strawberry.field(description="Everything that transitively depends on a resource.")
    async def impact(
        self,
        info: Info[Context, None],
        uid: strawberry.ID,
        at: datetime | None = None,
        max_depth: int = 5,
        first: int = 100,
        after: str | None = None,
    ) -> Impact:
        """Counts cover every dependent; the list comes a page at a time, nearest first
        (a shared security group can have thousands). Pass `at` to page a fixed result."""
        moment = millis(at)
        request = graph_impact.impact_request(
            str(uid),
            moment,
            check_depth(max_depth),
            check_page_size(first),
            decode_cursor(after),
            versions=True,
        )
        rows = await info.context.graph.read(request.query, **request.params)
        found = graph_impact.Impact.of(request, rows)
        info.context.loaders.prime_versions(found.versions, moment)
        return impact_of(str(uid), moment, max_depth, found)

    @strawberry.field(description="What was created, changed or deleted in (since, until].")
    async def changes(
        self,
        info: Info[Context, None],
        since: datetime,
        until: datetime | None = None,
        application: str | None = None,
        type: str | None = None,
    ) -> list[Change]:
        start, end = millis(since), millis(until)
        if end < start:
            raise CairnError("until is before since")
        found = await info.context.in_thread(
            changes_between, info.context.services.store, start, end, application
        )
        return [Change.of(change) for change in found if type is None or change.type == type]
