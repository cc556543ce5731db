"""One clock, one unit: UTC instants as integer milliseconds since the epoch.

Integers compare and index cheaply in Neo4j and cannot carry a time zone by
mistake. Open intervals end at END_OF_TIME rather than null, because nulls are
not indexed and every as-of read filters on both bounds.
"""

from __future__ import annotations

from datetime import UTC, datetime

from catalog.errors import InvalidTime

END_OF_TIME = 2**63 - 1


def now_ms() -> int:
    return int(datetime.now(UTC).timestamp() * 1000)


def parse_time(text: str) -> int:
    """ISO 8601 to milliseconds. A time without an offset is taken as UTC."""
    try:
        parsed = datetime.fromisoformat(text.strip().replace("z", "Z"))
    except ValueError:
        raise InvalidTime(
            f"not an ISO 8601 time: {text!r} (expected e.g. 2026-11-23T01:00:00Z)"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return int(parsed.timestamp() * 1000)


def format_time(ms: int | None) -> str | None:
    """Milliseconds to ISO 8601 UTC; None for END_OF_TIME (an open interval)."""
    if ms is None or ms >= END_OF_TIME:
        return None
    instant = datetime.fromtimestamp(ms / 1000, tz=UTC)
    return instant.isoformat(timespec="milliseconds").replace("+00:00", "Z")
