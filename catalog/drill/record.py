"""A drill's record in the graph: what it restored, how long each stage took, what it
found and what it left behind.

The record is written when the drill starts (status `running`) and rewritten as it goes,
so a drill killed mid-apply still says where its work directory and its copies are:
`cairn drill --cleanup DRILL_ID`, or the next drill of the application, finds them there.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from catalog.errors import NotFound
from catalog.graph.store import GraphStore

DRILL_ID_PREFIX = "drill-"


class DrillStatus(StrEnum):
    RUNNING = "running"  # or killed while running: its cleanup has not run
    PASSED = "passed"
    FAILED = "failed"


@dataclass(frozen=True)
class StageTime:
    """One stage as the drill applied it: the apply, then its gates."""

    name: str  # network, identity, data, compute, traffic, dns
    apply_seconds: float
    gate_seconds: float
    gates: list[dict[str, Any]] = field(default_factory=list)  # each gate's outcome

    @property
    def seconds(self) -> float:
        return self.apply_seconds + self.gate_seconds


@dataclass(frozen=True)
class Made:
    """Something the drill made outside Terraform (a snapshot copy) and must delete."""

    kind: str  # e.g. "rds-snapshot"
    region: str
    identifier: str


@dataclass
class DrillRecord:
    id: str
    application: str
    snapshot: str
    target_region: str
    target_account: str | None
    started_at: int
    workdir: str
    keep: bool = False  # --keep: what it restored stays up until `cairn drill --cleanup`
    services: list[str] = field(default_factory=list)  # what its cleanup crawls
    status: DrillStatus = DrillStatus.RUNNING
    finished_at: int | None = None
    stages: list[StageTime] = field(default_factory=list)
    made: list[Made] = field(default_factory=list)
    comparison: dict[str, Any] = field(default_factory=dict)
    left_behind: list[str] = field(default_factory=list)  # what the cleanup found still there
    cleaned_at: int | None = None  # when its cleanup found that nothing it made remains
    error: str | None = None

    @property
    def rto_seconds(self) -> float | None:
        """The measured RTO: every stage applied and its gates passed, end to end. None
        unless the drill passed."""
        if self.status != DrillStatus.PASSED:
            return None
        return round(sum(stage.seconds for stage in self.stages), 1)

    def document(self) -> dict[str, Any]:
        return {**asdict(self), "status": self.status.value, "rto_seconds": self.rto_seconds}


def new_drill_id() -> str:
    return DRILL_ID_PREFIX + secrets.token_hex(6)


def save_drill(store: GraphStore, record: DrillRecord) -> None:
    """Create or rewrite the record (idempotent: the drill saves it at every step)."""
    store.write(
        "save_drill",
        id=record.id,
        application=record.application,
        status=record.status.value,
        started_at=record.started_at,
        finished_at=record.finished_at,
        cleaned_at=record.cleaned_at,
        target_region=record.target_region,
        rto_seconds=record.rto_seconds,
        record=json.dumps(asdict(record), sort_keys=True),
    )


def get_drill(store: GraphStore, drill_id: str) -> DrillRecord:
    rows = store.read("drill_by_id", id=drill_id)
    if not rows:
        raise NotFound(f"no drill {drill_id!r} (see `cairn readiness APP` for an application's)")
    return _record(rows[0]["record"])


def drills_of(store: GraphStore, application: str) -> list[DrillRecord]:
    """An application's drills, newest first."""
    return [
        _record(row["record"])
        for row in store.read("drills_of_application", application=application)
    ]


def last_passed_drill(
    store: GraphStore, application: str, at: int, target_region: str | None = None
) -> DrillRecord | None:
    """The newest drill that passed by `at`, into `target_region` if given."""
    rows = store.read(
        "last_passed_drill", application=application, at=at, target_region=target_region
    )
    return _record(rows[0]["record"]) if rows else None


def unfinished_drills(store: GraphStore, application: str) -> list[DrillRecord]:
    """Drills whose cleanup has not found that nothing they made remains (killed, kept
    with --keep, or cleaned up with something left), oldest first."""
    return [
        _record(row["record"]) for row in store.read("unfinished_drills", application=application)
    ]


def _record(text: str) -> DrillRecord:
    data = json.loads(text)
    return DrillRecord(
        **{
            **data,
            "status": DrillStatus(data["status"]),
            "stages": [StageTime(**stage) for stage in data["stages"]],
            "made": [Made(**made) for made in data["made"]],
        }
    )
