"""Drills at the root of the schema: an application's drills, one drill, start one."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from catalog.api.context import Context
from catalog.api.permissions import operator
from catalog.api.types import instant
from catalog.drill import record as library
from catalog.drill.runner import DrillRequest, run_drill
from catalog.errors import NotFound

log = logging.getLogger(__name__)


@strawberry.type(description="One stage as a drill applied it: the apply, then its gates.")
class DrillStage:
    name: str
    apply_seconds: float
    gate_seconds: float
    seconds: float
    gates: JSON = strawberry.field(description="Each gate: name, passed (null: unverified), ...")

    @classmethod
    def of(cls, stage: library.StageTime) -> DrillStage:
        return cls(
            name=stage.name,
            apply_seconds=stage.apply_seconds,
            gate_seconds=stage.gate_seconds,
            seconds=stage.seconds,
            gates=JSON(stage.gates),
        )


@strawberry.type(description="Something a drill made outside Terraform, deleted by its cleanup.")
class DrillMade:
    kind: str
    region: str
    identifier: str


@strawberry.type(description="A restore applied for real, checked, timed and cleaned up.")
class Drill:
    id: str
    application: str
    snapshot: str
    target_region: str
    target_account: str | None
    status: str = strawberry.field(description="running | passed | failed")
    started_at: datetime | None
    finished_at: datetime | None
    rto_seconds: float | None = strawberry.field(
        description="The measured RTO: every stage applied and its gates passed (passed only)."
    )
    stages: list[DrillStage]
    made: list[DrillMade]
    comparison: JSON = strawberry.field(description="The restored application against the source.")
    left_behind: list[str] = strawberry.field(description="What its cleanup still found.")
    cleaned_at: datetime | None = strawberry.field(
        description="When its cleanup found nothing left; null: not cleaned up (yet)."
    )
    keep: bool
    error: str | None

    @classmethod
    def of(cls, found: library.DrillRecord) -> Drill:
        return cls(
            id=found.id,
            application=found.application,
            snapshot=found.snapshot,
            target_region=found.target_region,
            target_account=found.target_account,
            status=found.status.value,
            started_at=instant(found.started_at),
            finished_at=instant(found.finished_at),
            rto_seconds=found.rto_seconds,
            stages=[DrillStage.of(stage) for stage in found.stages],
            made=[
                DrillMade(kind=m.kind, region=m.region, identifier=m.identifier) for m in found.made
            ],
            comparison=JSON(found.comparison),
            left_behind=found.left_behind,
            cleaned_at=instant(found.cleaned_at),
            keep=found.keep,
            error=found.error,
        )


@strawberry.type
class DrillQuery:
    @strawberry.field(description="An application's drills, newest first.")
    async def drills(self, info: Info[Context, None], application: str) -> list[Drill]:
        found = await info.context.in_thread(
            library.drills_of, info.context.services.store, application
        )
        return [Drill.of(drill) for drill in found]

    @strawberry.field
    async def drill(self, info: Info[Context, None], id: str) -> Drill | None:
        try:
            found = await info.context.in_thread(library.get_drill, info.context.services.store, id)
        except NotFound:
            return None
        return Drill.of(found)


@strawberry.input(description="A plan input the drill cannot supply itself, as `--var NAME=VALUE`.")
class DrillVariable:
    name: str
    value: str


@strawberry.type
class DrillMutation:
    @operator(
        description="Starts a drill with the server's terraform and AWS credentials; poll it. "
        "It destroys what it restored unless keep is true."
    )
    async def start_drill(
        self,
        info: Info[Context, None],
        application: str,
        target_region: str,
        target_account: str | None = None,
        snapshot: str | None = None,
        at: str | None = None,
        keep: bool = False,
        variables: list[DrillVariable] | None = None,
    ) -> Drill:
        store = info.context.services.store
        request = DrillRequest(
            application=application,
            target_region=target_region,
            target_account=target_account,
            snapshot_id=snapshot,
            at=at,
            keep=keep,
            given={variable.name: variable.value for variable in variables or []},
        )

        def work(announce: Any) -> object:
            return run_drill(store, request, log.info, on_start=announce)

        started = await info.context.in_thread(
            info.context.services.background.start, f"drill of {application}", work
        )
        found = await info.context.in_thread(library.get_drill, store, started)
        return Drill.of(found)
