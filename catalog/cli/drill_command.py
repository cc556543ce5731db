"""`cairn drill`: prove the RTO: restore into another region, check, time, destroy."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from catalog.cli.interrupts import interruptible
from catalog.cli.options import JsonOption, opened_store
from catalog.cli.output import console, emit, print_table, progress, short
from catalog.clock import format_time
from catalog.drill.cleanup import clean_up
from catalog.drill.record import DrillRecord, DrillStatus, get_drill
from catalog.drill.runner import DrillRequest, run_drill
from catalog.drill.terraform import Terraform
from catalog.errors import CairnError
from catalog.graph.lease import LeaseBusy, acquire, drill_lease

EXIT_FAILED = 2  # 0: passed, 1: could not run, 2: failed (a CI gate), 128+N: interrupted


def register(app: typer.Typer) -> None:
    app.command("drill")(drill_command)


def drill_command(
    application: str | None = typer.Argument(None, metavar="[APP]"),
    snapshot: str | None = typer.Option(
        None,
        "--snapshot",
        help="Restore this snapshot. Default: the application as the catalog last crawled "
        "it, which is what a restore started now would bring back.",
    ),
    at: str | None = typer.Option(
        None, "--at", help="Restore the application as it was then (ISO 8601 or a snapshot id)."
    ),
    target_region: str | None = typer.Option(
        None, "--target-region", help="Region to restore into (required)."
    ),
    target_account: str | None = typer.Option(
        None, "--target-account", help="12 digits: refuse to apply anywhere else."
    ),
    keep: bool = typer.Option(
        False,
        "--keep",
        help="Leave what the drill restored running (for a look around); later drills "
        "leave it alone until `cairn drill --cleanup DRILL_ID`.",
    ),
    var: list[str] = typer.Option(
        [],
        "--var",
        help="NAME=VALUE for a plan input the drill cannot supply itself (repeatable).",
    ),
    terraform: str | None = typer.Option(
        None,
        "--terraform",
        help="terraform or tofu binary (default $CAIRN_TERRAFORM, else whichever is installed).",
    ),
    plugin_dir: str | None = typer.Option(
        None,
        "--plugin-dir",
        help="Install providers from this directory only, offline (default $CAIRN_TF_PLUGIN_DIR).",
    ),
    cleanup: str | None = typer.Option(
        None,
        "--cleanup",
        metavar="DRILL_ID",
        help="Destroy what that drill left (killed, or kept) and check that nothing remains.",
    ),
    json: bool = JsonOption,
) -> None:
    """Apply an application's restore plan into another region, stage by stage, timing
    each stage and checking the runbook's gates; crawl it and compare it with the
    source; then destroy it, also after a failure or Ctrl-C, and check that nothing it
    made remains. The drill is recorded in the graph (its stage times are the measured
    RTO). DNS is never cut over. Work directory: $CAIRN_HOME/drills/DRILL_ID.

    Exit 0 when it passed, 2 when it failed, 1 when it could not run."""
    if (application is None) == (cleanup is None):
        raise CairnError("give an APP to drill, or --cleanup DRILL_ID")
    say = progress(json)
    with interruptible(), opened_store() as store:
        if cleanup is not None:
            record = _clean_up(store, cleanup, terraform, plugin_dir, say)
            failed = bool(record.left_behind)
        else:
            if target_region is None:
                raise CairnError("give --target-region R: the region the drill restores into")
            request = DrillRequest(
                application=application or "",
                target_region=target_region,
                target_account=target_account,
                snapshot_id=snapshot,
                at=at,
                keep=keep,
                given=_variables(var),
                terraform=terraform,
                plugin_dir=plugin_dir,
            )
            record = run_drill(store, request, say)
            failed = record.status != DrillStatus.PASSED
    emit(record.document(), json, render_drill)
    if failed:
        raise typer.Exit(EXIT_FAILED)


def _clean_up(
    store: Any, drill_id: str, binary: str | None, plugin_dir: str | None, say: Any
) -> DrillRecord:
    record = get_drill(store, drill_id)
    try:
        lease = acquire(store, drill_lease(record.application), drill_id)
    except LeaseBusy as busy:
        raise CairnError(
            f"a drill of {record.application} is running: {busy.held_by.describe()}"
        ) from None
    with lease:
        record = get_drill(store, drill_id)  # as it is now that no drill runs
        return clean_up(
            store, record, lambda workdir: Terraform.configured(workdir, binary, plugin_dir), say
        )


def _variables(specs: list[str]) -> dict[str, str]:
    values = {}
    for spec in specs:
        name, separator, value = spec.partition("=")
        if not separator or not name.strip():
            raise CairnError(f"malformed --var {spec!r}: expected NAME=VALUE")
        values[name.strip()] = value
    return values


def render_drill(doc: dict[str, Any]) -> None:
    """Stage times, gates, comparison, RTO and cleanup; shared with the demo's drill step."""
    console.print(
        f"drill {doc['id']} of {doc['application']} from {doc['snapshot']} into "
        f"{doc['target_region']}: [bold]{doc['status']}[/bold]"
    )
    if doc["stages"]:
        table = Table(title_justify="left")
        for column in ("stage", "apply s", "gates s", "total s", "gates"):
            table.add_column(column)
        for stage in doc["stages"]:
            table.add_row(
                stage["name"],
                f"{stage['apply_seconds']:.1f}",
                f"{stage['gate_seconds']:.1f}",
                f"{stage['apply_seconds'] + stage['gate_seconds']:.1f}",
                ", ".join(_gate(gate) for gate in stage["gates"]),
            )
        print_table(table)
    for stage in doc["stages"]:  # what a gate that did not pass says
        for gate in stage["gates"]:
            if gate["passed"] is not True:
                console.print(
                    f"  {stage['name']}: {escape(gate['name'])}: {escape(gate['detail'])}"
                )
    if doc["rto_seconds"] is not None:
        console.print(f"measured RTO: {doc['rto_seconds']:.1f} s")
    if doc["comparison"]:
        verdict = "matches" if doc["comparison"].get("passed") else "differs from"
        console.print(f"the restore {verdict} the source")
        for key in ("missing", "extra"):
            for item in doc["comparison"].get(key) or []:
                console.print(f"  {key}: {escape(item)}")
        for item in doc["comparison"].get("attributes") or []:
            console.print(
                f"  {escape(str(item['type']))} {escape(str(item['name']))} "
                f"{escape(str(item['attribute']))}: {escape(short(item['source']))} -> "
                f"{escape(short(item['restored']))}"
            )
    if doc["error"]:
        console.print(f"[red]{escape(doc['error'])}[/red]")
    if doc["keep"] and doc["cleaned_at"] is None:
        console.print(f"kept: `cairn drill --cleanup {doc['id']}` removes it")
    elif doc["left_behind"]:
        console.print(f"[red]left behind ({len(doc['left_behind'])}):[/red]")
        for item in doc["left_behind"]:
            console.print(f"  {escape(item)}")
    elif doc["cleaned_at"] is not None:
        console.print(f"cleaned up at {format_time(doc['cleaned_at'])}: nothing it made remains")


def _gate(gate: dict[str, Any]) -> str:
    mark = {True: "ok", False: "FAILED", None: "unverified"}[gate["passed"]]
    return f"{gate['name']} {mark}"
