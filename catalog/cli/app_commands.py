"""`cairn app create|list|show|preview|delete`: applications as tag scopes."""

from __future__ import annotations

from collections import Counter
from typing import Any

import typer
from rich.table import Table

from catalog import present
from catalog.applications import (
    Retention,
    define,
    delete_application,
    get_application,
    list_applications,
    update_application,
)
from catalog.cli.options import AtOption, JsonOption, opened_store
from catalog.cli.output import console, emit, print_table
from catalog.scope import add_application, resolve
from catalog.snapshots import time_of

app = typer.Typer(help="Applications: tag scopes plus what they depend on.", no_args_is_help=True)

# What `create` defines and `set` changes.
RpoOption = typer.Option(None, "--rpo", min=0, help="Recovery point objective, minutes.")
RtoOption = typer.Option(None, "--rto", min=0, help="Recovery time objective, minutes.")
KeepLastOption = typer.Option(None, "--keep-last", min=1, help="Keep the last N snapshots.")
KeepDaysOption = typer.Option(
    None, "--keep-days", min=1, help="Keep the snapshots of the last D days."
)


@app.command()
def create(
    name: str,
    tag: list[str] = typer.Option(
        ..., "--tag", help="KEY=VALUE (repeatable); KEY=V1,V2 accepts several values."
    ),
    region: list[str] = typer.Option([], "--region", help="Region (repeatable); default all."),
    account: str | None = typer.Option(None, "--account", help="12-digit account; default any."),
    rpo: int | None = RpoOption,
    rto: int | None = RtoOption,
    keep_last: int | None = KeepLastOption,
    keep_days: int | None = KeepDaysOption,
    contact: list[str] = typer.Option(
        [],
        "--contact",
        help="ROLE=WHO for the runbook (repeatable); roles: commander, executor, validator, "
        "communicator.",
    ),
    allow_empty: bool = typer.Option(
        False, "--allow-empty", help="Create it even if no crawled resource matches yet."
    ),
    json: bool = JsonOption,
) -> None:
    """Define an application: resources carrying all these tags, plus their dependencies."""
    definition = define(
        name,
        tag,
        account,
        region,
        rpo,
        rto,
        Retention(keep_last=keep_last, keep_days=keep_days),
        contact,
    )
    with opened_store() as store:
        add_application(store, definition, allow_empty)
    emit(present.application(definition), json, _render_application)


@app.command("set")
def set_command(
    name: str,
    rpo: int | None = RpoOption,
    rto: int | None = RtoOption,
    keep_last: int | None = KeepLastOption,
    keep_days: int | None = KeepDaysOption,
    json: bool = JsonOption,
) -> None:
    """Change an existing application's RPO, RTO or snapshot retention; others stay."""
    with opened_store() as store:
        definition = update_application(
            store, name, rpo, rto, Retention(keep_last=keep_last, keep_days=keep_days)
        )
    emit(present.application(definition), json, _render_application)


@app.command("list")
def list_command(json: bool = JsonOption) -> None:
    """Every application, by name."""
    with opened_store() as store:
        document = {"applications": [present.application(a) for a in list_applications(store)]}
    emit(document, json, _render_list)


@app.command()
def show(name: str, json: bool = JsonOption) -> None:
    """An application's definition."""
    with opened_store() as store:
        document = present.application(get_application(store, name))
    emit(document, json, _render_application)


@app.command()
def preview(name: str, at: str | None = AtOption, json: bool = JsonOption) -> None:
    """The assets in scope at a time, grouped by type, each with why it is included."""
    with opened_store() as store:
        moment = time_of(store, at)
        document = present.scope(
            resolve(store, get_application(store, name), moment, list_applications(store))
        )
    emit(document, json, render_assets)


@app.command()
def delete(name: str, json: bool = JsonOption) -> None:
    """Delete the definition and its schedule; history and snapshots stay."""
    with opened_store() as store:
        delete_application(store, name)
    emit({"deleted": name}, json, lambda doc: console.print(f"deleted application {name}"))


def _render_application(doc: dict[str, Any]) -> None:
    tags = " ".join(f"{key}={','.join(values)}" for key, values in doc["tags"].items())
    console.print(f"[bold]{doc['name']}[/bold]  tags {tags}")
    console.print(
        f"account {doc['account'] or 'any'}  regions {', '.join(doc['regions']) or 'all'}  "
        f"RPO {_minutes(doc['rpo_minutes'])}  RTO {_minutes(doc['rto_minutes'])}"
    )
    retention = [
        f"last {doc['keep_last']}" if doc["keep_last"] else "",
        f"{doc['keep_days']} days" if doc["keep_days"] else "",
    ]
    console.print(f"snapshots kept: {' or '.join(r for r in retention if r) or 'all'}")


def _render_list(doc: dict[str, Any]) -> None:
    table = Table(title_justify="left")
    for column in ("name", "tags", "account", "regions", "RPO", "RTO"):
        table.add_column(column)
    for item in doc["applications"]:
        tags = " ".join(f"{key}={','.join(values)}" for key, values in item["tags"].items())
        table.add_row(
            item["name"],
            tags,
            item["account"] or "any",
            ", ".join(item["regions"]) or "all",
            _minutes(item["rpo_minutes"]),
            _minutes(item["rto_minutes"]),
        )
    if doc["applications"]:
        print_table(table)
    else:
        console.print("no applications (see `cairn app create`)")


def render_assets(doc: dict[str, Any]) -> None:
    """Assets grouped by type, each with its reason; shared by preview and snapshot show."""
    reasons = Counter(asset["reason"] for asset in doc["assets"])
    console.print(
        f"[bold]{doc['application']}[/bold] at {doc['at']}: {doc['count']} assets "
        f"({reasons['tagged']} tagged, {reasons['part']} parts of tagged ones, "
        f"{reasons['dependency']} dependencies)"
    )
    labels = {asset["uid"]: _label(asset) for asset in doc["assets"]}
    for type_name, count in doc["by_type"].items():
        console.print(f"[bold]{type_name}[/bold] ({count})")
        for asset in (a for a in doc["assets"] if a["type"] == type_name):
            why = _why(asset, labels)
            console.print(f"  {asset['name'] or asset['uid']}  [dim]{why}[/dim]")
    if doc["outside"]:
        console.print("[bold]references leaving the application[/bold] (not restored with it)")
        for item in doc["outside"]:
            owner = f" of {item['owner']}" if item["owner"] else ""
            console.print(
                f"  {labels.get(item['source'], item['source'])} {item['field']} -> "
                f"{item['target']}  [dim]{item['reason']}{owner}[/dim]"
            )


def _why(asset: dict[str, Any], labels: dict[str, str]) -> str:
    path = asset["path"]
    if asset["reason"] == "part":
        return f"part of {labels.get(path[0]['target'], path[0]['target'])} ({path[0]['field']})"
    if asset["reason"] == "dependency":
        chain = [labels[path[0]["source"]], *(labels.get(h["target"], h["target"]) for h in path)]
        return "dependency: " + " -> ".join(chain)
    return "tagged"


def _label(asset: dict[str, Any]) -> str:
    kind = asset["type"].split("::", 1)[-1]
    return f"{kind} {asset['name'] or asset['uid']}"


def _minutes(value: int | None) -> str:
    return f"{value} min" if value is not None else "-"
