"""The API's access to the graph: the same named queries on the async driver.

One AsyncGraph per request holds one session. A session runs one transaction
at a time, and resolvers of one request run concurrently, so queries on it
take turns; DataLoaders batch them so there are few turns to take.
"""

from __future__ import annotations

import asyncio
from typing import Any

from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction, AsyncSession, Record
from neo4j.exceptions import ServiceUnavailable, SessionExpired

from catalog.clock import END_OF_TIME
from catalog.graph.connection import Neo4jSettings, lost_connection
from catalog.graph.queries import query


def connect_async(settings: Neo4jSettings) -> AsyncDriver:
    return AsyncGraphDatabase.driver(settings.uri, **settings.driver_options())


class AsyncGraph:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._turn = asyncio.Lock()

    async def read(self, name: str, /, **params: Any) -> list[Record]:
        """Rows of a named read query."""
        async with self._turn:
            try:
                return await self._session.execute_read(_run, name, params)
            except (ServiceUnavailable, SessionExpired) as error:
                raise lost_connection(error) from None


async def _run(tx: AsyncManagedTransaction, name: str, params: dict[str, Any]) -> list[Record]:
    result = await tx.run(query(name), {"end": END_OF_TIME, **params})
    return [record async for record in result]
