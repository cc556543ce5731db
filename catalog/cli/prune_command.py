"""`cairn prune`: give up history no snapshot and no retention window needs."""

from __future__ import annotations

from typing import Any

import typer

from catalog import present
from catalog.cli.options import JsonOption, opened_store
from catalog.cli.output import console, emit, progress
from catalog.prune import prune

DEFAULT_OLDER_THAN_DAYS = 90


def register(app: typer.Typer) -> None:
    app.command("prune")(prune_command)


def prune_command(
    older_than: int = typer.Option(
        DEFAULT_OLDER_THAN_DAYS,
        "--older-than",
        min=0,
        help="Days of history to keep; applications' --keep-days windows are kept too.",
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Count, delete nothing."),
    json: bool = JsonOption,
) -> None:
    """Delete versions and references that ended before the cutoff and no snapshot pins."""
    with opened_store() as store:
        result = prune(store, older_than, dry_run, on_progress=progress(json))
    emit(present.prune(result), json, _render)


def _render(doc: dict[str, Any]) -> None:
    verb = "would delete" if doc["dry_run"] else "deleted"
    held = f" (held back by {doc['held_by']}'s retention window)" if doc["held_by"] else ""
    resources = "" if doc["resources"] is None else f", {doc['resources']} resources"
    staged = f"; and {doc['staged']} left staged by failed crawls" if doc["staged"] else ""
    console.print(
        f"{verb} {doc['versions']} versions, {doc['references']} references{resources} "
        f"that ended before {doc['cutoff']}{held}{staged}"
    )
