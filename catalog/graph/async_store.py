"""The API's access to the graph: the same named queries on the async driver.

One AsyncGraph per request holds one session. A session runs one transaction
at a time, and resolvers of one request run concurrently, so queries on it
take turns; DataLoaders batch them so there are few turns to take.
"""

from __future__ import annotations

import asyncio
from typing import Any

from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction, AsyncSession, Record
from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired

from catalog.clock import END_OF_TIME
from catalog.errors import StoreUnavailable
from catalog.graph.connection import Neo4jSettings, lost_connection, reason
from catalog.graph.queries import query


def connect_async(settings: Neo4jSettings) -> AsyncDriver:
    return AsyncGraphDatabase.driver(settings.uri, **settings.driver_options())


async def answers_within(driver: AsyncDriver, database: str | None, timeout_s: float) -> None:
    """Run the healthz query once, unretried, within `timeout_s`, else StoreUnavailable."""
    try:
        async with asyncio.timeout(timeout_s), driver.session(database=database) as session:
            await (await session.run(query("healthz"))).consume()
    except TimeoutError:
        raise StoreUnavailable(f"Neo4j did not answer within {timeout_s:g} s") from None
    except (DriverError, Neo4jError, OSError) as error:
        raise StoreUnavailable(f"Neo4j did not answer: {reason(error)}") from None


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
