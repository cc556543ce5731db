"""Why a resource has no version at a time: not created yet, gone, or never crawled.

An as-of read of one resource at a time it did not exist must say so, not answer
"nothing" (an impact of 0 dependents reads as "safe to change").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from catalog.clock import format_time
from catalog.errors import NotFound


class NotThen(NotFound):
    """A resource asked for at a time when it had no version."""


@dataclass(frozen=True)
class Lifespan:
    """What a resource's versions say about a time `at` it may have existed at."""

    known: bool  # it has an identity node (crawled, or referenced by something crawled)
    first_seen: int | None  # start of its first version; None if never crawled
    gone_since: int | None  # end of its last version before `at`, if any
    existed: bool  # it has a version valid at `at`

    @classmethod
    def of(cls, row: Any) -> Lifespan:
        """From a row with known, first_seen, gone_since and existed."""
        return cls(row["known"], row["first_seen"], row["gone_since"], row["existed"])

    def absence(self, uid: str, at: int) -> NotFound:
        """The error of asking for `uid` at `at` when it did not exist then."""
        if not self.known:
            return NotFound(f"no resource with uid {uid!r} in the catalog")
        if self.first_seen is None:
            return NotFound(f"{uid} was never crawled: only references to it are known")
        if at < self.first_seen:
            why = f"first seen {format_time(self.first_seen)}"
        else:
            why = f"deleted at {format_time(self.gone_since)}"
        return NotThen(f"{uid} did not exist at {format_time(at)}: {why}")
