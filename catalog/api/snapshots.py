"""Snapshots at the root of the schema: read and compare them, take one, schedule them."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from catalog import applications as library
from catalog import snapshots
from catalog.api.applications import Schedule, Snapshot, SnapshotDiff
from catalog.api.context import Context
from catalog.api.permissions import operator
from catalog.aws.crawler import application_refresh
from catalog.errors import CairnError, NotFound
from catalog.schedules import (
    remove_snapshot_schedule,
    save_schedule,
    snapshot_schedule,
    snapshot_trigger,
)
from catalog.snapshot_diff import diff_by_id


@strawberry.input(description="Exactly one of daily, weekly, monthly or onDemand.")
class ScheduleInput:
    daily: str | None = strawberry.field(default=None, description="HH:MM")
    weekly: list[str] | None = strawberry.field(default=None, description='["MON", "01:00"]')
    monthly: list[str] | None = strawberry.field(default=None, description='["1", "01:00"]')
    on_demand: bool = False
    timezone: str = "UTC"


@strawberry.type
class SnapshotQuery:
    @strawberry.field
    async def snapshot(self, info: Info[Context, None], id: strawberry.ID) -> Snapshot | None:
        try:
            found = await info.context.in_thread(
                snapshots.get_snapshot, info.context.services.store, str(id)
            )
        except NotFound:
            return None
        return Snapshot.of(found)

    @strawberry.field(description="Between two snapshots of one application; `to` null means now.")
    async def snapshot_diff(
        self,
        info: Info[Context, None],
        from_: Annotated[strawberry.ID, strawberry.argument(name="from")],
        to: strawberry.ID | None = None,
    ) -> SnapshotDiff:
        found = await info.context.in_thread(
            diff_by_id, info.context.services.store, str(from_), None if to is None else str(to)
        )
        return SnapshotDiff.of(found)


@strawberry.type
class SnapshotMutation:
    @operator(description="Starts a snapshot (crawling first unless crawl is false); poll it.")
    async def take_snapshot(
        self, info: Info[Context, None], application: str, crawl: bool = True
    ) -> Snapshot:
        store = info.context.services.store
        refresh = application_refresh() if crawl else None

        def work(announce: Any) -> object:
            return snapshots.take_snapshot(store, application, refresh=refresh, on_begin=announce)

        started = await info.context.in_thread(
            info.context.services.background.start, f"snapshot of {application}", work
        )
        found = await info.context.in_thread(snapshots.get_snapshot, store, started)
        return Snapshot.of(found)

    @operator(description="Sets (or with onDemand removes) an application's snapshot schedule.")
    async def set_schedule(
        self, info: Info[Context, None], application: str, schedule: ScheduleInput
    ) -> Schedule | None:
        store = info.context.services.store

        def save() -> Any:
            library.get_application(store, application)
            if schedule.on_demand:
                remove_snapshot_schedule(store, application)
                return None
            trigger = snapshot_trigger(
                schedule.daily, _pair(schedule.weekly), _pair(schedule.monthly)
            )
            return save_schedule(store, snapshot_schedule(application, trigger, schedule.timezone))

        saved = await info.context.in_thread(save)
        return Schedule.of(saved) if saved else None


def _pair(values: list[str] | None) -> tuple[str, str] | None:
    if values is None:
        return None
    if len(values) != 2:
        raise CairnError(f"expected [DAY, HH:MM], got {values}")
    return values[0], values[1]
