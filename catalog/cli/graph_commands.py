"""Reads of the versioned graph: `cairn resource`, `history`, `changes`, `impact`."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from catalog import present
from catalog.cli.options import AtOption, JsonOption, opened_store
from catalog.cli.output import console, emit, print_attribute_changes, print_table
from catalog.graph.reader import DEFAULT_IMPACT_DEPTH, GraphReader
from catalog.scope import changes_between
from catalog.snapshots import time_of


def register(app: typer.Typer) -> None:
    app.command("resource")(resource)
    app.command("history")(history)
    app.command("changes")(changes)
    app.command("impact")(impact)


def resource(uid: str, at: str | None = AtOption, json: bool = JsonOption) -> None:
    """A resource as it was at a time, with its references both ways."""
    with opened_store() as store:
        moment = time_of(store, at)
        reader = GraphReader(store)
        version = reader.existing_at(uid, moment)
        document = present.resource(
            version, reader.references_out(uid, moment), reader.references_in(uid, moment)
        )
    emit(document, json, render_resource)


def history(uid: str, json: bool = JsonOption) -> None:
    """Every version of a resource, with what changed in each."""
    with opened_store() as store:
        document = present.history(GraphReader(store).history(uid))
    emit(document, json, render_history)


def changes(
    since: str = typer.Option(
        ..., "--since", help="Start of the window (exclusive): ISO 8601 or a snapshot id."
    ),
    until: str | None = typer.Option(
        None, "--until", help="End of the window (inclusive); default now."
    ),
    application: str | None = typer.Option(
        None, "--app", help="Only resources in this application's scope at either end."
    ),
    json: bool = JsonOption,
) -> None:
    """What was created, changed or deleted between two times."""
    with opened_store() as store:
        start, end = time_of(store, since), time_of(store, until)
        if end < start:
            raise typer.BadParameter("--until is before --since")
        found = changes_between(store, start, end, application)
        document = present.changes(start, end, found)
    emit(document, json, render_changes)


def impact(
    uid: str,
    at: str | None = AtOption,
    depth: int = typer.Option(
        DEFAULT_IMPACT_DEPTH, "--depth", min=1, max=50, help="Levels of references to follow."
    ),
    json: bool = JsonOption,
) -> None:
    """Everything that transitively depends on a resource, with one shortest path each."""
    with opened_store() as store:
        moment = time_of(store, at)
        document = present.impact(uid, moment, depth, GraphReader(store).impact(uid, moment, depth))
    emit(document, json, render_impact)


def render_resource(doc: dict[str, Any]) -> None:
    console.print(f"[bold]{doc['uid']}[/bold]  {doc['type']}  {doc['name'] or ''}")
    console.print(
        f"account {doc['account']}  region {doc['region']}  "
        f"valid {doc['valid_from']} -> {doc['valid_to'] or 'now'}"
    )
    if doc["tags"]:
        console.print("tags: " + ", ".join(f"{k}={v}" for k, v in doc["tags"].items()))
    for title, rows in (("refers to", doc["references"]), ("referenced by", doc["referenced_by"])):
        table = Table(title=title, title_justify="left")
        for column in ("field", "kind", "uid", "type"):
            table.add_column(column)
        for row in rows:
            table.add_row(row["field"], row["kind"], row["uid"], row["type"] or "(not crawled)")
        print_table(table)


def render_history(doc: dict[str, Any]) -> None:
    console.print(f"[bold]{doc['uid']}[/bold]  {doc['type'] or ''}")
    if doc["unresolved"] and not doc["versions"]:
        console.print("referenced by other resources but never crawled")
    for version in doc["versions"]:
        console.print(
            f"{version['valid_from']} -> {version['valid_to'] or 'now'}  {version['name'] or ''}"
        )
        print_attribute_changes(version["changes"], indent=4)


def render_changes(doc: dict[str, Any]) -> None:
    console.print(f"{doc['count']} resources changed between {doc['since']} and {doc['until']}")
    for change in doc["changes"]:
        console.print(f"[bold]{change['kind']:>9}[/bold]  {change['type']}  {change['uid']}")
        print_attribute_changes(change["changes"], indent=11)


def render_impact(doc: dict[str, Any]) -> None:
    console.print(
        f"{doc['count']} resources depend on {doc['uid']} at {doc['at']} (depth {doc['depth']})"
    )
    for type_name, count in doc["by_type"].items():
        console.print(f"  {count:>4}  {type_name}")
    for dependent in doc["dependents"]:
        hops = " -> ".join(f"{hop['source']} ({hop['field']})" for hop in dependent["path"])
        console.print(f"[bold]{dependent['uid']}[/bold]  via {hops} -> {doc['uid']}")
