"""Applications, their assets, snapshots and schedules in GraphQL; the application fields
of the root types."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from catalog import applications as library
from catalog import scope as scopes
from catalog import snapshots
from catalog.api.context import Context
from catalog.api.permissions import operator
from catalog.api.resource import Resource, millis, resource_at
from catalog.api.types import AttributeChange, Hop, TypeCount, instant
from catalog.aws.registry import TERRAFORM_TYPES
from catalog.errors import NotFound
from catalog.schedules import Schedule as LibrarySchedule
from catalog.schedules import list_schedules, next_run
from catalog.snapshot_diff import SnapshotDiff as LibrarySnapshotDiff


@strawberry.type(description="A tag key and the values that satisfy it.")
class TagTerm:
    key: str
    values: list[str]


@strawberry.type(description="One asset of an application, with why it is in scope.")
class Asset:
    uid: strawberry.ID
    type: str
    name: str | None
    account: str
    region: str
    reason: str = strawberry.field(description="tagged | part | dependency")
    path: list[Hop] = strawberry.field(description="How a dependency or part was reached.")
    stage: str | None = strawberry.field(
        description="The restore stage of its type: network | identity | data | compute | "
        "traffic | dns; null when a restore does not write its type."
    )
    at: strawberry.Private[int]

    @classmethod
    def of(cls, asset: scopes.Asset, at: int) -> Asset:
        return cls(**_asset_fields(asset), stage=restore_stage(asset.type), at=at)

    @strawberry.field(description="The asset's version at the scope's time.")
    async def resource(self, info: Info[Context, None]) -> Resource | None:
        return await resource_at(info.context, self.uid, self.at)


def restore_stage(resource_type: str) -> str | None:
    declared = TERRAFORM_TYPES.get(resource_type)
    return declared.stage.label if declared else None


def _asset_fields(asset: scopes.Asset) -> dict[str, Any]:
    """What an asset and a pinned asset say alike: which resource, and why it is in scope."""
    return {
        "uid": strawberry.ID(asset.uid),
        "type": asset.type,
        "name": asset.name,
        "account": asset.account,
        "region": asset.region,
        "reason": asset.reason,
        "path": Hop.of(asset.path),
    }


@strawberry.type(description="A reference from an asset to something not restored with it.")
class OutsideReference:
    source: str
    target: str
    field: str
    kind: str
    target_type: str | None
    reason: str = strawberry.field(description="other-application | not-crawled | absent")
    owner: str | None

    @classmethod
    def of(cls, item: scopes.OutsideReference) -> OutsideReference:
        hop = item.reference
        return cls(
            source=hop.source,
            target=hop.target,
            field=hop.field,
            kind=hop.kind,
            target_type=item.target_type,
            reason=item.reason,
            owner=item.owner,
        )


@strawberry.type
class Assets:
    at: datetime
    count: int
    by_type: list[TypeCount]
    assets: list[Asset]
    outside: list[OutsideReference]
    references: list[Hop] = strawberry.field(
        description="The references between its assets at its time: its dependency graph's "
        "edges, by source, field and target (those leaving it are `outside`)."
    )

    @classmethod
    def of(cls, found: scopes.Scope) -> Assets:
        return cls(
            at=instant(found.at),  # type: ignore[arg-type]
            count=len(found.assets),
            by_type=TypeCount.of(found.assets),
            assets=[Asset.of(asset, found.at) for asset in found.assets],
            outside=[OutsideReference.of(item) for item in found.outside],
            references=Hop.of(found.inner_references()),
        )


@strawberry.type
class Schedule:
    id: str
    kind: str = strawberry.field(description="snapshot | crawl")
    trigger: JSON
    timezone: str
    application: str | None
    regions: list[str]
    profile: str | None
    next_run: datetime | None

    @classmethod
    def of(cls, schedule: LibrarySchedule) -> Schedule:
        return cls(
            id=schedule.id,
            kind=schedule.kind,
            trigger=JSON(schedule.trigger),
            timezone=schedule.timezone,
            application=schedule.application,
            regions=list(schedule.regions),
            profile=schedule.profile,
            next_run=next_run(schedule, datetime.now(UTC)),
        )


@strawberry.type(description="An application's working state, pinned.")
class Snapshot:
    id: strawberry.ID
    application: str
    status: str = strawberry.field(description="taking | complete | failed")
    trigger: str
    started_at: datetime
    at: datetime | None
    finished_at: datetime | None
    asset_count: int | None
    run: str | None = strawberry.field(description="The crawl that refreshed the catalog first.")
    error: str | None

    @classmethod
    def of(cls, snapshot: snapshots.Snapshot) -> Snapshot:
        return cls(
            id=strawberry.ID(snapshot.id),
            application=snapshot.application,
            status=snapshot.status,
            trigger=snapshot.trigger,
            started_at=instant(snapshot.started_at),  # type: ignore[arg-type]
            at=instant(snapshot.at),
            finished_at=instant(snapshot.finished_at),
            asset_count=snapshot.asset_count,
            run=snapshot.run,
            error=snapshot.error,
        )

    @strawberry.field(description="The pinned assets, with each version's tags and properties.")
    async def assets(self, info: Info[Context, None]) -> list[PinnedAsset]:
        context = info.context

        def read() -> list[snapshots.PinnedAsset]:
            store = context.services.store
            return snapshots.pinned_assets(store, snapshots.get_snapshot(store, self.id))

        return [PinnedAsset.of(pinned) for pinned in await context.in_thread(read)]


@strawberry.type
class PinnedAsset:
    uid: strawberry.ID
    type: str
    name: str | None
    account: str
    region: str
    reason: str
    path: list[Hop]
    tags: JSON
    properties: JSON

    @classmethod
    def of(cls, pinned: snapshots.PinnedAsset) -> PinnedAsset:
        return cls(
            **_asset_fields(pinned.asset),
            tags=pinned.document["tags"],
            properties=pinned.document["properties"],
        )


@strawberry.type
class AssetChange:
    uid: str
    type: str
    name: str | None
    kind: str = strawberry.field(description="added | removed | changed")
    changes: list[AttributeChange]


@strawberry.type
class SnapshotDiff:
    before: str
    after: str = strawberry.field(description="A snapshot id, or `now`.")
    before_at: datetime
    after_at: datetime
    added: int
    removed: int
    changed: int
    unchanged: int
    changes: list[AssetChange]

    @classmethod
    def of(cls, found: LibrarySnapshotDiff) -> SnapshotDiff:
        kinds = [change.kind for change in found.changes]
        return cls(
            before=found.before,
            after=found.after,
            before_at=instant(found.before_at),  # type: ignore[arg-type]
            after_at=instant(found.after_at),  # type: ignore[arg-type]
            added=kinds.count("added"),
            removed=kinds.count("removed"),
            changed=kinds.count("changed"),
            unchanged=found.unchanged,
            changes=[
                AssetChange(
                    uid=c.uid,
                    type=c.type,
                    name=c.name,
                    kind=c.kind,
                    changes=AttributeChange.of(c.changes),
                )
                for c in found.changes
            ],
        )


@strawberry.type(description="A tag scope over an account and regions, plus what it needs.")
class Application:
    name: str
    tags: list[TagTerm]
    account: str | None
    regions: list[str]
    rpo_minutes: int | None
    rto_minutes: int | None
    keep_last: int | None
    keep_days: int | None
    created_at: datetime
    contacts: list[TagTerm] = strawberry.field(
        description="Who does what in a recovery (key: the role, values: who)."
    )

    @classmethod
    def of(cls, app: library.Application) -> Application:
        return cls(
            name=app.name,
            tags=[TagTerm(key=key, values=list(values)) for key, values in app.tags.terms],
            account=app.account,
            regions=list(app.regions),
            rpo_minutes=app.rpo_minutes,
            rto_minutes=app.rto_minutes,
            keep_last=app.retention.keep_last,
            keep_days=app.retention.keep_days,
            created_at=instant(app.created_at),  # type: ignore[arg-type]
            contacts=[TagTerm(key=role, values=[who]) for role, who in app.contacts],
        )

    @strawberry.field(description="Its assets at a time (default now), each with its reason.")
    async def assets(self, info: Info[Context, None], at: datetime | None = None) -> Assets:
        return Assets.of(await resolve_scope(info.context, self.name, millis(at)))

    @strawberry.field(description="Newest first.")
    async def snapshots(self, info: Info[Context, None]) -> list[Snapshot]:
        store = info.context.services.store
        found = await info.context.in_thread(snapshots.list_snapshots, store, self.name)
        return [Snapshot.of(snapshot) for snapshot in found]

    @strawberry.field(description="Its snapshot schedule; null when on demand only.")
    async def schedule(self, info: Info[Context, None]) -> Schedule | None:
        found = await info.context.in_thread(list_schedules, info.context.services.store)
        return next(
            (Schedule.of(s) for s in found if s.kind == "snapshot" and s.application == self.name),
            None,
        )


async def resolve_scope(context: Context, name: str, at: int) -> scopes.Scope:
    """The application's assets at `at`; none (not an error) when its filter matches
    nothing then, so that one application defined before its first crawl, or a time
    before it existed, does not fail a whole `applications` list or inventory page."""
    store = context.services.store

    def resolve() -> scopes.Scope:
        app = library.get_application(store, name)
        try:
            return scopes.resolve(store, app, at, library.list_applications(store))
        except scopes.EmptyScope:
            return scopes.Scope(app.name, at, [])

    return await context.in_thread(resolve)


@strawberry.input
class ApplicationInput:
    name: str
    tags: list[str] = strawberry.field(description="KEY=VALUE; KEY=V1,V2 accepts several.")
    account: str | None = None
    regions: list[str] = strawberry.field(default_factory=list)
    rpo_minutes: int | None = None
    rto_minutes: int | None = None
    keep_last: int | None = None
    keep_days: int | None = None
    allow_empty: bool = False
    contacts: list[str] = strawberry.field(
        default_factory=list, description="ROLE=WHO: commander, executor, validator, communicator."
    )


@strawberry.type
class ApplicationQuery:
    @strawberry.field
    async def applications(self, info: Info[Context, None]) -> list[Application]:
        found = await info.context.in_thread(library.list_applications, info.context.services.store)
        return [Application.of(app) for app in found]

    @strawberry.field
    async def application(self, info: Info[Context, None], name: str) -> Application | None:
        try:
            found = await info.context.in_thread(
                library.get_application, info.context.services.store, name
            )
        except NotFound:
            return None
        return Application.of(found)


@strawberry.type
class ApplicationMutation:
    @operator()
    async def create_application(
        self, info: Info[Context, None], input: ApplicationInput
    ) -> Application:
        store = info.context.services.store

        def create() -> library.Application:
            definition = library.define(
                input.name,
                input.tags,
                input.account,
                input.regions,
                input.rpo_minutes,
                input.rto_minutes,
                library.Retention(input.keep_last, input.keep_days),
                input.contacts,
            )
            scopes.add_application(store, definition, input.allow_empty)
            return definition

        return Application.of(await info.context.in_thread(create))

    @operator(description="Change an application's RPO, RTO or retention; null keeps a field.")
    async def update_application(
        self,
        info: Info[Context, None],
        name: str,
        rpo_minutes: int | None = None,
        rto_minutes: int | None = None,
        keep_last: int | None = None,
        keep_days: int | None = None,
    ) -> Application:
        updated = await info.context.in_thread(
            library.update_application,
            info.context.services.store,
            name,
            rpo_minutes,
            rto_minutes,
            library.Retention(keep_last, keep_days),
        )
        return Application.of(updated)

    @operator()
    async def delete_application(self, info: Info[Context, None], name: str) -> bool:
        await info.context.in_thread(library.delete_application, info.context.services.store, name)
        return True
