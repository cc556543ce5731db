"""Crawl runs at the root of the schema: read one, start one."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from catalog import applications as library
from catalog.api.background import LEASE_WAIT_S
from catalog.api.context import Context
from catalog.api.permissions import operator
from catalog.api.types import Run
from catalog.aws.crawler import crawl, select_types
from catalog.aws.env_values import EnvValues
from catalog.aws.session import AwsAccount
from catalog.errors import CairnError


@strawberry.type
class RunQuery:
    @strawberry.field(description="A crawl and its partitions' outcomes.")
    async def run(self, info: Info[Context, None], id: strawberry.ID) -> Run | None:
        rows = await info.context.graph.read("run_by_id", run=str(id))
        return Run.of(rows[0]["run"], rows[0]["partitions"]) if rows else None


@strawberry.type
class RunMutation:
    @operator(description="Starts a crawl of the server's AWS account; poll the returned run.")
    async def start_crawl(
        self,
        info: Info[Context, None],
        regions: list[str],
        services: list[str] | None = None,
        env_values: Annotated[
            str | None,
            strawberry.argument(
                description="unless-secret or none, as `cairn crawl --env-values`; default "
                "the server's CAIRN_ENV_VALUES, else unless-secret."
            ),
        ] = None,
    ) -> Run:
        if not regions:
            raise CairnError("startCrawl needs at least one region")
        wanted = library.check_regions(regions)
        types = select_types(services or [])
        keep = EnvValues.parse(env_values, "envValues") if env_values else EnvValues.configured()
        store = info.context.services.store

        def work(announce: Any) -> object:
            return crawl(
                store,
                AwsAccount.connect(),
                wanted,
                types,
                on_begin=announce,
                wait_s=LEASE_WAIT_S,
                env_values=keep,
            )

        run_id = await info.context.in_thread(info.context.services.background.start, "crawl", work)
        rows = await info.context.graph.read("run_by_id", run=run_id)
        return Run.of(rows[0]["run"], rows[0]["partitions"])
