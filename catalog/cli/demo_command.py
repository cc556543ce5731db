"""`cairn demo`: the whole story of SCENARIO.md on a local moto account, step by step."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import typer

from catalog.cli.drill_command import render_drill
from catalog.cli.options import JsonOption, opened_store
from catalog.cli.output import console, emit, print_attribute_changes, progress
from catalog.cli.readiness_command import render_readiness
from catalog.graph.connection import Neo4jSettings
from catalog.neo4j_local import LocalNeo4j, cairn_home


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def demo(
    wait: bool | None = typer.Option(
        None,
        "--wait/--no-wait",
        help="Keep the GraphQL API serving until Ctrl-C; default: only in a terminal "
        "(--json never waits).",
    ),
    drill: bool = typer.Option(
        True,
        "--drill/--no-drill",
        help="Apply the restore into us-west-2 and destroy it again (minutes; needs "
        "terraform and the AWS provider).",
    ),
    json: bool = JsonOption,
) -> None:
    """Build the scenario's application in a local moto account and tell its story:
    crawl, application, snapshots, hotfixes, drift, impact, restore plan, readiness,
    API."""
    # Imported here: moto, uvicorn and the API take seconds to import.
    from catalog.api.access import Access, Role
    from catalog.demo.api_server import background_api
    from catalog.demo.local_aws import local_aws
    from catalog.demo.story import Places, Story, start_fresh, tell

    say = progress(json)
    started = time.monotonic()
    if not os.environ.get("NEO4J_URI"):
        LocalNeo4j().start(on_progress=say)
    settings = Neo4jSettings.from_env()
    places = Places(cairn_home() / "demo")
    show: Callable[[dict[str, Any]], None] = (lambda _: None) if json else render_step
    with opened_store() as store, local_aws():
        start_fresh(store, places, settings.uri)
        story = Story(store, places, say, drills=drill)
        steps = tell(story, show)
        with background_api(settings, Access.configure(anonymous=Role.READER)) as base_url:
            steps.append(story.serve(base_url))
            show(steps[-1])
            record = {
                "steps": steps,
                "next": next_commands(steps),
                "seconds": round(time.monotonic() - started, 1),
            }
            emit(record, json, render_next)
            if json:
                return
            if _waits(wait):
                _serve_until_interrupted(steps[-1]["application_page"])
            else:
                page = urlsplit(steps[-1]["application_page"]).path
                console.print(
                    f"The console: `cairn serve --anonymous reader`, then open http://127.0.0.1:8000{page}"
                )


def next_commands(steps: list[dict[str, Any]]) -> list[str]:
    """What to try next, on the graph the demo leaves behind."""
    by_step = {step["step"]: step for step in steps}
    role = by_step["impact"]["impact"]["uid"]
    first, second = by_step["snapshot-1"]["id"], by_step["hotfixes"]["snapshot"]["id"]
    application = by_step["application"]["application"]["name"]
    return [
        f"cairn app preview {application}",
        f"cairn snapshot diff {first} {second}",
        f"cairn impact {role} --depth 3",
        f"cairn history {role}",
        f"cairn changes --since {by_step['crawl']['at']} --app {application}",
        f"cairn restore plan {second} --out restore-us-west-2 --target-region us-west-2",
        f"cairn readiness {application} --target-region us-west-2",
        "cairn serve --anonymous reader",
    ]


def _waits(wait: bool | None) -> bool:
    """Serve on for a person at a terminal; a script or a pipe gets its prompt back."""
    return wait if wait is not None else sys.stdin.isatty() and sys.stdout.isatty()


def _serve_until_interrupted(application_page: str) -> None:
    console.print(f"\nOpen the console at {application_page}")
    console.print("The console and the API: the server serves until Ctrl-C.")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        console.print("stopped the API and the local AWS account")


# -- rendering, one function per step --------------------------------------------------


def render_step(step: dict[str, Any]) -> None:
    console.rule(f"[bold]{TITLES[step['step']]}[/bold]")
    RENDERERS[step["step"]](step)


def _crawl(step: dict[str, Any]) -> None:
    stats = step["stats"]
    console.print(
        f"run {step['run']}: {stats['observed']} resources of {len(step['by_type'])} types, "
        f"with every reference between them"
    )
    console.print(", ".join(f"{n} {name.split('::', 1)[1]}" for name, n in step["by_type"].items()))
    console.print(f"the declared Terraform state (before any hotfix): {step['declared_state']}")


def _application(step: dict[str, Any]) -> None:
    reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(step["by_reason"].items()))
    console.print(
        f"{step['application']['name']} = tags {_tags(step['application']['tags'])}: "
        f"{step['count']} assets ({reasons})"
    )
    console.print("pulled in by dependency, untagged:")
    for asset in step["dependencies"]:
        via = asset["path"][-1] if asset["path"] else None
        why = f"  <- {via['source']} ({via['field']})" if via else ""
        console.print(f"  {asset['type']}  {asset['name'] or asset['uid']}{why}")


def _snapshot(step: dict[str, Any]) -> None:
    console.print(f"{step['id']}: {step['asset_count']} assets pinned at {step['at']}")


def _hotfixes(step: dict[str, Any]) -> None:
    for hotfix in step["hotfixes"]:
        console.print(f"console hotfix: {hotfix}")
    _snapshot(step["snapshot"])
    diff = step["diff"]
    console.print(f"snapshot diff: {diff['counts']['changed']} changed, nothing else")
    for change in diff["changes"]:
        console.print(f"  {change['type']}  {change['name'] or change['uid']}")
        print_attribute_changes(change["changes"], indent=4)


def _drift(step: dict[str, Any]) -> None:
    console.print(f"against {step['tfstate']['source']}: {len(step['findings'])} findings")
    for finding in step["findings"]:
        console.print(f"  {finding['sentence']}")
    patch = step["patch"]
    console.print(f"codification patch: {', '.join(patch['files'])} in {patch['out']}")


def _impact(step: dict[str, Any]) -> None:
    impact = step["impact"]
    console.print(
        f"the hotfixes are gone from AWS; what depends on the task role "
        f"({impact['count']} resources within {impact['depth']} references):"
    )
    for dependent in impact["dependents"]:
        console.print(f"  depth {dependent['depth']}  {dependent['type']}  {dependent['uid']}")


def _restore(step: dict[str, Any]) -> None:
    console.print(f"{step['out']}: {', '.join(step['files'])}")
    for stage in step["stages"]:
        console.print(f"  {stage['file']:<16} {stage['resources']} resources")
    kept = step["hotfixes_kept"]
    console.print(
        f"from snapshot 2: inline policy {'kept' if kept['inline_policy'] else 'MISSING'}, "
        f"max_connections 900 {'kept' if kept['max_connections_900'] else 'MISSING'}"
    )
    console.print("values that named the source now name what the plan restores:")
    for rewired in step["rewired"]:
        console.print(f"  {rewired['address']} {rewired['field']}")
        console.print(f"    was     {rewired['value']}")
        console.print(f"    written {rewired['written']}")
    console.print("cutover checklist (RUNBOOK.md):")
    for stage in step["checklist"]["stages"]:
        console.print(f"  {stage['title']}: {stage['gate']}")
    for record in step["checklist"]["records"]:
        console.print(f"  DNS {record['name']} {record['type']}: {record['wait']}")
    for point in step["restore_points"]:
        console.print(
            f"  restore point of {point['address']}: {point['time'] or point['method']}, "
            f"RPO {point['rpo_minutes']} minutes; latest: {point['command']}"
        )


def _drill(step: dict[str, Any]) -> None:
    if "skipped" in step:
        console.print(f"skipped: {step['skipped']}", markup=False)
    else:
        render_drill(step)


def _serve(step: dict[str, Any]) -> None:
    if step["console_built"]:
        console.print(f"Console: {step['console']} (every page reads the API below)")
    else:
        console.print("Console: not built here (tools/setup.sh builds it with npm)")
    console.print(f"GraphiQL: {step['graphiql']} (open it in a browser, paste this query)")
    console.print(step["query"])
    count = step["answer"].get("data", {}).get("impact", {}).get("count")
    console.print(f"answered: {count} dependents. From a script:\n{step['curl']}")


def render_next(record: dict[str, Any]) -> None:
    console.rule("[bold]try next[/bold]")
    for command in record["next"]:
        console.print(command)
    console.print(
        f"(the story took {record['seconds']} s; the graph stays in Neo4j for these commands: "
        "`cairn neo4j stop` stops the local server)"
    )


def _tags(tags: dict[str, list[str]]) -> str:
    return " ".join(f"{key}={','.join(values)}" for key, values in sorted(tags.items()))


TITLES = {
    "crawl": "1. crawl: the application as it runs",
    "application": "2. the application, by its tags, and what it depends on",
    "snapshot-1": "3. snapshot 1: healthy production",
    "hotfixes": "4. console hotfixes, a crawl, snapshot 2, and the diff",
    "drift": "5. drift: what the next terraform apply would undo",
    "impact": "6. the apply reverts the hotfixes; impact of the task role",
    "restore": "7. restore plan from snapshot 2 into us-west-2",
    "drill": "8. drill: the restore applied into us-west-2, checked, timed and destroyed",
    "readiness": "9. readiness for us-west-2, against RTO 30 min and RPO 5 min",
    "serve": "10. the GraphQL API",
}
RENDERERS: dict[str, Callable[[dict[str, Any]], None]] = {
    "crawl": _crawl,
    "application": _application,
    "snapshot-1": _snapshot,
    "hotfixes": _hotfixes,
    "drift": _drift,
    "impact": _impact,
    "restore": _restore,
    "drill": _drill,
    "readiness": render_readiness,
    "serve": _serve,
}
