"""`assess`: every readiness check of an application at a time, and the overall verdict."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from catalog.applications import check_regions, get_application
from catalog.clock import format_time
from catalog.drill.record import last_passed_drill
from catalog.graph.store import GraphStore
from catalog.readiness import artifacts, coverage, data, dns, drills
from catalog.readiness.check import Check, Subject, Verdict, worst
from catalog.restore.source import at_time

CHECKS: tuple[Callable[[Subject], Check], ...] = (
    coverage.check,
    data.check,
    artifacts.check,
    dns.check,
    drills.check,
)


@dataclass(frozen=True)
class Readiness:
    application: str
    at: int
    target_region: str | None
    target_chosen_by: str  # asked | last drill | none
    rto_minutes: int | None
    rpo_minutes: int | None
    checks: list[Check]

    @property
    def verdict(self) -> Verdict:
        return worst(check.verdict for check in self.checks)

    def document(self) -> dict[str, Any]:
        return {
            "application": self.application,
            "at": format_time(self.at),
            "target_region": self.target_region,
            "target_chosen_by": self.target_chosen_by,
            "rto_minutes": self.rto_minutes,
            "rpo_minutes": self.rpo_minutes,
            "verdict": self.verdict.value,
            "checks": [check.document() for check in self.checks],
        }


def assess(store: GraphStore, name: str, target_region: str | None, at: int) -> Readiness:
    """The application as the catalog saw it at `at`, checked for a recovery into
    `target_region` (default: the region of its last drill that passed by then)."""
    if target_region is not None:
        check_regions([target_region])
    application = get_application(store, name)
    if target_region is not None:
        chosen_by = "asked"
    else:
        drill = last_passed_drill(store, name, at)
        target_region = drill.target_region if drill else None
        chosen_by = "last drill" if drill else "none"
    snapshot, pinned = at_time(store, name, at)
    subject = Subject(store, application, at, target_region, snapshot, pinned)
    return Readiness(
        application.name,
        at,
        target_region,
        chosen_by,
        application.rto_minutes,
        application.rpo_minutes,
        [run(subject) for run in CHECKS],
    )
