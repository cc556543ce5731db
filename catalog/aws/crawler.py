"""A crawl: every partition (account, region, type) read in parallel, written as one Run."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from botocore.parsers import ResponseParserError

from catalog.applications import Application
from catalog.aws.env_values import EnvValues
from catalog.aws.failure import failure_reason
from catalog.aws.registry import RESOURCE_TYPES
from catalog.aws.session import GLOBAL_SERVICE_REGION, AwsAccount
from catalog.aws.spec import GLOBAL_REGION, ResourceType, Scope, in_order
from catalog.aws.values import HeldValues
from catalog.errors import CairnError
from catalog.graph.lease import DEFAULT_WAIT_S, Holder
from catalog.graph.store import GraphStore
from catalog.graph.writer import CrawlRun, RunSummary
from catalog.model import Observation, Partition

log = logging.getLogger(__name__)
DEFAULT_WORKERS = 8
# Below this many observations waiting, writing now costs more round trips than it overlaps.
EARLY_FLUSH = 500


@dataclass(frozen=True)
class PartitionOutcome:
    partition: Partition
    observations: list[Observation]
    error: str | None = None


@dataclass(frozen=True)
class Task:
    resource_type: ResourceType
    scope: Scope

    @property
    def partition(self) -> Partition:
        return Partition(self.scope.account, self.scope.region, self.resource_type.name)


def select_types(services: Iterable[str] = ()) -> list[ResourceType]:
    wanted = set(services)
    known = {resource_type.service for resource_type in RESOURCE_TYPES}
    unknown = sorted(wanted - known)
    if unknown:
        raise CairnError(f"unknown service {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    return [t for t in RESOURCE_TYPES if not wanted or t.service in wanted]


def plan(
    account: AwsAccount,
    regions: list[str],
    types: list[ResourceType],
    fan_out: Callable[[Callable[[Any], Any], Iterable[Any]], list[Any]] = in_order,
    env_values: EnvValues = EnvValues.UNLESS_SECRET,
) -> list[Task]:
    """One task per partition; global types once per account. Builds every client here,
    in the calling thread, because boto3 sessions are not thread-safe."""
    tasks = []
    for resource_type in types:
        if resource_type.is_global:
            scopes = [(GLOBAL_REGION, GLOBAL_SERVICE_REGION)]
        else:
            scopes = [(region, region) for region in regions]
        for service in resource_type.reads_from:
            for region in regions:
                account.client(service, region)
        for label, client_region in scopes:
            account.client(resource_type.service, client_region)
            client = _client_factory(account, client_region)
            scope = Scope(
                account.account_id,
                label,
                client,
                fan_out,
                regions=tuple(regions),
                regional_client=account.client,
                env_values=env_values,
            )
            tasks.append(Task(resource_type, scope))
    return tasks


def crawl(
    store: GraphStore,
    account: AwsAccount,
    regions: list[str],
    types: list[ResourceType],
    workers: int = DEFAULT_WORKERS,
    on_partition: Callable[[PartitionOutcome, int, int], None] = lambda *_: None,
    on_begin: Callable[[str], None] = lambda _: None,
    wait_s: float = DEFAULT_WAIT_S,
    on_wait: Callable[[Holder], None] = lambda _: None,
    env_values: EnvValues | None = None,
) -> RunSummary:
    """Read every partition with a bounded pool and commit them as one Run.

    `on_begin` gets the run's id as soon as the run is recorded as running. A crawl
    in progress is waited for up to `wait_s` (`on_wait` hears who holds the crawl lease).

    `env_values`: what is kept of environment and parameter values; None: as configured
    ($CAIRN_ENV_VALUES, else unless secret).

    A partition that fails (AccessDenied, throttling past the retries, an
    endpoint that does not answer) is recorded as failed and closes nothing;
    every other partition still completes.
    """
    keep = env_values or EnvValues.configured()  # before the run: a bad setting writes nothing
    # Partitions and the per-item calls inside them get separate pools, so a
    # partition waiting on its items can never starve them of threads.
    with (
        ThreadPoolExecutor(workers, thread_name_prefix="partition") as pool,
        ThreadPoolExecutor(workers, thread_name_prefix="detail") as details,
        CrawlRun(store, source="aws", wait_s=wait_s, on_wait=on_wait) as run,
    ):
        on_begin(run.id)
        held = HeldValues(store, RESOURCE_TYPES)
        complete: list[Partition] = []
        tasks = plan(
            account,
            regions,
            types,
            lambda call, items: list(details.map(call, items)),
            keep,
        )
        futures: list[Future[PartitionOutcome]] = [
            pool.submit(read_partition, task) for task in tasks
        ]
        try:
            for done, future in enumerate(as_completed(futures), start=1):
                outcome = future.result()
                run.observe(held.hold(outcome.observations))
                run.flush(at_least=EARLY_FLUSH)  # write while other partitions are still read
                if outcome.error is None:
                    run.complete(outcome.partition)
                    complete.append(outcome.partition)
                else:
                    run.failed(outcome.partition, outcome.error)
                on_partition(outcome, done, len(tasks))
        except BaseException:
            # Interrupted (SIGTERM, Ctrl-C) or failed: partitions not yet started never
            # will be, so leaving the pools waits only for the ones being read.
            for future in futures:
                future.cancel()
            raise
        run.observe(held.resolve(complete))
        return run.commit()


def read_partition(task: Task) -> PartitionOutcome:
    try:
        observations = list(task.resource_type.collect(task.scope))
    except (ClientError, BotoCoreError, ResponseParserError) as error:
        return PartitionOutcome(task.partition, [], failure_reason(error))
    except Exception as error:  # a crawler bug must not cost the other partitions
        log.exception("crawling %s failed", task.partition)
        return PartitionOutcome(task.partition, [], f"internal error: {failure_reason(error)}")
    return PartitionOutcome(task.partition, observations)


def _client_factory(account: AwsAccount, region: str) -> Callable[[str], object]:
    return lambda service: account.client(service, region)


def application_refresh(
    profile: str | None = None,
    workers: int = DEFAULT_WORKERS,
    on_partition: Callable[[PartitionOutcome, int, int], None] = lambda *_: None,
    wait_s: float = DEFAULT_WAIT_S,
    on_wait: Callable[[Holder], None] = lambda _: None,
) -> Callable[[GraphStore, Application], RunSummary]:
    """A crawl of an application's account and regions, every service, for snapshots;
    it waits for a crawl in progress like any other (`on_wait` hears who holds the lease)."""

    def refresh(store: GraphStore, application: Application) -> RunSummary:
        account = AwsAccount.connect(profile, max_connections=workers)
        if application.account not in (None, account.account_id):
            raise CairnError(
                f"application {application.name!r} lives in account {application.account} but "
                f"the AWS credentials are for {account.account_id}; pass --profile or --no-crawl"
            )
        regions = list(application.regions) or [account.default_region or ""]
        if not regions[0]:
            raise CairnError("no region: the application names none and AWS has no default")
        return crawl(
            store,
            account,
            regions,
            select_types(),
            workers,
            on_partition,
            wait_s=wait_s,
            on_wait=on_wait,
        )

    return refresh
