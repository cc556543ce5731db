"""What a resolver gets: the caller's role, this request's graph session, its loaders.

Reads on the hot paths (resources, their references, impact) go through the
async session with DataLoaders created per request, so a page of resources
costs one query per field, not one per resource. Work that the CLI shares
(scopes, snapshots, diffs, history) runs the same library functions on the
sync store in a worker thread: one implementation, not an async twin.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from neo4j import AsyncDriver
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from strawberry.dataloader import DataLoader

from catalog.api.access import Access, Role
from catalog.api.background import Background
from catalog.graph.async_store import AsyncGraph
from catalog.graph.reader import ResourceVersion, resource_version
from catalog.graph.store import GraphStore
from catalog.graph.traversal import Direction, Reached, Walk

T = TypeVar("T")


@dataclass(frozen=True)
class Lifetime:
    first_seen: int
    last_seen: int
    deleted_at: int | None


@dataclass
class Services:
    """What lives as long as the server: the stores, access rules, background work."""

    store: GraphStore
    driver: AsyncDriver
    database: str | None
    access: Access
    background: Background = field(default_factory=Background)


class Loaders:
    """Per-request batching: every resource version and lifetime asked for in one
    resolver pass is read by one query."""

    def __init__(self, graph: AsyncGraph) -> None:
        self.graph = graph
        self.versions: DataLoader[tuple[str, int], ResourceVersion | None] = DataLoader(
            self._versions
        )
        self.lifetimes: DataLoader[str, Lifetime | None] = DataLoader(self._lifetimes)

    def prime_versions(self, rows: dict[str, Any], at: int) -> None:
        """Versions another query already read (an impact's page): no second round trip."""
        for uid, row in rows.items():
            self.versions.prime((uid, at), resource_version(row))

    async def _versions(self, keys: list[tuple[str, int]]) -> list[ResourceVersion | None]:
        by_time: dict[int, list[str]] = defaultdict(list)
        for uid, at in keys:
            by_time[at].append(uid)
        found: dict[tuple[str, int], ResourceVersion] = {}
        for at, uids in by_time.items():
            for row in await self.graph.read("resources_at", uids=uids, at=at):
                found[(row["uid"], at)] = resource_version(row)
        return [found.get(key) for key in keys]

    async def _lifetimes(self, uids: list[str]) -> list[Lifetime | None]:
        rows = await self.graph.read("resource_lifetimes", uids=uids)
        found = {
            row["uid"]: Lifetime(row["first_seen"], row["last_seen"], row["deleted_at"])
            for row in rows
        }
        return [found.get(uid) for uid in uids]


@dataclass
class Context:
    request: Request
    response: Response
    role: Role
    graph: AsyncGraph
    services: Services
    loaders: Loaders

    async def in_thread(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run library code on the sync store without blocking the event loop."""
        return await run_in_threadpool(work, *args, **kwargs)

    async def walk(self, uid: str, direction: Direction, at: int, depth: int) -> list[Reached]:
        walk = Walk(uid, direction, depth)
        while frontier := walk.frontier():
            walk.take(await self.graph.read(walk.query, uids=frontier, at=at))
        return walk.found
