"""The restore point of each database and table a plan restores, against the RPO.

An emitter that restores data says how (`Emit.restores_data`): to a point in time, to
the latest restorable time, or from a snapshot copied into the target region. The plan
turns that into the point a person checks mid-incident: its time when the plan fixes it,
else the command that finds it where the data comes from, and what it costs against the
application's RPO (`cairn app create --rpo`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from catalog.clock import format_time, parse_time

MINUTE_MS = 60_000
# How far behind the failure the latest restorable time of RDS and DynamoDB usually is.
LATEST_LAG_MINUTES = 5
NO_RPO = "No RPO is set to measure it against (cairn app create ... --rpo MINUTES)"


class Method(StrEnum):
    """Where the data of one restored database or table comes from."""

    POINT_IN_TIME = "point_in_time"  # backups restored to a fixed time (`time`)
    LATEST_RESTORABLE_TIME = "latest_restorable_time"  # backups, as late as they go
    SNAPSHOT_COPY = "snapshot_copy"  # a snapshot copied into the target region
    EMPTY = "empty"  # nothing to restore from: created empty


@dataclass(frozen=True)
class DataSource:
    """What an emitter says about the data it restores. `command` finds the latest copy or
    restorable time where the data comes from; `time` (ISO 8601) is set when the plan fixes
    the point."""

    method: Method
    command: str | None = None
    time: str | None = None


@dataclass(frozen=True)
class RestorePoint:
    """One restored database's or table's restore point, as plan.json lists it."""

    uid: str
    address: str
    method: Method
    time: str | None
    rpo_minutes: int | None
    command: str | None

    @property
    def loss(self) -> str:
        """The data it loses, against the RPO, in sentences of the runbook."""
        rpo = self.rpo_minutes
        if self.method == Method.POINT_IN_TIME and self.time:
            against = (
                f"Within the RPO of {rpo} minutes only for a failure by "
                f"{format_time(parse_time(self.time) + rpo * MINUTE_MS)}; to lose less, set "
                "its restore time later, up to the latest restorable time"
                if rpo is not None
                else NO_RPO
            )
            return (
                f"restored to {self.time}, the snapshot's time: what was written after it "
                f"is lost. {against}"
            )
        if self.method == Method.LATEST_RESTORABLE_TIME:
            against = (
                f"{'Within' if rpo >= LATEST_LAG_MINUTES else 'Possibly beyond'} the RPO of "
                f"{rpo} minutes"
                if rpo is not None
                else NO_RPO
            )
            return (
                "restored to the latest restorable time, typically within "
                f"{LATEST_LAG_MINUTES} minutes of the failure: those minutes are lost. {against}"
            )
        if self.method == Method.SNAPSHOT_COPY:
            against = (
                f"Within the RPO of {rpo} minutes only if that copy was taken at most {rpo} "
                "minutes before the failure"
                if rpo is not None
                else NO_RPO
            )
            return (
                "restored to the time of the snapshot copy its variable names: what was "
                f"written after it is lost. {against}"
            )
        return "no backup to restore from: it comes back empty, every item lost"
