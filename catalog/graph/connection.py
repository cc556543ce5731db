"""Connecting to Neo4j from the environment (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError, ServiceUnavailable

from catalog.errors import StoreUnavailable

DEFAULT_URI = "bolt://127.0.0.1:7687"


@dataclass(frozen=True)
class Neo4jSettings:
    uri: str = DEFAULT_URI
    user: str | None = None
    password: str | None = None
    database: str | None = None

    @classmethod
    def from_env(cls) -> Neo4jSettings:
        return cls(
            uri=os.environ.get("NEO4J_URI") or DEFAULT_URI,
            user=os.environ.get("NEO4J_USER") or None,
            password=os.environ.get("NEO4J_PASSWORD") or None,
            database=os.environ.get("NEO4J_DATABASE") or None,
        )

    @property
    def auth(self) -> tuple[str, str] | None:
        # The local server from tools/neo4j runs without auth on loopback;
        # a configured user means a real deployment with credentials.
        if self.user is None:
            return None
        return (self.user, self.password or "")


def connect(settings: Neo4jSettings | None = None) -> Driver:
    """A driver that has proven it can talk to the server, or StoreUnavailable."""
    settings = settings or Neo4jSettings.from_env()
    # Notifications (deprecations, unknown labels on an empty graph) are for
    # people writing queries, not for users of the CLI.
    driver = GraphDatabase.driver(
        settings.uri, auth=settings.auth, notifications_min_severity="OFF"
    )
    try:
        driver.verify_connectivity()
    except AuthError as error:
        driver.close()
        raise StoreUnavailable(
            f"Neo4j at {settings.uri} refused the credentials (NEO4J_USER/NEO4J_PASSWORD): "
            f"{error.message}"
        ) from None
    except (ServiceUnavailable, OSError, ValueError) as error:
        driver.close()
        raise StoreUnavailable(
            f"cannot reach Neo4j at {settings.uri}: {_first_line(error)} "
            "(start one with `cairn neo4j start` or set NEO4J_URI)"
        ) from None
    return driver


def _first_line(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
