"""`cairn readiness`: could the application be recovered into a region now (or at a past
time), against its RTO and RPO? A pipeline gate, like `cairn drift`."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from catalog.cli.options import AtOption, JsonOption, opened_store
from catalog.cli.output import console, emit, print_table
from catalog.errors import CairnError
from catalog.readiness.assess import assess
from catalog.readiness.check import Verdict
from catalog.snapshots import time_of

EXIT_NOT_READY = 2  # 0: ready or at risk, 1: an error, 2: not ready (a pipeline gate)
FAIL_ON = {"not-ready": Verdict.NOT_READY, "at-risk": Verdict.AT_RISK}


def register(app: typer.Typer) -> None:
    app.command("readiness")(readiness_command)


def readiness_command(
    application: str = typer.Argument(..., metavar="APP"),
    target_region: str | None = typer.Option(
        None,
        "--target-region",
        help="Region to recover into (default: the one of the last drill that passed).",
    ),
    fail_on: str = typer.Option(
        "not-ready", "--fail-on", help="Exit 2 from this verdict on: not-ready or at-risk."
    ),
    at: str | None = AtOption,
    json: bool = JsonOption,
) -> None:
    """Check restore coverage, data backups, region-scoped artifacts, DNS TTLs and drills
    against the application's RTO and RPO, from the catalog alone.

    Exit 0 when ready or at risk, 2 when not ready (or at risk, with --fail-on at-risk),
    1 on errors."""
    threshold = FAIL_ON.get(fail_on)
    if threshold is None:
        raise CairnError(f"unknown --fail-on {fail_on!r}: not-ready or at-risk")
    with opened_store() as store:
        readiness = assess(store, application, target_region, time_of(store, at))
    emit(readiness.document(), json, render_readiness)
    if readiness.verdict.rank >= threshold.rank:
        raise typer.Exit(EXIT_NOT_READY)


def render_readiness(doc: dict[str, Any]) -> None:
    """Checks, evidence and verdict; shared with the demo's readiness step."""
    target = doc["target_region"] or "no target region"
    if doc["target_chosen_by"] == "last drill":
        target += " (of the last drill)"
    console.print(
        f"readiness of {doc['application']} at {doc['at']} into {target}: "
        f"RTO {_minutes(doc['rto_minutes'])}, RPO {_minutes(doc['rpo_minutes'])}",
        markup=False,
        emoji=False,
    )
    table = Table(title_justify="left")
    for column in ("check", "verdict", "summary"):
        table.add_column(column)
    for check in doc["checks"]:
        table.add_row(check["name"], check["verdict"], check["summary"])
    print_table(table)
    for check in doc["checks"]:
        if check["evidence"]:
            console.print(f"{check['name']}:", markup=False, emoji=False)
        for finding in check["evidence"]:
            uid = f"  [{finding['uid']}]" if finding["uid"] else ""
            console.print(
                f"  {finding['verdict']:<9} {finding['text']}{uid}", markup=False, emoji=False
            )
    console.print(f"verdict: {doc['verdict']}", markup=False, emoji=False)


def _minutes(value: int | None) -> str:
    return f"{value} min" if value is not None else "not set"
