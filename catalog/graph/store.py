"""The graph store: one Neo4j driver, the schema, and transactions on named queries."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from neo4j import Driver, ManagedTransaction, Record, Session
from neo4j.exceptions import ServiceUnavailable, SessionExpired

from catalog.clock import END_OF_TIME
from catalog.graph.connection import Neo4jSettings, connect, lost_connection
from catalog.graph.queries import query, statements

T = TypeVar("T")


class GraphStore:
    """Runs named Cypher queries with parameters; never builds Cypher from values."""

    def __init__(self, driver: Driver, database: str | None = None) -> None:
        self.driver = driver
        self.database = database

    @classmethod
    def open(cls, settings: Neo4jSettings | None = None) -> GraphStore:
        settings = settings or Neo4jSettings.from_env()
        store = cls(connect(settings), settings.database)
        store.ensure_schema()
        return store

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def ensure_schema(self) -> None:
        with _connection_kept(), self._session() as session:
            for statement in statements("schema"):
                session.run(statement).consume()

    def read(self, name: str, /, **params: Any) -> list[Record]:
        """Rows of a named read query."""
        return self._execute(lambda tx: _run(tx, name, params), write=False)

    def write(self, name: str, /, **params: Any) -> list[Record]:
        """Rows of a named write query, in its own transaction."""
        return self._execute(lambda tx: _run(tx, name, params), write=True)

    def write_all(self, steps: list[tuple[str, dict[str, Any]]]) -> list[list[Record]]:
        """Several named write queries in one transaction: all or nothing; rows of each."""

        def work(tx: ManagedTransaction) -> list[list[Record]]:
            return [_run(tx, name, params) for name, params in steps]

        return self._execute(work, write=True)

    def _execute(self, work: Callable[[ManagedTransaction], T], write: bool) -> T:
        with _connection_kept(), self._session() as session:
            if write:
                return session.execute_write(work)
            return session.execute_read(work)

    def _session(self) -> Session:
        return self.driver.session(database=self.database)


@contextmanager
def _connection_kept() -> Iterator[None]:
    """Neo4j going away mid-command is StoreUnavailable, one line, not the driver's trace."""
    try:
        yield
    except (ServiceUnavailable, SessionExpired) as error:
        raise lost_connection(error) from None


def _run(tx: ManagedTransaction, name: str, params: dict[str, Any]) -> list[Record]:
    return list(tx.run(query(name), {"end": END_OF_TIME, **params}))
