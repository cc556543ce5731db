"""Breadth-first walks along references, free of I/O.

A walk says which uids to expand next (`frontier`) and digests the rows of
one step query (`take`); the caller runs the query, synchronously (CLI) or
asynchronously (API). One walk, two drivers, no twin of the logic.

Step queries return, per reference valid at the time: `origin` (the frontier
uid it was reached from), `uid`, `type`, `name` (null if absent then),
`field` and `kind`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Direction = Literal["in", "out"]
STEP_QUERY: dict[Direction, str] = {"in": "dependents_step", "out": "dependencies_step"}


@dataclass(frozen=True)
class Hop:
    """One reference on a path: `source` refers to `target` by `field`."""

    source: str
    target: str
    field: str
    kind: str


@dataclass(frozen=True)
class Reached:
    """A resource a walk reached, at its shortest depth, with one shortest path.

    For dependents the path runs from the dependent to the start; for
    dependencies from the start to the dependency.
    """

    uid: str
    type: str | None
    name: str | None
    depth: int
    path: list[Hop] = field(default_factory=list)


class Walk:
    """Breadth-first from `start` along references in `direction`, to `depth` levels.

    Each resource is reached once (cycles, like security groups referencing
    each other, end), at its shortest depth, with the first shortest path in
    the step query's order.
    """

    def __init__(self, start: str, direction: Direction, depth: int) -> None:
        self.direction = direction
        self.depth = depth
        self.level = 0
        self.found: list[Reached] = []
        self._paths: dict[str, list[Hop]] = {start: []}
        self._frontier = [start]

    @property
    def query(self) -> str:
        return STEP_QUERY[self.direction]

    def frontier(self) -> list[str]:
        """The uids to expand next; empty when the walk is over."""
        return self._frontier if self.level < self.depth else []

    def take(self, rows: list[Any]) -> None:
        self.level += 1
        reached: dict[str, Any] = {}
        for row in rows:
            if row["uid"] not in self._paths and row["uid"] not in reached:
                reached[row["uid"]] = row
        for uid, row in reached.items():
            self._paths[uid] = self._extend(self._paths[row["origin"]], row)
            self.found.append(Reached(uid, row["type"], row["name"], self.level, self._paths[uid]))
        self._frontier = sorted(reached)

    def _extend(self, path: list[Hop], row: Any) -> list[Hop]:
        if self.direction == "in":
            return [Hop(row["uid"], row["origin"], row["field"], row["kind"]), *path]
        return [*path, Hop(row["origin"], row["uid"], row["field"], row["kind"])]
