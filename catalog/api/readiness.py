"""`readiness(application, targetRegion, at)`: what `cairn readiness` answers, for a portal
or a pipeline. Read from the catalog alone, so readers may ask."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from catalog.api.context import Context
from catalog.readiness import check as checks
from catalog.readiness.assess import Readiness as LibraryReadiness
from catalog.readiness.assess import assess
from catalog.snapshots import time_of


@strawberry.type(description="One line of evidence behind a check's verdict.")
class ReadinessFinding:
    verdict: str = strawberry.field(description="ready | at_risk | not_ready")
    text: str
    uid: str | None
    value: JSON | None = strawberry.field(description="What decided it: a TTL, an age, an RTO.")
    time: str | None

    @classmethod
    def of(cls, finding: checks.Finding) -> ReadinessFinding:
        return cls(**finding.document())


@strawberry.type(description="One readiness check: its verdict, a summary and its evidence.")
class ReadinessCheck:
    name: str
    verdict: str = strawberry.field(description="ready | at_risk | not_ready")
    summary: str
    evidence: list[ReadinessFinding]

    @classmethod
    def of(cls, check: checks.Check) -> ReadinessCheck:
        return cls(
            name=check.name,
            verdict=check.verdict.value,
            summary=check.summary,
            evidence=[ReadinessFinding.of(finding) for finding in check.evidence],
        )


@strawberry.type(
    description="Could the application be recovered into a region, against its "
    "RTO and RPO? The verdict is the worst check's."
)
class Readiness:
    application: str
    at: datetime
    target_region: str | None
    target_chosen_by: str = strawberry.field(description="asked | last drill | none")
    rto_minutes: int | None
    rpo_minutes: int | None
    verdict: str = strawberry.field(
        description="ready | at_risk | not_ready; `cairn readiness` exits 2 on not_ready."
    )
    checks: list[ReadinessCheck]

    @classmethod
    def of(cls, found: LibraryReadiness) -> Readiness:
        return cls(
            application=found.application,
            at=datetime.fromtimestamp(found.at / 1000, tz=UTC),
            target_region=found.target_region,
            target_chosen_by=found.target_chosen_by,
            rto_minutes=found.rto_minutes,
            rpo_minutes=found.rpo_minutes,
            verdict=found.verdict.value,
            checks=[ReadinessCheck.of(check) for check in found.checks],
        )


@strawberry.type
class ReadinessQuery:
    @strawberry.field(
        description="Restore coverage, data backups, region-scoped artifacts, DNS TTLs and "
        "drills of an application for a recovery into `targetRegion` (default: its last "
        "drill's), at `at` (ISO 8601 or a snapshot id; default now), from the catalog alone."
    )
    async def readiness(
        self,
        info: Info[Context, None],
        application: str,
        target_region: str | None = None,
        at: str | None = None,
    ) -> Readiness:
        store = info.context.services.store

        def check() -> LibraryReadiness:
            return assess(store, application, target_region, time_of(store, at))

        return Readiness.of(await info.context.in_thread(check))
