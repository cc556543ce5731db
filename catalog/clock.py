"""One clock, one unit: UTC instants as integer milliseconds since the epoch.

Integers compare and index cheaply in Neo4j and cannot carry a time zone by
mistake. Open intervals end at END_OF_TIME rather than null, because nulls are
not indexed and every as-of read filters on both bounds.
"""

from __future__ import annotations

from datetime import UTC, datetime

from catalog.errors import InvalidTime

END_OF_TIME = 2**63 - 1
# A client's clock may run a little ahead of the server's; past this, a time is a mistake.
CLOCK_SKEW_MS = 60_000


def now_ms() -> int:
    return int(datetime.now(UTC).timestamp() * 1000)


def parse_time(text: str) -> int:
    """A TIME argument: ISO 8601 to milliseconds, UTC without an offset, never the future."""
    try:
        parsed = datetime.fromisoformat(text.strip().replace("z", "Z"))
    except ValueError:
        raise InvalidTime(
            f"not an ISO 8601 time: {text!r} (expected e.g. 2026-11-23T01:00:00Z)"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return not_in_future(int(parsed.timestamp() * 1000))


def not_in_future(ms: int) -> int:
    """`ms` if it is not ahead of now. The catalog only knows what crawls saw, so an
    answer "as of" a future time would be today's data under tomorrow's date."""
    now = now_ms()
    if ms > now + CLOCK_SKEW_MS:
        raise InvalidTime(
            f"{format_time(ms)} is in the future (now is {format_time(now)}): "
            "the catalog only knows the past"
        )
    return ms


def format_time(ms: int | None) -> str | None:
    """Milliseconds to ISO 8601 UTC; None for END_OF_TIME (an open interval)."""
    if ms is None or ms >= END_OF_TIME:
        return None
    instant = datetime.fromtimestamp(ms / 1000, tz=UTC)
    return instant.isoformat(timespec="milliseconds").replace("+00:00", "Z")
