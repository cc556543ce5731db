"""`cairn demo`: start what is needed locally and tell the story on a sample account."""

from __future__ import annotations

import os
from typing import Any

import typer

from catalog.cli import graph_commands
from catalog.cli.options import JsonOption, opened_store
from catalog.cli.output import console, emit, progress
from catalog.demo import run_demo
from catalog.neo4j_local import LocalNeo4j


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def demo(json: bool = JsonOption) -> None:
    """Crawl a sample account twice (before and after console hotfixes) and read it back."""
    say = progress(json)
    if not os.environ.get("NEO4J_URI"):
        LocalNeo4j().start(on_progress=say)
    with opened_store() as store:
        record = run_demo(store, say)
    emit(record, json, _render)


def _render(record: dict[str, Any]) -> None:
    steps = {step["step"]: step for step in record["steps"]}
    for key in ("crawl-healthy", "crawl-hotfixed"):
        stats = steps[key]["stats"]
        console.print(
            f"[bold]{key}[/bold] {steps[key]['run']}: {stats['observed']} observed, "
            f"{stats['created']} created, {stats['changed']} changed, "
            f"{stats['unchanged']} unchanged"
        )
    console.rule("what changed between the two crawls")
    graph_commands.render_changes(steps["changes"])
    console.rule("impact: what depends on the ECS task role")
    graph_commands.render_impact(steps["impact"])
    console.rule("history of the RDS parameter group")
    graph_commands.render_history(steps["history"])
    console.rule("try next")
    console.print(f"cairn history {steps['impact']['uid']}")
    console.print(f"cairn impact {steps['impact']['uid']} --json")
    console.print(f"cairn changes --since {steps['crawl-healthy']['at']}")
