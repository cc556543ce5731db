"""Console page loads in a real browser (issue 18's targets).

Usage (from the repository root):

    .venv/bin/python benchmarks/console.py > console.json 2> console.log

Two graphs, one after the other, in an emptied Neo4j:

  1. the demo's: `cairn demo --no-drill --json` in a process of its own (its own moto
     server), which leaves the SaaS application with two snapshots and the hotfixes
     between them;
  2. the generated one of benchmarks/restore.py: N resources (default 100,000) with an
     application of about --app-size (default 1,000) assets, snapshotted, re-crawled with
     --change of its resources changed, and snapshotted again.

On each, `cairn serve --anonymous reader` serves the API and the console (a fresh server
for each page, in a process of its own) and Debian's chromium, driven by Playwright,
opens each console page: `/`, `/apps/NAME`, `/apps/NAME?at=<first snapshot's time>`,
`/resources/UID` (the application's most-referenced asset) and `/apps/NAME/restore`.
A page's load time runs from navigation start to `main#content[aria-busy="false"]` (the
console's readiness contract), read in the page as `performance.now()`: a first load in
a fresh browser context (empty cache), then --repeats warm loads in the same context.
The GraphQL operations the console's pages import (and ConsoleApplication) are also timed
alone over HTTP, so a slow page can be told from a slow query.

Exactly one JSON document goes to stdout; progress goes to stderr. `targets` says, per
graph, whether every page met its budget (1 s on the demo graph, 3 s on the generated
one) on its slowest load.

Neo4j: as benchmarks/ingest.py, but our own server listens on port 7695 with data under
.cairn/bench-console; the demo's files go there too.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from api import CAIRN_CLI, Client, Server, api_server, percentiles, succeeded, timed
from common import (
    REPO,
    add_server_arguments,
    bench_settings,
    bench_store,
    environment,
    git_revision,
    say,
    wipe,
)
from common import main as benchmark_main
from graphql import NonNullTypeNode, OperationDefinitionNode, parse
from ingest import TimedStore, crawl
from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from restore import RestoreAccount
from snapshots import (
    APP,
    TARGET_APP_SIZE,
    TARGET_RESOURCES,
    add_application_arguments,
    create_applications,
    parsed_application_args,
)

from catalog.errors import CairnError
from catalog.graph.connection import Neo4jSettings
from catalog.snapshots import take_snapshot

# The console tests' browser (Debian's chromium, its flags, the readiness selector). The
# repository goes last on the path: its graphql/ folder must not come before graphql-core.
sys.path.append(str(REPO))
from tests.browser import ALERT, READY, chromium, chromium_browser, missing_chromium

BENCH_HOME = REPO / ".cairn" / "bench-console"
BENCH_PORT = 7695
BUDGET_MS = {"demo": 1000.0, "generated": 3000.0}
GRAPHS = tuple(BUDGET_MS)
OPERATIONS_DIR = REPO / "graphql" / "operations"
APPLICATION_OPERATION = OPERATIONS_DIR / "ConsoleApplication.graphql"
CONSOLE_SOURCE = REPO / "catalog" / "console" / "src"
IMPORTED_OPERATION = re.compile(r"graphql/operations/(\w+)\.graphql")
# Runs before the page's own scripts: the moment the page says it is ready, in ms since
# navigation start, recorded by the page itself (no polling delay in the figure).
READY_PROBE = """
new MutationObserver(() => {
  const main = document.querySelector('main#content');
  if (window.__cairnReady === undefined && main?.getAttribute('aria-busy') === 'false') {
    window.__cairnReady = performance.now();
  }
}).observe(document, {subtree: true, childList: true, attributes: true,
                      attributeFilter: ['aria-busy']});
"""
# The probe's callback may run just after Playwright saw the attribute: wait for it.
READY_TIME = """
() => new Promise(resolve => {
  const check = () => window.__cairnReady === undefined
    ? setTimeout(check, 1) : resolve(window.__cairnReady);
  check();
})
"""
ALERTS = """
selector => Array.from(document.querySelectorAll(selector))
  .map(element => element.textContent.trim()).filter(Boolean)
"""
URI_COMPONENT_SAFE = "-_.!~*'()"  # what JavaScript's encodeURIComponent leaves alone


# -- what each graph's pages are about --------------------------------------------


@dataclass(frozen=True)
class Subject:
    """An application of a graph, its first snapshot's time and its most-referenced asset."""

    graph: str
    application: str
    first_snapshot_at: str | None
    resource: str | None
    assets: int
    references: int

    def pages(self) -> dict[str, str]:
        """The console's addresses, by their pattern."""
        app = quote(self.application, safe=URI_COMPONENT_SAFE)
        pages = {"/": "/", "/apps/NAME": f"/apps/{app}"}
        if self.first_snapshot_at:
            at = quote(self.first_snapshot_at, safe=URI_COMPONENT_SAFE)
            pages["/apps/NAME?at=FIRST_SNAPSHOT"] = f"/apps/{app}?at={at}"
        if self.resource:
            pages["/resources/UID"] = f"/resources/{quote(self.resource, safe=URI_COMPONENT_SAFE)}"
        pages["/apps/NAME/restore"] = f"/apps/{app}/restore"
        return pages

    def variables(self) -> dict[str, Any]:
        """Values for the operations' variables, by name."""
        return {"name": self.application, "application": self.application, "uid": self.resource}


def subject_of(server: Server, graph: str, application: str) -> Subject:
    answer = Client(server).post(
        APPLICATION_OPERATION.read_text(encoding="utf-8"), {"name": application}
    )
    if not succeeded(answer, "application"):
        raise CairnError(f"{graph}: ConsoleApplication failed: {answer.errors or answer.status}")
    found = answer.data["application"]  # type: ignore[index]
    taken = sorted(s["at"] for s in found["snapshots"] if s["status"] == "complete" and s["at"])
    edges = found["assets"]["references"]
    assets = found["assets"]["assets"]
    # The asset most others refer to; without references, any asset.
    ranked = [uid for uid, _ in Counter(edge["target"] for edge in edges).most_common(1)]
    ranked += [asset["uid"] for asset in assets[:1]]
    return Subject(
        graph=graph,
        application=application,
        first_snapshot_at=taken[0] if taken else None,
        resource=ranked[0] if ranked else None,
        assets=len(assets),
        references=len(edges),
    )


# -- the graphs --------------------------------------------------------------------


def demo_graph(settings: Neo4jSettings, home: Path) -> str:
    """`cairn demo --no-drill` into the emptied graph, in its own process; its application."""
    say("running cairn demo --no-drill (its own moto server)")
    env = {**os.environ, "NEO4J_URI": settings.uri, "CAIRN_HOME": str(home / "demo-home")}
    command = [sys.executable, "-c", CAIRN_CLI, "demo", "--no-drill", "--no-wait", "--json"]
    done = subprocess.run(
        command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True, check=False
    )
    if done.returncode != 0:
        raise CairnError(f"cairn demo exited with {done.returncode}")
    steps = {step["step"]: step for step in json.loads(done.stdout)["steps"]}
    return str(steps["application"]["application"]["name"])


def generated_graph(store: TimedStore, args: argparse.Namespace) -> str:
    """restore.py's account (snapshots.py's, with the types the planner maps shaped as the
    crawlers write them: readiness and the restore page plan them) and its application: a
    snapshot, a re-crawl with --change of the application changed, another snapshot."""
    account = RestoreAccount(args.resources, args.seed, args.app_size)
    crawl(store, account, "first ingest")
    create_applications(store)
    say("first snapshot")
    take_snapshot(store, APP)
    crawl(store, account.with_app_changes(args.change), "re-crawl, application changed")
    say("second snapshot")
    take_snapshot(store, APP)
    return APP


# -- measuring ---------------------------------------------------------------------


def measure_graph(
    settings: Neo4jSettings, graph: str, application: str, args: argparse.Namespace
) -> dict[str, Any]:
    """The operations on one server, then each page on a fresh server of its own: its first
    load meets the server as a user's first visit would, and work a page left running
    (one never ready) slows no other figure."""
    with console_server(settings, args) as server:
        subject = subject_of(server, graph, application)
        say(f"{graph}: {subject.assets} assets, {subject.references} references")
        operations = measure_operations(server, subject, args.operation_repeats)
    pages = measure_pages(settings, subject.pages(), args)
    return {
        "application": application,
        "assets": subject.assets,
        "references": subject.references,
        "first_snapshot_at": subject.first_snapshot_at,
        "resource": subject.resource,
        "pages": pages,
        "operations_ms": operations,
    }


def console_operations() -> list[Path]:
    """The operations the console's pages import, and the application page's."""
    names = {
        name
        for source in CONSOLE_SOURCE.rglob("*.js")
        for name in IMPORTED_OPERATION.findall(source.read_text(encoding="utf-8"))
    }
    return sorted({APPLICATION_OPERATION, *(OPERATIONS_DIR / f"{name}.graphql" for name in names)})


def measure_operations(server: Server, subject: Subject, repeats: int) -> dict[str, Any]:
    """Each console operation over HTTP; those with an `at` also at the first snapshot."""
    client, figures = Client(server), {}
    for path in console_operations():
        text = path.read_text(encoding="utf-8")
        wanted, missing = operation_variables(text, subject.variables())
        if missing:
            figures[path.stem] = {"skipped": f"no value for ${', $'.join(missing)}"}
            continue
        runs = {path.stem: wanted}
        if "at" in declared_variables(text) and subject.first_snapshot_at:
            runs[f"{path.stem}(at: first snapshot)"] = {**wanted, "at": subject.first_snapshot_at}
        for name, variables in runs.items():
            figures[name] = time_operation(client, text, variables, repeats)
            say(f"  {subject.graph} {name}: {figures[name]}")
    client.close()
    return figures


def declared_variables(text: str) -> dict[str, bool]:
    """The operation's variables, each with whether it must be given."""
    operation = next(d for d in parse(text).definitions if isinstance(d, OperationDefinitionNode))
    return {
        d.variable.name.value: isinstance(d.type, NonNullTypeNode) and d.default_value is None
        for d in operation.variable_definitions or ()
    }


def operation_variables(text: str, known: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The known values of the operation's variables, and the required ones unknown."""
    declared = declared_variables(text)
    given = {name: known[name] for name in declared if known.get(name) is not None}
    return given, [name for name, required in declared.items() if required and name not in given]


def time_operation(
    client: Client, text: str, variables: dict[str, Any], repeats: int
) -> dict[str, Any]:
    first_ms, answer = timed(client, text, variables)
    durations = [timed(client, text, variables)[0] for _ in range(repeats)]
    return {
        "first": round(first_ms, 1),
        **{k: v for k, v in percentiles(durations).items() if k in ("p50", "max", "samples")},
        "response_bytes": answer.size,
        "errors": [error.get("message") for error in answer.errors or []],
    }


def console_server(
    settings: Neo4jSettings, args: argparse.Namespace
) -> AbstractContextManager[Server]:
    """`cairn serve --anonymous reader` in a process of its own (api.py's), so that the
    browser needs no token and nothing it started outlives the server."""
    return api_server(settings.uri, 1, args.home / "uvicorn.log", anonymous=True)


def measure_pages(
    settings: Neo4jSettings, pages: dict[str, str], args: argparse.Namespace
) -> dict[str, Any]:
    figures = {}
    with chromium_browser() as browser:
        for pattern, path in pages.items():
            with console_server(settings, args) as server:
                url = f"http://{server.host}:{server.port}{path}"
                figures[pattern] = measure_page(browser, url, args)
    return figures


@dataclass(frozen=True)
class Load:
    ms: float | None  # None: never ready
    alerts: list[str]


def measure_page(browser: Browser, url: str, args: argparse.Namespace) -> dict[str, Any]:
    """A first load in a fresh context (empty cache), then --repeats warm ones; a page that
    was never ready is not loaded again."""
    context = browser.new_context()
    context.add_init_script(READY_PROBE)
    page = context.new_page()
    loads = [load(page, url, args.page_timeout)]
    while loads[-1].ms is not None and len(loads) <= args.repeats:
        loads.append(load(page, url, args.page_timeout))
    context.close()
    ready = [item.ms for item in loads if item.ms is not None]
    figures = {
        "url": url,
        "first_ms": loads[0].ms,
        "warm_ms": [item.ms for item in loads[1:]],
        "p50_ms": percentiles(ready)["p50"] if ready else None,
        "max_ms": max(ready) if len(ready) == len(loads) else None,
        "errors": sorted({alert for item in loads for alert in item.alerts})
        + ([] if ready else [f"not ready within {args.page_timeout} s"]),
    }
    say(f"  {url}: first {figures['first_ms']} ms, max {figures['max_ms']} ms {figures['errors']}")
    return figures


def load(page: Page, url: str, timeout_s: float) -> Load:
    # Not wait_for_function: the console's CSP (script-src 'self') forbids the eval it uses.
    page.goto(url, wait_until="commit")
    try:
        page.wait_for_selector(READY, state="attached", timeout=timeout_s * 1000)
    except PlaywrightTimeout:
        return Load(None, page.evaluate(ALERTS, ALERT))
    return Load(round(page.evaluate(READY_TIME), 1), page.evaluate(ALERTS, ALERT))


def verdicts(graphs: dict[str, dict[str, Any]], args: argparse.Namespace) -> dict[str, Any]:
    """Per graph: every page's slowest load against the budget; a page never ready or
    showing an error misses it. Operations taking half the budget alone are named."""
    section: dict[str, Any] = {}
    for graph, measured in graphs.items():
        budget = BUDGET_MS[graph]
        pages = {
            pattern: {"max_ms": page["max_ms"], "met": within(page, budget)}
            for pattern, page in measured["pages"].items()
        }
        section[graph] = {
            "budget_ms": budget,
            "met": all(page["met"] for page in pages.values()),
            "missed": [pattern for pattern, page in pages.items() if not page["met"]],
            "pages": pages,
            "operations_over_half_the_budget": [
                name
                for name, figures in measured["operations_ms"].items()
                if figures.get("p50", 0) > budget / 2
            ],
        }
    if "generated" in section:
        section["generated"]["applicable"] = (
            args.resources == TARGET_RESOURCES and args.app_size == TARGET_APP_SIZE
        )
    return section


def within(page: dict[str, Any], budget_ms: float) -> bool:
    slowest = page["max_ms"]
    return slowest is not None and not page["errors"] and slowest <= budget_ms


# -- the benchmark -----------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    load_average, revision = os.getloadavg(), git_revision()
    args.home.mkdir(parents=True, exist_ok=True)
    graphs: dict[str, dict[str, Any]] = {}
    with bench_store(TimedStore, args.port, args.home, args.keep_server) as (store, neo4j):
        settings = bench_settings(neo4j)
        if "demo" in args.graphs:
            graphs["demo"] = measure_graph(settings, "demo", demo_graph(settings, args.home), args)
        if "generated" in args.graphs:
            wipe(store)
            application = generated_graph(store, args)
            graphs["generated"] = measure_graph(settings, "generated", application, args)
    return {
        "resources": args.resources,
        "app_size": args.app_size,
        "graphs": graphs,
        "targets": verdicts(graphs, args),
        "environment": environment(
            load_average,
            revision,
            neo4j,
            python=sys.version.split()[0],
            server="cairn serve --anonymous reader (one worker), a fresh one for each page",
            browser=f"{chromium()} headless, Playwright (tests/browser.py's launch)",
            repeats=args.repeats,
            seed=args.seed,
        ),
    }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Console page loads in chromium on the demo graph and a generated one; "
        "prints one JSON document.",
    )
    add_application_arguments(parser, TARGET_RESOURCES, TARGET_APP_SIZE)
    parser.add_argument(
        "--change", type=float, default=0.05, help="fraction of the app changed between snapshots"
    )
    parser.add_argument(
        "--graphs", nargs="+", choices=GRAPHS, default=list(GRAPHS), help="which graphs to measure"
    )
    parser.add_argument(
        "--operation-repeats", type=int, default=5, help="timed runs of each GraphQL operation"
    )
    parser.add_argument(
        "--page-timeout", type=float, default=15.0, help="seconds a page may take to be ready"
    )
    add_server_arguments(parser, BENCH_PORT, BENCH_HOME)
    args = parsed_application_args(parser)
    if problem := missing_chromium():
        parser.error(problem)
    return args


if __name__ == "__main__":
    sys.exit(benchmark_main(parse_args, run))
