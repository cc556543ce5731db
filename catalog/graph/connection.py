"""Connecting to Neo4j from the environment (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE).

`connect` proves the address, the credentials and the database before anything runs, and
turns each way of failing into one sentence that names the variable to fix.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError, ConfigurationError, DriverError, Neo4jError

from catalog.errors import StoreUnavailable
from catalog.graph.queries import query

DEFAULT_URI = "bolt://127.0.0.1:7687"
DATABASE_NOT_FOUND = "Neo.ClientError.Database.DatabaseNotFound"
# Bolt, direct or routed, plain or TLS. The driver also takes http(s):// for a preview HTTP
# transport that needs extra packages; Cairn does not use it.
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


@dataclass(frozen=True)
class Patience:
    """How long to wait for Neo4j before calling it unreachable, in seconds."""

    connect_s: float  # one TCP connect and Bolt handshake
    acquire_s: float  # a connection from the pool, connecting included (must exceed connect_s)
    retry_s: float  # retrying a failed transaction: deadlocks, restarts, lost connections


# Someone waits at a terminal: say within seconds that Neo4j is gone. A short retry still
# gets a command past a deadlock with the scheduler.
INTERACTIVE = Patience(connect_s=3.0, acquire_s=5.0, retry_s=2.0)
# The API server and the scheduler run for days: riding out a Neo4j restart or a leader
# switch is worth a wait, but an HTTP client should hear back in well under a minute.
LONG_RUNNING = Patience(connect_s=5.0, acquire_s=10.0, retry_s=15.0)


@dataclass(frozen=True)
class Neo4jSettings:
    uri: str = DEFAULT_URI
    user: str | None = None
    password: str | None = None
    database: str | None = None
    patience: Patience = field(default=LONG_RUNNING, compare=False)

    @classmethod
    def from_env(cls, patience: Patience = LONG_RUNNING) -> Neo4jSettings:
        return cls(
            uri=os.environ.get("NEO4J_URI") or DEFAULT_URI,
            user=os.environ.get("NEO4J_USER") or None,
            password=os.environ.get("NEO4J_PASSWORD") or None,
            database=os.environ.get("NEO4J_DATABASE") or None,
            patience=patience,
        )

    @property
    def auth(self) -> tuple[str, str] | None:
        # The local server from tools/neo4j runs without auth on loopback;
        # a configured user means a real deployment with credentials.
        if self.user is None:
            return None
        return (self.user, self.password or "")

    def driver_options(self) -> dict[str, Any]:
        """Keyword arguments for the sync and the async driver alike."""
        return {
            "auth": self.auth,
            "connection_timeout": self.patience.connect_s,
            "connection_acquisition_timeout": self.patience.acquire_s,
            "max_transaction_retry_time": self.patience.retry_s,
            # Notifications (deprecations, unknown labels on an empty graph) are for
            # people writing queries, not for users of the CLI.
            "notifications_min_severity": "OFF",
        }


def connect(settings: Neo4jSettings | None = None) -> Driver:
    """A driver that has reached the configured database, or StoreUnavailable."""
    settings = settings or Neo4jSettings.from_env()
    driver = _driver(settings)
    try:
        _prove(driver, settings)
    except StoreUnavailable:
        driver.close()
        raise
    return driver


def _driver(settings: Neo4jSettings) -> Driver:
    try:
        if urlsplit(settings.uri).scheme not in BOLT_SCHEMES:
            raise ValueError(f"it starts with none of {', '.join(BOLT_SCHEMES)}")
        return GraphDatabase.driver(settings.uri, **settings.driver_options())
    except (ConfigurationError, ValueError) as error:
        raise StoreUnavailable(
            f"NEO4J_URI={settings.uri!r} is not a Neo4j address: {_first_sentence(error)} "
            "(e.g. bolt://127.0.0.1:7687)"
        ) from None


def _prove(driver: Driver, settings: Neo4jSettings) -> None:
    try:
        driver.verify_connectivity()
        # Connectivity says nothing about the database; an auto-commit query is never
        # retried, so a missing one is named at once.
        with driver.session(database=settings.database) as session:
            session.run(query("healthz")).consume()
    except AuthError as error:
        raise StoreUnavailable(
            f"Neo4j at {settings.uri} refused the credentials in NEO4J_USER/NEO4J_PASSWORD: "
            f"{_first_sentence(error)}"
        ) from None
    except Neo4jError as error:
        raise StoreUnavailable(_refused(settings, error)) from None
    except (DriverError, OSError, ValueError) as error:
        raise StoreUnavailable(unreachable(settings.uri, error)) from None


def _refused(settings: Neo4jSettings, error: Neo4jError) -> str:
    """The server answered but will not serve the database (none by that name, or `system`)."""
    where = f"NEO4J_DATABASE={settings.database!r}" if settings.database else "default database"
    if error.code == DATABASE_NOT_FOUND:
        return f"{where}: Neo4j at {settings.uri} has no such database"
    return f"{where}: Neo4j at {settings.uri} refused a query there: {_first_sentence(error)}"


def unreachable(uri: str, error: Exception) -> str:
    return (
        f"cannot reach Neo4j at {uri}: {reason(error)} "
        "(start it with `cairn neo4j start` or set NEO4J_URI)"
    )


def lost_connection(error: Exception) -> StoreUnavailable:
    """What a query says when Neo4j went away after `connect` (retries already spent)."""
    return StoreUnavailable(f"lost the connection to Neo4j: {reason(error)}")


def reason(error: Exception) -> str:
    """The root cause in a few words: the driver nests it in several lines of context."""
    cause: BaseException | None = error
    while cause is not None and not isinstance(cause, (ConnectionRefusedError, TimeoutError)):
        cause = cause.__cause__ or cause.__context__
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused"
    if isinstance(cause, TimeoutError):
        return "no answer (timed out)"
    return _first_sentence(error)


def _first_sentence(error: Exception) -> str:
    # A server error's own words are in .message; str() adds its codes around them.
    text = (error.message if isinstance(error, Neo4jError) else None) or str(error).strip()
    return (text or type(error).__name__).splitlines()[0].split(". ")[0].rstrip(":. ")
