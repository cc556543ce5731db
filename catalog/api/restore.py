"""`restorePlan`: a restore plan for a portal, built and answered, written nowhere.

The plan comes from `catalog.restore.request.plan_restore`, the function `cairn
restore plan` calls, so its files are byte for byte what the CLI writes for the
same input; the stages and the checklist are the plan's and the runbook's own
structures, not a parse of the text. Secret values are never in a plan (they are
sensitive variables), so nothing here needs masking.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from catalog.api.applications import OutsideReference
from catalog.api.context import Context
from catalog.api.resource import millis
from catalog.api.types import instant
from catalog.errors import CairnError
from catalog.restore import restore_point, runbook
from catalog.restore.planner import RestorePlan as LibraryPlan
from catalog.restore.planner import Variable, plan_document
from catalog.restore.renaming import Renamed
from catalog.restore.request import Spelling, plan_restore, restore_target

NEITHER_OR_BOTH = "give either snapshot, or application (and at)"


@strawberry.enum(description="How the plan meets what exists.")
class RestoreMode(Enum):
    NEW = "new"  # build everything into an empty target
    IN_PLACE = "in-place"  # adopt what still exists, create what is missing, undo drift


# How the messages of catalog.restore.request name the target's settings here.
SPELLING = Spelling(
    region="target.region",
    account="target.account",
    az_map="target.azMap",
    name_suffix="target.nameSuffix",
    mode="target.mode",
    in_place="mode IN_PLACE",
)


@strawberry.input(description="Where a restore goes; every field defaults to the source's.")
class RestoreTargetInput:
    region: str | None = None
    account: str | None = strawberry.field(
        default=None, description="12 digits: the only account the plan may apply to."
    )
    az_map: list[str] = strawberry.field(
        default_factory=list,
        description="SOURCE_AZ=TARGET_AZ; default: the same zone letters in the target region.",
    )
    name_suffix: str | None = strawberry.field(
        default=None,
        description='Added to the names still taken where the restore lands (default "-dr"; '
        '"" keeps every name).',
    )
    mode: RestoreMode = RestoreMode.NEW


@strawberry.type(description="Where the plan restores to.")
class RestoreTarget:
    region: str | None
    account: str | None
    name_suffix: str = strawberry.field(description="What renamed names were given.")
    mode: RestoreMode


@strawberry.type(description="A name the restore changed: the source still holds it there.")
class RenamedResource:
    uid: strawberry.ID
    type: str
    source_name: str
    restored_name: str

    @classmethod
    def of(cls, renamed: Renamed) -> RenamedResource:
        return cls(
            uid=strawberry.ID(renamed.uid),
            type=renamed.type,
            source_name=renamed.source,
            restored_name=renamed.restored,
        )


@strawberry.type(description="An `import` block: adopt the resource that exists as `id`.")
class ImportBlock:
    to: str
    id: str


@strawberry.type(description="A pinned resource and the Terraform that restores it.")
class PlanResource:
    address: str
    uid: strawberry.ID
    type: str
    depends_on: list[str] = strawberry.field(
        description="Addresses of the planned resources it refers to."
    )
    blocks: list[str] = strawberry.field(
        description="Every block written for it: the resource and its rules, policies..."
    )
    imports: list[ImportBlock] = strawberry.field(description="In place only.")

    @classmethod
    def of(cls, resource: dict[str, Any]) -> PlanResource:
        """From a resource of plan.json's stages."""
        return cls(
            address=resource["address"],
            uid=strawberry.ID(resource["uid"]),
            type=resource["type"],
            depends_on=resource["depends_on"],
            blocks=resource["blocks"],
            imports=[ImportBlock(**block) for block in resource["imports"]],
        )


@strawberry.type(description="One stage of the restore, in order, and the file it is in.")
class RestoreStage:
    name: str = strawberry.field(description="network | identity | data | compute | traffic | dns")
    file: str
    resources: list[PlanResource] = strawberry.field(description="Dependencies first.")


@strawberry.type(description="A file of the plan, as `cairn restore plan` writes it.")
class RestoreFile:
    path: str
    content: str


@strawberry.type(description="An input the reviewer sets (or accepts the default of).")
class RestoreVariable:
    name: str
    description: str
    type: str
    sensitive: bool
    default: JSON | None = strawberry.field(description="Null: the reviewer must set it.")
    purpose: str = strawberry.field(
        description="What it asks for: outside_reference, image, artifact, database_snapshot, "
        "database_source, table_source, restore_time, secret_value, config_value or switch."
    )
    uid: strawberry.ID | None = strawberry.field(
        default=None, description="The resource it belongs to; null: the whole plan's."
    )

    @classmethod
    def of(cls, variable: Variable) -> RestoreVariable:
        # Not its digest: a restore plan has no use for it (drift reads it from the plan).
        return cls(**{k: v for k, v in asdict(variable).items() if k != "digest"})


@strawberry.type(
    description="A value that named resources of the source (a CNAME's target, an "
    "environment value), as the plan writes it to name the restored ones."
)
class RewiredValue:
    uid: strawberry.ID = strawberry.field(description="The resource holding the value.")
    address: str
    field: str = strawberry.field(description="Where the value is in its properties.")
    value: str = strawberry.field(description="As the source held it.")
    written: str = strawberry.field(description="The Terraform expression written instead.")
    names: list[strawberry.ID] = strawberry.field(description="The resources it names.")


@strawberry.type(description="A pinned resource the plan leaves out, and why.")
class NotRestored:
    uid: strawberry.ID
    type: str
    reason: str


@strawberry.type(description="The point one restored database or table comes back to.")
class RestorePoint:
    uid: strawberry.ID
    address: str
    method: str = strawberry.field(
        description="point_in_time, latest_restorable_time, snapshot_copy or empty."
    )
    time: str | None = strawberry.field(
        description="ISO 8601, where the plan fixes it; null: the command finds it."
    )
    rpo_minutes: int | None = strawberry.field(description="The application's RPO, if set.")
    command: str | None = strawberry.field(
        description="Finds the latest snapshot copy or restorable time where the data comes from."
    )
    loss: str = strawberry.field(description="The data it loses, against the RPO.")

    @classmethod
    def of(cls, point: restore_point.RestorePoint) -> RestorePoint:
        return cls(
            uid=strawberry.ID(point.uid),
            address=point.address,
            method=str(point.method),
            time=point.time,
            rpo_minutes=point.rpo_minutes,
            command=point.command,
            loss=point.loss,
        )


@strawberry.type(description="Apply one stage, then check its gate before the next.")
class CutoverStep:
    stage: str
    title: str
    file: str
    command: str = strawberry.field(description="The `terraform apply -target=...` to run.")
    gate: str = strawberry.field(description="What must hold before the next step starts.")


@strawberry.type(description="An ACM certificate requested anew in the target region.")
class CertificateCheck:
    domain: str
    address: str
    arn: str = strawberry.field(description="Its ARN once applied, as a shell expression.")
    validation: str


@strawberry.type(description="A DNS record the cutover moves, and how to move it back.")
class DnsCutover:
    name: str
    type: str
    ttl: int | None = strawberry.field(description="Null for an alias.")
    wait: str | None = strawberry.field(description="How long clients may keep the old answer.")
    previous: str = strawberry.field(description="The value to point back to on rollback.")
    alias: bool


@strawberry.type(description="RUNBOOK.md's executable part, structured.")
class CutoverChecklist:
    steps: list[CutoverStep]
    data: str | None = strawberry.field(description="How the data comes back, against the RPO.")
    certificates: list[CertificateCheck]
    records: list[DnsCutover]

    @classmethod
    def of(cls, found: runbook.Checklist) -> CutoverChecklist:
        return cls(
            steps=[
                CutoverStep(
                    stage=s.name, title=s.title, file=s.file, command=s.command, gate=s.gate
                )
                for s in found.stages
            ],
            data=found.database or None,
            certificates=[
                CertificateCheck(
                    domain=c.domain, address=c.address, arn=c.arn, validation=c.validation
                )
                for c in found.certificates
            ],
            records=[
                DnsCutover(
                    name=r.name,
                    type=r.type,
                    ttl=r.ttl,
                    wait=r.wait or None,
                    previous=r.previous,
                    alias=r.alias,
                )
                for r in found.records
            ],
        )


@strawberry.type(description="Ordered Terraform, plan.json and a runbook for a restore.")
class RestorePlan:
    snapshot: str = strawberry.field(description="The snapshot id, or APP@TIME for a time.")
    application: str
    at: datetime = strawberry.field(description="The time of the state it restores.")
    source_region: str | None
    target: RestoreTarget
    stages: list[RestoreStage]
    files: list[RestoreFile] = strawberry.field(description="In path order.")
    checklist: CutoverChecklist
    variables: list[RestoreVariable]
    outside: list[OutsideReference] = strawberry.field(
        description="References leaving the application: variables or data sources here."
    )
    not_restored: list[NotRestored]
    rewired: list[RewiredValue]
    restore_points: list[RestorePoint] = strawberry.field(
        description="Each restored database's and table's restore point, against the RPO."
    )
    renamed: list[RenamedResource] = strawberry.field(
        description="Names changed because the source holds them where the plan lands: "
        "whatever outside the application names them must be told."
    )

    @classmethod
    def of(cls, plan: LibraryPlan) -> RestorePlan:
        planned = {r.uid for r in plan.resources} | {item["uid"] for item in plan.not_restored}
        return cls(
            snapshot=plan.snapshot.id,
            application=plan.snapshot.application,
            at=instant(plan.snapshot.at),  # type: ignore[arg-type]
            source_region=plan.source_region,
            target=RestoreTarget(
                region=plan.target.region or plan.source_region,
                account=plan.target.account,
                name_suffix=plan.target.suffix,
                mode=RestoreMode(plan.target.mode),
            ),
            stages=[
                RestoreStage(
                    name=stage["stage"],
                    file=stage["file"],
                    resources=[PlanResource.of(r) for r in stage["resources"]],
                )
                for stage in plan_document(plan)["stages"]
            ],
            files=[RestoreFile(path=path, content=plan.files[path]) for path in sorted(plan.files)],
            checklist=CutoverChecklist.of(runbook.checklist(plan)),
            variables=[RestoreVariable.of(variable) for variable in plan.variables],
            outside=[
                OutsideReference.of(item)
                for item in plan.snapshot.outside
                if item.reference.source in planned
            ],
            not_restored=[
                NotRestored(uid=strawberry.ID(i["uid"]), type=i["type"], reason=i["reason"])
                for i in plan.not_restored
            ],
            rewired=[
                RewiredValue(
                    uid=strawberry.ID(r.uid),
                    address=r.address,
                    field=rewired.field,
                    value=rewired.value,
                    written=rewired.written,
                    names=[strawberry.ID(uid) for uid in rewired.names],
                )
                for r in plan.resources
                for rewired in r.rewired
            ],
            restore_points=[RestorePoint.of(point) for point in plan.restore_points],
            renamed=[RenamedResource.of(renamed) for renamed in plan.renamed],
        )


async def restore_plan(
    context: Context,
    snapshot: str | None,
    application: str | None,
    at: datetime | None,
    target: RestoreTargetInput | None,
    only: list[str] | None,
) -> RestorePlan:
    """The plan of a snapshot, or of an application at a time (default now)."""
    if (snapshot is None) == (application is None):
        raise CairnError(NEITHER_OR_BOTH)
    if snapshot is not None and at is not None:
        raise CairnError("at goes with application: a snapshot restores the time it was taken")
    wanted = target or RestoreTargetInput()
    checked = restore_target(
        wanted.region,
        wanted.account,
        wanted.az_map,
        wanted.name_suffix,
        wanted.mode.value,
        SPELLING,
    )
    moment = millis(at) if application is not None else None
    store = context.services.store

    def build() -> LibraryPlan:
        return plan_restore(
            store,
            checked,
            SPELLING,
            snapshot_id=snapshot,
            application=application,
            at=moment,
            only=only,
        )

    return RestorePlan.of(await context.in_thread(build))


@strawberry.type
class RestoreQuery:
    @strawberry.field(
        description="Terraform, plan.json and runbook for a snapshot, or an application at a "
        "time (default now); written nowhere."
    )
    async def restore_plan(
        self,
        info: Info[Context, None],
        snapshot: strawberry.ID | None = None,
        application: str | None = None,
        at: datetime | None = None,
        target: RestoreTargetInput | None = None,
        only: Annotated[
            list[str] | None,
            strawberry.argument(description="These uids and what they need; default all."),
        ] = None,
    ) -> RestorePlan:
        return await restore_plan(info.context, snapshot, application, at, target, only)
