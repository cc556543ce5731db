"""`drift(application, tfstate)`: what `cairn drift` answers, for a portal.

The state is read by the server: a path on the server's disk or an S3 object
read with the server's AWS credentials. That is a read of whatever the server
can reach, not of the catalog, so only operators may ask (see permissions.py), only
under the places its operator allows (catalog/drift/sources.py), and no more than
the state size limit (CAIRN_MAX_STATE_BYTES).
"""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from catalog.api.context import Context
from catalog.api.permissions import ReadsAsTheServer
from catalog.api.resource import millis
from catalog.drift.check import DriftReport as LibraryReport
from catalog.drift.check import check_drift
from catalog.drift.findings import Finding
from catalog.drift.sources import allowed_state
from catalog.drift.state import load_state


@strawberry.type(description="One difference, and what the next `terraform apply` does to it.")
class DriftFinding:
    kind: str = strawberry.field(description="changed | runtime-only | unmanaged | missing")
    action: str = strawberry.field(description="What apply does: update | delete | create | none")
    uid: str | None
    address: str = strawberry.field(description="Its address in the state (or as Cairn names it).")
    resource_type: str
    attribute: str | None
    declared: JSON | None
    runtime: JSON | None
    sentence: str

    @classmethod
    def of(cls, finding: Finding) -> DriftFinding:
        return cls(**finding.document())  # the CLI's --json document, field for field


@strawberry.type(description="An application against the Terraform state declared for it.")
class DriftReport:
    application: str
    at: datetime
    tfstate: str
    drift: bool = strawberry.field(description="True when `cairn drift` would exit 2.")
    matched: int = strawberry.field(description="State resources matched to the application's.")
    findings: list[DriftFinding]
    outside_application: list[str]
    not_compared: list[str]

    @classmethod
    def of(cls, report: LibraryReport) -> DriftReport:
        return cls(
            application=report.application,
            at=datetime.fromtimestamp(report.at / 1000, tz=UTC),
            tfstate=report.state.source,
            drift=report.drifted,
            matched=report.matched,
            findings=[DriftFinding.of(finding) for finding in report.findings],
            outside_application=report.outside,
            not_compared=report.not_compared,
        )


async def drift_report(
    context: Context, application: str, tfstate: str, at: datetime | None
) -> DriftReport:
    moment = millis(at)

    def check() -> LibraryReport:
        state = load_state(allowed_state(tfstate))
        return check_drift(context.services.store, application, state, moment)

    return DriftReport.of(await context.in_thread(check))


@strawberry.type
class DriftQuery:
    @strawberry.field(
        permission_classes=[ReadsAsTheServer],
        description="An application (at a time, default now) against the Terraform state "
        "declared for it: a path on the server or s3://BUCKET/KEY, under CAIRN_STATE_PATHS. "
        "Operators only.",
    )
    async def drift(
        self,
        info: Info[Context, None],
        application: str,
        tfstate: str,
        at: datetime | None = None,
    ) -> DriftReport:
        return await drift_report(info.context, application, tfstate, at)
