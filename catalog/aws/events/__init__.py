"""EventBridge: event buses and the rules on them, with their targets.

This package names every EventBridge type once; the declarations are event_bus.py
and rule.py. The default bus exists in every account and region: it is neither
crawled nor restored, and a rule on it names no bus.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog.aws.spec import Found

EVENT_BUS = "AWS::Events::EventBus"
RULE = "AWS::Events::Rule"
DEFAULT_BUS = "default"


def event_buses(events: Any) -> Iterator[dict[str, Any]]:
    """Every bus of the region, the default one included (list_event_buses has no paginator)."""
    params: dict[str, Any] = {}
    while True:
        page = events.list_event_buses(**params)
        yield from page.get("EventBuses", ())
        if not page.get("NextToken"):
            return
        params["NextToken"] = page["NextToken"]


def bus_named(found: Found) -> str | None:
    """Resolver of a reference to a bus by name, in the holder's account and region;
    None for the default bus, which Cairn neither crawls nor restores."""
    name = found.value
    if not name or name == DEFAULT_BUS:
        return None
    if name.startswith("arn:"):
        return str(name)
    return f"arn:aws:events:{found.scope.region}:{found.scope.account}:event-bus/{name}"
