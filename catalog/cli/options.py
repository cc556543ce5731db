"""Options shared by commands, and parsing of their values."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from catalog.graph.connection import INTERACTIVE, Neo4jSettings
from catalog.graph.store import GraphStore

JsonOption = typer.Option(False, "--json", help="Print one JSON document on stdout.")
AtOption = typer.Option(
    None, "--at", help="ISO 8601 time (UTC if no offset) or a snapshot id; default now."
)


@contextmanager
def opened_store() -> Iterator[GraphStore]:
    """The store configured by NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD, impatient as a terminal is."""
    store = GraphStore.open(Neo4jSettings.from_env(INTERACTIVE))
    try:
        yield store
    finally:
        store.close()
