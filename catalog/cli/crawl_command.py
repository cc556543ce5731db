"""`cairn crawl`: read an AWS account into the graph as one Run."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer
from rich.table import Table

from catalog import present
from catalog.applications import check_regions
from catalog.aws.crawler import DEFAULT_WORKERS, PartitionOutcome, crawl, select_types
from catalog.aws.env_values import ENV_VALUES_VARIABLE, EnvValues
from catalog.aws.registry import SERVICES
from catalog.aws.session import AwsAccount
from catalog.cli.interrupts import interruptible
from catalog.cli.options import JsonOption, opened_store
from catalog.cli.output import console, emit, print_table, progress, progress_bar
from catalog.errors import CairnError
from catalog.graph.lease import DEFAULT_WAIT_S, Holder

PARTIAL_CRAWL_EXIT = 3
SERVICES_HELP = f"Only these services (repeatable): {', '.join(SERVICES)}."
WaitOption = typer.Option(
    DEFAULT_WAIT_S,
    "--wait",
    min=0,
    help="Seconds to wait for a crawl in progress (one writes at a time) before giving up.",
)


def register(app: typer.Typer) -> None:
    app.command("crawl")(crawl_command)


def crawl_command(
    region: list[str] = typer.Option(
        [], "--region", help="Region to crawl (repeatable); default the profile's."
    ),
    profile: str | None = typer.Option(
        None, "--profile", help="AWS profile of the standard boto3 chain."
    ),
    service: list[str] = typer.Option([], "--service", help=SERVICES_HELP),
    workers: int = typer.Option(
        DEFAULT_WORKERS, "--workers", min=1, max=64, help="Parallel API readers."
    ),
    wait: int = WaitOption,
    env_values: str | None = typer.Option(
        None,
        "--env-values",
        metavar="[unless-secret|none]",
        help="What to keep of ECS and Lambda environment values and SSM String values: "
        "unless-secret keeps each value that is not secret (of a secret, its name, why "
        "and a digest); none keeps names only and reads no SSM value. Default: "
        f"${ENV_VALUES_VARIABLE}, else unless-secret.",
    ),
    json: bool = JsonOption,
) -> None:
    """Crawl an AWS account into the graph; exit 3 if some partitions failed."""
    types = select_types(service)
    keep = EnvValues.configured(env_values)
    account = AwsAccount.connect(profile, max_connections=workers)
    regions = sorted(set(region)) or [account.default_region or ""]
    if not regions[0]:
        raise CairnError("no region: pass --region or set AWS_REGION / a profile region")
    check_regions(regions)
    with interruptible(), opened_store() as store, progress_bar(json) as bar:
        task = bar.add_task("crawling", total=None)

        def advance(outcome: PartitionOutcome, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=outcome.partition.type)

        summary = crawl(
            store,
            account,
            regions,
            types,
            workers,
            on_partition=advance,
            wait_s=wait,
            on_wait=waiting(json, wait),
            env_values=keep,
        )
    document = present.run_summary(summary)
    emit(document, json, _render)
    if any(partition["status"] == "failed" for partition in document["partitions"]):
        raise typer.Exit(PARTIAL_CRAWL_EXIT)


def waiting(as_json: bool, wait_s: int) -> Callable[[Holder], None]:
    """A progress line on stderr for each crawl this one waits for."""
    say = progress(as_json)

    def report(holder: Holder) -> None:
        say(f"waiting up to {wait_s} s for the crawl in progress: {holder.describe()}")

    return report


def _render(document: dict[str, Any]) -> None:
    stats = document["stats"]
    console.print(
        f"run {document['run']} at {document['at']}: {stats['observed']} resources seen, "
        f"{stats['created']} new, {stats['changed']} changed, {stats['deleted']} closed, "
        f"{stats['references_opened']} references opened, {stats['references_closed']} closed"
    )
    table = Table(title_justify="left")
    for column in ("type", "region", "resources", "status"):
        table.add_column(column)
    # Empty, complete partitions are most of a crawl and say nothing: count them.
    shown = [p for p in document["partitions"] if p["observed"] or p["status"] != "complete"]
    for partition in shown:
        status = partition["status"]
        if partition["error"]:
            status = f"[red]{status}[/red]: {partition['error']}"
        table.add_row(partition["type"], partition["region"], str(partition["observed"]), status)
    print_table(table)
    empty = len(document["partitions"]) - len(shown)
    if empty:
        console.print(f"and {empty} partitions complete with nothing in them (see --json)")
