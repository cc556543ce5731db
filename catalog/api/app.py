"""The HTTP side: /graphql (GraphiQL in a browser) behind bearer tokens, /healthz, and the
console's pages, which read everything through /graphql."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL

from catalog.api.access import Access, Role
from catalog.api.context import Context, Loaders, Services
from catalog.api.limits import (
    BodySizeLimit,
    decode_json_within_depth,
    max_body_bytes,
    refusal_handlers,
)
from catalog.api.schema import schema
from catalog.console.routes import console_routes
from catalog.errors import StoreUnavailable
from catalog.graph.async_store import AsyncGraph, answers_within, connect_async
from catalog.graph.connection import Neo4jSettings
from catalog.graph.store import GraphStore

log = logging.getLogger(__name__)
# Load balancers probe every few seconds and give up after a few more: answer first.
HEALTHZ_TIMEOUT_S = 2.0


class CairnGraphQL(GraphQL[Context, None]):
    """One Neo4j session and one set of DataLoaders per request."""

    def __init__(self, services: Services) -> None:
        super().__init__(schema, graphql_ide="graphiql")
        self.services = services

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope)
        if _wants_ide(request):
            await (await self.render_graphql_ide(request))(scope, receive, send)
            return
        role = self.services.access.role_for(request.headers.get("authorization"))
        if role is None:
            await _unauthorized()(scope, receive, send)
            return
        scope.setdefault("state", {})["role"] = role
        async with self.services.driver.session(database=self.services.database) as session:
            scope["state"]["graph"] = AsyncGraph(session)
            await super().__call__(scope, receive, send)

    def decode_json(self, data: str | bytes) -> object:
        # strawberry expects an object (or a batch list) and fails with a 500 on any other
        # JSON value; as an empty object it becomes "No GraphQL query found" (400).
        decoded = decode_json_within_depth(data)
        return decoded if isinstance(decoded, (dict, list)) else {}

    async def get_context(self, request: Any, response: Any) -> Context:
        graph: AsyncGraph = request.state.graph
        role: Role = request.state.role
        return Context(request, response, role, graph, self.services, Loaders(graph))


def create_app(settings: Neo4jSettings, access: Access) -> Starlette:
    body_limit = max_body_bytes()
    services = Services(
        store=GraphStore.open(settings),
        driver=connect_async(settings),
        database=settings.database,
        access=access,
    )
    graphql = CairnGraphQL(services)

    async def healthz(_: Request) -> Response:
        try:
            await answers_within(services.driver, services.database, HEALTHZ_TIMEOUT_S)
        except StoreUnavailable as error:
            # The body needs no token: it says what a load balancer needs and no more
            # (no address, no driver message); whoever runs the server reads the log.
            log.warning("/healthz: %s", error)
            return JSONResponse({"status": "unavailable", "graph": "unreachable"}, 503)
        return JSONResponse({"status": "ok"})

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        await _open_first_connection(services.store)
        try:
            yield
        finally:
            await services.driver.close()
            services.store.close()

    return Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            *console_routes(),
        ],
        lifespan=lifespan,
        middleware=[Middleware(BodySizeLimit, limit=body_limit)],
        exception_handlers=refusal_handlers(body_limit),
    )


async def _open_first_connection(store: GraphStore) -> None:
    """Before the first request, so that a user's first page does not wait for it (half
    of a small application's first query). Neo4j away now is /healthz's to report."""
    try:
        await run_in_threadpool(store.read, "healthz")
    except StoreUnavailable as error:
        log.warning("Neo4j did not answer at start: %s", error)


def _wants_ide(request: Request) -> bool:
    """A browser asking for the GraphiQL page; its queries carry the token like any other."""
    return request.method == "GET" and "text/html" in request.headers.get("accept", "")


def _unauthorized() -> Response:
    return JSONResponse(
        {"errors": [{"message": "missing or invalid bearer token"}]},
        status_code=401,
        headers={"WWW-Authenticate": 'Bearer realm="cairn"'},
    )
