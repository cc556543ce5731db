"""Cypher lives in queries/ as one named file per query; this loads them by name."""

from __future__ import annotations

from functools import cache
from pathlib import Path

QUERIES_DIR = Path(__file__).resolve().parents[2] / "queries"


@cache
def query(name: str) -> str:
    """The text of queries/NAME.cypher."""
    path = QUERIES_DIR / f"{name}.cypher"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LookupError(f"no Cypher query named {name!r} in {QUERIES_DIR}") from None


def statements(name: str) -> list[str]:
    """The statements of a multi-statement file (schema), split on ';'.

    Whole-line `//` comments are dropped first so they may contain anything.
    """
    code = "\n".join(
        line for line in query(name).splitlines() if not line.lstrip().startswith("//")
    )
    return [part.strip() for part in code.split(";") if part.strip()]
