"""Impact analysis: what transitively depends on a resource, counted, paged, with paths.

One query (queries/impact.cypher) does the breadth-first search in Neo4j and
returns the totals and one page; CLI and API both read it through `Impact.read`
(synchronously) or `impact_request` + `Impact.of` (asynchronously).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from catalog.errors import CairnError
from catalog.graph.queries import bounded
from catalog.graph.traversal import Hop, Reached


class CursorGone(CairnError):
    """A page cursor that is not in the result any more (the graph changed since)."""


@dataclass(frozen=True)
class ImpactRequest:
    """The named query and parameters for one page of a resource's impact."""

    query: str
    params: dict[str, Any]


def impact_request(
    uid: str, at: int, depth: int, first: int | None = None, after: str | None = None
) -> ImpactRequest:
    """`first` None asks for every dependent; `after` is the uid the last page ended with."""
    return ImpactRequest(
        bounded("impact", depth), {"uid": uid, "at": at, "first": first, "after": after or None}
    )


@dataclass(frozen=True)
class Impact:
    count: int  # every dependent, not just this page
    by_type: dict[str, int]
    offset: int  # position of the page's first dependent in the whole result
    dependents: list[Reached]  # nearest first, then by uid

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.dependents) < self.count

    @classmethod
    def of(cls, rows: list[Any]) -> Impact:
        if not rows:  # nothing depends on it (or it is not in the catalog)
            return cls(0, {}, 0, [])
        row = rows[0]
        if row["offset"] is None:
            raise CursorGone("that cursor is not in this result any more: start again")
        return cls(
            count=row["count"],
            by_type={entry["type"]: entry["count"] for entry in row["by_type"]},
            offset=row["offset"],
            dependents=[_reached(entry) for entry in row["page"]],
        )


def _reached(entry: Any) -> Reached:
    hops = [Hop(h["source"], h["target"], h["field"], h["kind"]) for h in entry["hops"]]
    return Reached(entry["uid"], entry["type"], entry["name"], entry["depth"], hops)
