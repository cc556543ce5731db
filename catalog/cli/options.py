"""Options shared by commands, and parsing of their values."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from catalog.clock import now_ms, parse_time
from catalog.graph.store import GraphStore

JsonOption = typer.Option(False, "--json", help="Print one JSON document on stdout.")
AtOption = typer.Option(None, "--at", help="ISO 8601 time (UTC if no offset); default now.")


def time_or_now(text: str | None) -> int:
    return now_ms() if text is None else parse_time(text)


@contextmanager
def opened_store() -> Iterator[GraphStore]:
    """The store configured by NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD."""
    store = GraphStore.open()
    try:
        yield store
    finally:
        store.close()
