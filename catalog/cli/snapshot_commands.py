"""`cairn snapshot take|list|show|diff|delete`: an application's working state, pinned."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from catalog import present
from catalog.aws.crawler import DEFAULT_WORKERS, PartitionOutcome, application_refresh
from catalog.cli.app_commands import render_assets
from catalog.cli.crawl_command import WaitOption, waiting
from catalog.cli.interrupts import interruptible
from catalog.cli.options import JsonOption, opened_store
from catalog.cli.output import (
    console,
    emit,
    print_attribute_changes,
    print_table,
    progress,
    progress_bar,
)
from catalog.snapshot_diff import diff_by_id
from catalog.snapshots import (
    delete_snapshots,
    get_snapshot,
    list_snapshots,
    pinned_assets,
    take_snapshot,
)

app = typer.Typer(help="Snapshots: an application's working state, pinned.", no_args_is_help=True)


@app.command()
def take(
    application: str,
    no_crawl: bool = typer.Option(
        False, "--no-crawl", help="Pin what the catalog holds now, without crawling first."
    ),
    profile: str | None = typer.Option(None, "--profile", help="AWS profile for the crawl."),
    workers: int = typer.Option(
        DEFAULT_WORKERS, "--workers", min=1, max=64, help="Parallel API readers."
    ),
    wait: int = WaitOption,
    json: bool = JsonOption,
) -> None:
    """Crawl the application's account and regions, then pin every asset's version."""
    say = progress(json)
    with interruptible(), opened_store() as store, progress_bar(json) as bar:
        task = bar.add_task("crawling", total=None)

        def advance(outcome: PartitionOutcome, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=outcome.partition.type)

        refresh = (
            None
            if no_crawl
            else application_refresh(profile, workers, advance, wait, waiting(json, wait))
        )
        snapshot = take_snapshot(store, application, refresh=refresh, on_progress=say)
    if snapshot.crawl_failures:
        say(
            f"warning: {snapshot.crawl_failures} partitions could not be crawled; "
            f"their resources are pinned as last seen (see `cairn crawl`)"
        )
    emit(present.snapshot(snapshot), json, _render_taken)


@app.command("list")
def list_command(application: str, json: bool = JsonOption) -> None:
    """An application's snapshots, newest first."""
    with opened_store() as store:
        snapshots = list_snapshots(store, application)
    document = {"application": application, "snapshots": [present.snapshot(s) for s in snapshots]}
    emit(document, json, _render_list)


@app.command()
def show(snapshot_id: str, json: bool = JsonOption) -> None:
    """A snapshot's assets, grouped by type, each with why it is included."""
    with opened_store() as store:
        snapshot = get_snapshot(store, snapshot_id)
        document = present.snapshot_contents(snapshot, pinned_assets(store, snapshot))
    emit(document, json, render_assets)


@app.command()
def diff(
    before: str,
    after: str | None = typer.Argument(None, help="A later snapshot id (or use --now)."),
    now: bool = typer.Option(False, "--now", help="Compare with the catalog now."),
    json: bool = JsonOption,
) -> None:
    """Assets added, removed and changed between two snapshots, attribute by attribute."""
    if (after is None) == (not now):
        raise typer.BadParameter("give a second snapshot id or --now, not both")
    with opened_store() as store:
        found = diff_by_id(store, before, after)  # after None: --now, as checked above
    emit(present.snapshot_diff(found), json, _render_diff)


@app.command()
def delete(snapshot_id: str, json: bool = JsonOption) -> None:
    """Delete a snapshot record; the versions it pinned become prunable history."""
    with opened_store() as store:
        get_snapshot(store, snapshot_id)
        delete_snapshots(store, [snapshot_id])
    emit({"deleted": snapshot_id}, json, lambda _: console.print(f"deleted {snapshot_id}"))


def _render_taken(doc: dict[str, Any]) -> None:
    console.print(
        f"snapshot [bold]{doc['id']}[/bold] of {doc['application']} at {doc['at']}: "
        f"{doc['asset_count']} assets pinned"
    )


def _render_list(doc: dict[str, Any]) -> None:
    if not doc["snapshots"]:
        console.print(f"no snapshots of {doc['application']} (see `cairn snapshot take`)")
        return
    table = Table(title_justify="left")
    for column in ("id", "at", "status", "assets", "trigger"):
        table.add_column(column)
    for item in doc["snapshots"]:
        status = item["status"] if not item["error"] else f"{item['status']}: {item['error']}"
        table.add_row(
            item["id"], item["at"] or "-", status, str(item["asset_count"] or "-"), item["trigger"]
        )
    print_table(table)


def _render_diff(doc: dict[str, Any]) -> None:
    counts = doc["counts"]
    console.print(
        f"{doc['before']} -> {doc['after']}: {counts['added']} added, "
        f"{counts['removed']} removed, {counts['changed']} changed, "
        f"{counts['unchanged']} unchanged"
    )
    for change in doc["changes"]:
        console.print(f"[bold]{change['kind']:>8}[/bold]  {change['type']}  {change['name'] or ''}")
        print_attribute_changes(change["changes"], indent=10)
