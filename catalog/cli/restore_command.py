"""`cairn restore plan`: a snapshot becomes ordered Terraform in a directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from catalog.applications import known_regions
from catalog.cli.options import JsonOption, opened_store
from catalog.cli.output import console, emit
from catalog.errors import CairnError
from catalog.restore.emit import Target
from catalog.restore.output import write_plan_files
from catalog.restore.planner import Planner, plan_document
from catalog.snapshots import get_snapshot, pinned_assets

app = typer.Typer(
    help="Restore plans: Terraform and a runbook from a snapshot.", no_args_is_help=True
)


@app.command("plan")
def plan_command(
    snapshot_id: str = typer.Argument(..., metavar="SNAPSHOT_ID"),
    out: Path = typer.Option(..., "--out", help="Directory to write (must be empty)."),
    target_region: str | None = typer.Option(
        None, "--target-region", help="Default: the source's."
    ),
    target_account: str | None = typer.Option(
        None, "--target-account", help="Refuse to apply anywhere else (allowed_account_ids)."
    ),
    az_map: str | None = typer.Option(
        None, "--az-map", help="us-east-1a=us-west-2a,... (default: same zone letters)."
    ),
    name_suffix: str = typer.Option(
        "", "--name-suffix", help="Default of var.name_suffix, for names unique per account."
    ),
    only: list[str] = typer.Option([], "--only", help="Restore this UID and what it needs."),
    force: bool = typer.Option(False, "--force", help="Write into a non-empty directory."),
    json: bool = JsonOption,
) -> None:
    """Write ordered Terraform for a snapshot: one file per stage, plan.json."""
    target = Target(_region(target_region), target_account, _zones(az_map), name_suffix)
    with opened_store() as store:
        snapshot = get_snapshot(store, snapshot_id)
        pinned = pinned_assets(store, snapshot)
    plan = Planner(snapshot, pinned, target, only or None).build()
    written = write_plan_files(plan.files, out, force)
    document = {**plan_document(plan), "out": str(out), "files": [p.name for p in written]}
    emit(document, json, _render)


def _region(region: str | None) -> str | None:
    if region is not None and region not in known_regions():
        raise CairnError(f"unknown region {region}")
    return region


def _zones(spec: str | None) -> dict[str, str]:
    zones: dict[str, str] = {}
    for pair in (spec or "").split(","):
        if not pair.strip():
            continue
        source, separator, target = pair.partition("=")
        if not separator or not source.strip() or not target.strip():
            raise CairnError(f"malformed --az-map entry {pair!r}: expected SOURCE_AZ=TARGET_AZ")
        zones[source.strip()] = target.strip()
    return zones


def _render(doc: dict[str, Any]) -> None:
    count = sum(len(stage["resources"]) for stage in doc["stages"])
    console.print(
        f"restore plan of {doc['application']} from {doc['snapshot']} into "
        f"{doc['target']['region']}: {count} resources in {doc['out']}"
    )
    for stage in doc["stages"]:
        console.print(f"  {stage['file']:<16} {len(stage['resources'])} resources")
    for variable in doc["variables"]:
        console.print(f"  variable {variable['name']}: {variable['description']}")
    if doc["not_restored"]:
        kinds = sorted({item["type"] for item in doc["not_restored"]})
        console.print(
            f"[yellow]not restored yet ({len(doc['not_restored'])}): {', '.join(kinds)}[/yellow]"
        )
