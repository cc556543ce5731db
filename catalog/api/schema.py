"""The GraphQL schema: queries for readers, mutations for operators, with limits."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Annotated, Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.permission import BasePermission
from strawberry.types import ExecutionContext, Info

from catalog import applications as library
from catalog import snapshots
from catalog.api.applications import Application, Schedule, Snapshot, SnapshotDiff, resolve_scope
from catalog.api.background import LEASE_WAIT_S
from catalog.api.context import Context
from catalog.api.drift import DriftReport, drift_report
from catalog.api.resource import (
    Impact,
    PageInfo,
    Resource,
    ResourceConnection,
    ResourceEdge,
    ResourceFilter,
    check_depth,
    check_page_size,
    check_tag_pair,
    decode_cursor,
    encode_cursor,
    impact_of,
    millis,
    resource_cursor,
)
from catalog.api.restore import RestorePlan, RestoreTargetInput, restore_plan
from catalog.api.types import Change, Run
from catalog.aws.crawler import application_refresh, crawl, select_types
from catalog.aws.session import AwsAccount
from catalog.errors import CairnError, NotFound
from catalog.graph import impact as graph_impact
from catalog.graph.reader import GraphReader, resource_version
from catalog.schedules import (
    remove_snapshot_schedule,
    save_schedule,
    snapshot_schedule,
    snapshot_trigger,
)
from catalog.scope import changes_in_scope, resolve
from catalog.snapshot_diff import diff_snapshots, diff_with_now

log = logging.getLogger(__name__)
MAX_QUERY_DEPTH = 12
MAX_TOKENS = 2000
MAX_ALIASES = 20
# Portals send the same few documents over and over, and parsing plus validating
# one cost more CPU than the rest of a simple request. Bounded: distinct query
# texts cannot grow memory.
QUERY_CACHE_SIZE = 256
# The limits' rules are built once: ValidationCache keys on the rule classes, and
# a limiter built per request makes new classes, so every lookup would miss.
LIMIT_RULES = [
    *QueryDepthLimiter(max_depth=MAX_QUERY_DEPTH).validation_rules,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
]


class OperatorOnly(BasePermission):
    message = "this mutation needs a token with the operator role"
    # Unannotated: BasePermission declares it an instance attribute, a ClassVar clashes.
    error_extensions = {"code": "FORBIDDEN"}  # noqa: RUF012

    def has_permission(self, source: Any, info: Info[Context, None], **kwargs: Any) -> bool:
        if info.context.role.may_mutate():
            return True
        info.context.response.status_code = 403
        return False


class ReadsAsTheServer(OperatorOnly):
    """Reading a state file on the server's disk, or an S3 object with the server's AWS
    credentials, reaches beyond the catalog: an operator's right, not a reader's."""

    message = "drift reads the state as the server does: it needs a token with the operator role"


def operator(description: str | None = None) -> Any:
    """A mutation field only operators may call."""
    return strawberry.field(permission_classes=[OperatorOnly], description=description)


@strawberry.type
class Query:
    @strawberry.field(description="A resource as it was at a time (default now).")
    async def resource(
        self, info: Info[Context, None], uid: strawberry.ID, at: datetime | None = None
    ) -> Resource | None:
        moment = millis(at)
        version = await info.context.loaders.versions.load((str(uid), moment))
        return Resource.of(version, moment) if version else None

    @strawberry.field(description="Resources valid at a time, in uid order, a page at a time.")
    async def resources(
        self,
        info: Info[Context, None],
        filter: ResourceFilter | None = None,
        at: datetime | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> ResourceConnection:
        moment, wanted = millis(at), filter or ResourceFilter()
        uids = None
        if wanted.application:
            scope = await resolve_scope(info.context, wanted.application, moment)
            uids = [asset.uid for asset in scope.assets]
        rows = await info.context.graph.read(
            "resources_page",
            after=await resource_cursor(info.context, after),
            limit=check_page_size(first) + 1,
            at=moment,
            uids=uids,
            type=wanted.type,
            account=wanted.account,
            region=wanted.region,
            tag=check_tag_pair(wanted.tag),
            name_contains=wanted.name_contains,
        )
        nodes = [Resource.of(resource_version(row), moment) for row in rows[:first]]
        edges = [ResourceEdge(cursor=encode_cursor(node.uid), node=node) for node in nodes]
        return ResourceConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(rows) > first, end_cursor=edges[-1].cursor if edges else None
            ),
        )

    @strawberry.field(description="Everything that transitively depends on a resource.")
    async def impact(
        self,
        info: Info[Context, None],
        uid: strawberry.ID,
        at: datetime | None = None,
        max_depth: int = 5,
        first: int = 100,
        after: str | None = None,
    ) -> Impact:
        """Counts cover every dependent; the list comes a page at a time, nearest first
        (a shared security group can have thousands). Pass `at` to page a fixed result."""
        moment = millis(at)
        request = graph_impact.impact_request(
            str(uid),
            moment,
            check_depth(max_depth),
            check_page_size(first),
            decode_cursor(after),
            versions=True,
        )
        rows = await info.context.graph.read(request.query, **request.params)
        found = graph_impact.Impact.of(request, rows)
        info.context.loaders.prime_versions(found.versions, moment)
        return impact_of(str(uid), moment, max_depth, found)

    @strawberry.field(description="What was created, changed or deleted in (since, until].")
    async def changes(
        self,
        info: Info[Context, None],
        since: datetime,
        until: datetime | None = None,
        application: str | None = None,
        type: str | None = None,
    ) -> list[Change]:
        start, end = millis(since), millis(until)
        if end < start:
            raise CairnError("until is before since")
        store = info.context.services.store

        def read() -> list[Any]:
            found = GraphReader(store).changes(start, end)
            if application is not None:
                app = library.get_application(store, application)
                others = library.list_applications(store)
                found = changes_in_scope(store, app, found, [start, end], others)
            return found

        found = await info.context.in_thread(read)
        return [Change.of(change) for change in found if type is None or change.type == type]

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
        store = info.context.services.store

        def compare() -> Any:
            before = snapshots.get_snapshot(store, str(from_))
            if to is None:
                return diff_with_now(store, before)
            after = snapshots.get_snapshot(store, str(to))
            if after.application != before.application:
                raise CairnError("diff snapshots of one application")
            return diff_snapshots(store, before, after)

        return SnapshotDiff.of(await info.context.in_thread(compare))

    @strawberry.field(description="A crawl and its partitions' outcomes.")
    async def run(self, info: Info[Context, None], id: strawberry.ID) -> Run | None:
        rows = await info.context.graph.read("run_by_id", run=str(id))
        return Run.of(rows[0]["run"], rows[0]["partitions"]) if rows else None

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


@strawberry.input(description="Exactly one of daily, weekly, monthly or onDemand.")
class ScheduleInput:
    daily: str | None = strawberry.field(default=None, description="HH:MM")
    weekly: list[str] | None = strawberry.field(default=None, description='["MON", "01:00"]')
    monthly: list[str] | None = strawberry.field(default=None, description='["1", "01:00"]')
    on_demand: bool = False
    timezone: str = "UTC"


@strawberry.type
class Mutation:
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
            if not input.allow_empty:
                resolve(store, definition, definition.created_at)  # refuses an empty filter
            library.create_application(store, definition)
            return definition

        return Application.of(await info.context.in_thread(create))

    @operator()
    async def delete_application(self, info: Info[Context, None], name: str) -> bool:
        await info.context.in_thread(library.delete_application, info.context.services.store, name)
        return True

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

    @operator(description="Starts a crawl of the server's AWS account; poll the returned run.")
    async def start_crawl(
        self, info: Info[Context, None], regions: list[str], services: list[str] | None = None
    ) -> Run:
        if not regions:
            raise CairnError("startCrawl needs at least one region")
        wanted = library.check_regions(regions)
        types = select_types(services or [])
        store = info.context.services.store

        def work(announce: Any) -> object:
            return crawl(
                store, AwsAccount.connect(), wanted, types, on_begin=announce, wait_s=LEASE_WAIT_S
            )

        run_id = await info.context.in_thread(info.context.services.background.start, "crawl", work)
        rows = await info.context.graph.read("run_by_id", run=run_id)
        return Run.of(rows[0]["run"], rows[0]["partitions"])


def _pair(values: list[str] | None) -> tuple[str, str] | None:
    if values is None:
        return None
    if len(values) != 2:
        raise CairnError(f"expected [DAY, HH:MM], got {values}")
    return values[0], values[1]


def _is_internal(error: GraphQLError) -> bool:
    """Mask everything but errors a user can act on, so no stack detail leaks."""
    original = error.original_error
    return original is not None and not isinstance(original, (CairnError, GraphQLError))


class CairnSchema(strawberry.Schema):
    """Server logs carry internal errors with their traceback; a caller's own mistakes
    (syntax, validation, limits, a CairnError) are answered, and logged as one line."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        internal = [error for error in errors if _is_internal(error)]
        for error in errors:
            if error not in internal:
                log.info("GraphQL error for the caller: %s", error.message)
        super().process_errors(internal, execution_context)


schema = CairnSchema(
    query=Query,
    mutation=Mutation,
    # Factories, not instances: an extension keeps the request it is serving, so one
    # shared instance lets concurrent requests see (and mask) each other's results.
    extensions=[
        lambda: AddValidationRules(LIMIT_RULES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: MaskErrors(should_mask_error=_is_internal),
        lambda: ParserCache(maxsize=QUERY_CACHE_SIZE),
        lambda: ValidationCache(maxsize=QUERY_CACHE_SIZE),
    ],
)
