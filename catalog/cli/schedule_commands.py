"""`cairn schedule set|crawl|list|remove` and `cairn scheduler`, which runs the schedules."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from catalog.applications import check_regions
from catalog.cli.options import JsonOption, opened_store
from catalog.cli.output import console, emit, print_table
from catalog.clock import format_time
from catalog.schedules import (
    DEFAULT_TIMEZONE,
    InvalidSchedule,
    Schedule,
    check_timezone,
    crawl_schedule,
    list_schedules,
    next_run,
    remove_schedule,
    remove_snapshot_schedule,
    save_schedule,
    snapshot_schedule,
    snapshot_trigger,
)

app = typer.Typer(
    help="When to snapshot applications and crawl accounts; `cairn scheduler` runs them.",
    no_args_is_help=True,
)

TimezoneOption = typer.Option(
    DEFAULT_TIMEZONE, "--timezone", help="IANA timezone of the times, e.g. Europe/Paris."
)
ProfileOption = typer.Option(None, "--profile", help="AWS profile of the standard boto3 chain.")


def register(cli: typer.Typer) -> None:
    cli.add_typer(app, name="schedule")
    cli.command("scheduler")(scheduler_command)


@app.command("set")
def set_command(
    application: str,
    daily: str | None = typer.Option(None, "--daily", metavar="HH:MM", help="Every day."),
    weekly: tuple[str, str] | None = typer.Option(
        None, "--weekly", metavar="DAY HH:MM", help="Every week, DAY mon..sun."
    ),
    monthly: tuple[str, str] | None = typer.Option(
        None,
        "--monthly",
        metavar="DAY HH:MM",
        help="Every month, DAY 1-31 (past a month's end: its last day).",
    ),
    on_demand: bool = typer.Option(
        False, "--on-demand", help="No schedule: snapshot only with `cairn snapshot take`."
    ),
    timezone: str = TimezoneOption,
    profile: str | None = ProfileOption,
    json: bool = JsonOption,
) -> None:
    """Snapshot an application on a schedule (after crawling its account and regions)."""
    if on_demand:
        if daily or weekly or monthly:
            raise InvalidSchedule("--on-demand takes no --daily, --weekly or --monthly")
        check_timezone(timezone)
        with opened_store() as store:
            removed = remove_snapshot_schedule(store, application)
        document = {
            "id": f"snapshot:{application}",
            "application": application,
            "on_demand": True,
            "removed": removed is not None,
        }
        emit(document, json, _render_on_demand)
        return
    schedule = snapshot_schedule(
        application, snapshot_trigger(daily, weekly, monthly), timezone, profile
    )
    with opened_store() as store:
        saved = save_schedule(store, schedule)
    emit(schedule_document(saved), json, _render_saved)


@app.command("crawl")
def crawl_command(
    every: int = typer.Option(..., "--every", metavar="MINUTES", help="Minutes between crawls."),
    region: list[str] = typer.Option([], "--region", help="Region to crawl (repeatable)."),
    profile: str | None = ProfileOption,
    timezone: str = TimezoneOption,
    json: bool = JsonOption,
) -> None:
    """Crawl an account's regions every N minutes, so point-in-time answers stay fresh."""
    schedule = crawl_schedule(every, check_regions(region), profile, timezone)
    with opened_store() as store:
        saved = save_schedule(store, schedule)
    emit(schedule_document(saved), json, _render_saved)


@app.command("list")
def list_command(json: bool = JsonOption) -> None:
    """Every schedule with its next run."""
    with opened_store() as store:
        schedules = list_schedules(store)
    emit({"schedules": [schedule_document(s) for s in schedules]}, json, _render_list)


@app.command("remove")
def remove_command(schedule_id: str, json: bool = JsonOption) -> None:
    """Remove a schedule by id (see `cairn schedule list`)."""
    with opened_store() as store:
        removed = remove_schedule(store, schedule_id)
    emit(
        {"removed": schedule_document(removed)},
        json,
        lambda d: console.print(f"removed schedule {d['removed']['id']}"),
    )


def scheduler_command(
    state: Path | None = typer.Option(
        None, "--state", help="Job store (SQLite) (default $CAIRN_HOME/scheduler.sqlite)."
    ),
    grace_seconds: int = typer.Option(
        3600, "--grace-seconds", min=0, help="A run missed by at most this much still runs once."
    ),
    sync_seconds: float = typer.Option(
        30, "--sync-seconds", min=0.1, help="How often to read the schedules from the graph."
    ),
    json: bool = JsonOption,
) -> None:
    """Run the schedules until SIGTERM or Ctrl-C; every run is logged on stderr."""
    # Imported here: the service pulls in the crawlers and snapshots, which the other
    # schedule commands do not need.
    from scheduler.service import ServiceOptions, default_state_path, run_until_signalled

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # Our jobs log one line when a run starts and one when it ends; APScheduler's own
    # INFO lines would say the same twice. Its warnings (missed runs, overlaps) stay.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # `cairn` silences the driver for one-shot commands; a service's log keeps its warnings.
    logging.getLogger("neo4j").setLevel(logging.WARNING)
    options = ServiceOptions(state or default_state_path(), grace_seconds, sync_seconds)
    result = run_until_signalled(options)
    document = {
        "stopped": True,
        "state": str(options.state),
        "schedules": sorted(result.added + result.replaced + result.kept),
    }
    emit(document, json, lambda d: None)  # people read the log lines on stderr


def schedule_document(schedule: Schedule) -> dict[str, Any]:
    upcoming = next_run(schedule, datetime.now(UTC))
    return {
        "id": schedule.id,
        "kind": schedule.kind,
        "application": schedule.application,
        "regions": list(schedule.regions),
        "profile": schedule.profile,
        "trigger": schedule.trigger,
        "timezone": schedule.timezone,
        "updated_at": format_time(schedule.updated_at),
        "next_run": format_time(int(upcoming.timestamp() * 1000)) if upcoming else None,
    }


def describe(trigger: dict[str, Any]) -> str:
    ((kind, value),) = trigger.items()
    if kind == "every_minutes":
        return f"every {value} minutes"
    if kind == "daily":
        return f"daily at {value}"
    return f"{kind} on {value[0]} at {value[1]}"


def _render_saved(doc: dict[str, Any]) -> None:
    console.print(
        f"schedule {doc['id']}: {describe(doc['trigger'])} {doc['timezone']}, "
        f"next run {doc['next_run']}"
    )


def _render_on_demand(doc: dict[str, Any]) -> None:
    what = "schedule removed" if doc["removed"] else "had no schedule"
    console.print(f"{doc['application']} is snapshotted on demand ({what})")


def _render_list(doc: dict[str, Any]) -> None:
    if not doc["schedules"]:
        console.print("no schedules (see `cairn schedule set --help`)")
        return
    table = Table(title_justify="left")
    for column in ("id", "when", "timezone", "next run"):
        table.add_column(column)
    for schedule in doc["schedules"]:
        table.add_row(
            schedule["id"],
            describe(schedule["trigger"]),
            schedule["timezone"],
            schedule["next_run"],
        )
    print_table(table)
