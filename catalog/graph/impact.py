"""Impact analysis: what transitively depends on a resource, counted, paged, with paths.

One query (queries/impact.cypher) does the breadth-first search in Neo4j and
returns the totals and one page. `impact_request` names it and its parameters and
`Impact.of` reads its row, so the CLI (GraphReader.impact, on the sync store) and
the API (on the async driver) run the same query the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from catalog.errors import CairnError
from catalog.graph.absence import Lifespan
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
    uid: str,
    at: int,
    depth: int,
    first: int | None = None,
    after: str | None = None,
    versions: bool = False,
) -> ImpactRequest:
    """`first` None asks for every dependent; `after` is the uid the last page ended
    with; `versions` also asks for the page's versions at `at` (see Impact.versions)."""
    params = {"uid": uid, "at": at, "first": first, "after": after or None, "versions": versions}
    return ImpactRequest(bounded("impact", depth), params)


@dataclass(frozen=True)
class Impact:
    count: int  # every dependent, not just this page
    by_type: dict[str, int]
    offset: int  # position of the page's first dependent in the whole result
    dependents: list[Reached]  # nearest first, then by uid
    # The page's versions at the asked time as resources_at rows (catalog.graph.reader.
    # resource_version reads them), when asked for: one round trip instead of two.
    versions: dict[str, Any] = field(default_factory=dict)

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.dependents) < self.count

    @classmethod
    def of(cls, request: ImpactRequest, rows: list[Any]) -> Impact:
        [row] = rows
        _check_existed(request.params["uid"], request.params["at"], Lifespan.of(row))
        if row["offset"] is None:
            raise CursorGone("that cursor is not in this result any more: start again")
        return cls(
            count=row["count"],
            by_type={entry["type"]: entry["count"] for entry in row["by_type"]},
            offset=row["offset"],
            dependents=[_reached(entry) for entry in row["page"]],
            versions={entry["uid"]: entry["version"] for entry in row["page"] if entry["version"]},
        )


def _check_existed(uid: str, at: int, lifespan: Lifespan) -> None:
    """Refuse a resource that had no version at `at` ("0 depend" would read as safe to
    change); one never crawled (a stub others refer to) still has dependents to show."""
    never_crawled = lifespan.known and lifespan.first_seen is None
    if not (lifespan.existed or never_crawled):
        raise lifespan.absence(uid, at)


def _reached(entry: Any) -> Reached:
    hops = [Hop(h["source"], h["target"], h["field"], h["kind"]) for h in entry["hops"]]
    return Reached(entry["uid"], entry["type"], entry["name"], entry["depth"], hops)
