"""Cypher lives in queries/ as one named file per query; this loads them by name."""

from __future__ import annotations

from functools import cache
from pathlib import Path

QUERIES_DIR = Path(__file__).resolve().parents[2] / "queries"
DEPTH_BOUND = "MAX_DEPTH"


def bounded(name: str, depth: int) -> str:
    """The name under which `query` gives NAME with DEPTH_BOUND written as `depth`.

    Cypher accepts no parameter as a path-length bound, and a fixed high bound
    with a filter on the length cannot stop the search early; so the bound is
    the one value ever written into a query's text, and only as an int.
    """
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 1:
        raise ValueError(f"a path-length bound is a positive int, got {depth!r}")
    return f"{name}@{depth}"


@cache
def query(name: str) -> str:
    """The text of queries/NAME.cypher (NAME@DEPTH: see `bounded`)."""
    base, _, depth = name.partition("@")
    path = QUERIES_DIR / f"{base}.cypher"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LookupError(f"no Cypher query named {base!r} in {QUERIES_DIR}") from None
    return text.replace(DEPTH_BOUND, str(int(depth))) if depth else text


def statements(name: str) -> list[str]:
    """The statements of a multi-statement file (schema), split on ';'.

    Whole-line `//` comments are dropped first so they may contain anything.
    """
    code = "\n".join(
        line for line in query(name).splitlines() if not line.lstrip().startswith("//")
    )
    return [part.strip() for part in code.split(";") if part.strip()]
