"""What every benchmark shares: progress on stderr, the Neo4j it measures, the revision."""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from catalog.errors import CairnError
from catalog.graph.connection import Neo4jSettings
from catalog.graph.queries import query
from catalog.graph.store import GraphStore
from catalog.neo4j_local import LocalNeo4j

REPO = Path(__file__).resolve().parents[1]
Store = TypeVar("Store", bound=GraphStore)


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def peak_rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def git_revision() -> str | None:
    try:
        head = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "-uno", "catalog", "queries"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return f"{head}{'+dirty' if dirty else ''}"


def checked(
    figures: dict[str, float],
    targets: dict[str, float] | dict[str, tuple[float, str]],
    measured: str = "measured",
) -> dict[str, Any]:
    """Each figure against its target: a number is a maximum, (number, "max" | "min") says
    which (and the check says it too). Returns `checks` and the names `missed`."""
    checks: dict[str, dict[str, Any]] = {}
    for name, spec in targets.items():
        target, bound = spec if isinstance(spec, tuple) else (spec, None)
        value = figures[name]
        checks[name] = {
            "target": target,
            **({"bound": bound} if bound else {}),
            measured: value,
            "met": value >= target if bound == "min" else value <= target,
        }
    return {
        "checks": checks,
        "missed": [name for name, check in checks.items() if not check["met"]],
    }


def environment(
    load: tuple[float, ...], revision: str | None, neo4j: dict[str, Any], **details: Any
) -> dict[str, Any]:
    """Every benchmark's `environment` block: the machine, and its load and our revision
    when the benchmark started (`load`, `revision`) and ended."""
    return {
        "cpu_count": os.cpu_count(),
        "load_average_at_start": [round(value, 2) for value in load],
        "load_average_at_end": [round(value, 2) for value in os.getloadavg()],
        "revision_at_start": revision,
        "revision_at_end": git_revision(),
        "neo4j": neo4j,
        **details,
    }


def main(
    parse_args: Callable[[], argparse.Namespace],
    run: Callable[[argparse.Namespace], dict[str, Any]],
) -> int:
    """Run a benchmark: one JSON document on stdout, or one line on stderr and an exit code."""
    args = parse_args()
    refusal = foreign_graph_refusal(args.wipe)
    if refusal:
        print(f"benchmark: {refusal}", file=sys.stderr)
        return 2
    try:
        result = run(args)
    except CairnError as error:
        print(f"benchmark: error: {error}", file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2))
    return 0


def foreign_graph_refusal(allow_wipe: bool) -> str | None:
    """Why the benchmark must not run, if NEO4J_URI points at a graph it would empty."""
    uri = os.environ.get("NEO4J_URI")
    if uri and not allow_wipe:
        return (
            f"refusing to empty the graph at NEO4J_URI={uri}; pass --wipe to allow it, "
            "or unset NEO4J_URI to use a server of our own"
        )
    return None


@contextmanager
def bench_store(
    store_class: type[Store], port: int, home: Path, keep_server: bool
) -> Iterator[tuple[Store, dict[str, Any]]]:
    """An emptied graph: NEO4J_URI's, or a local server of our own, stopped afterwards."""
    server = None
    if os.environ.get("NEO4J_URI"):
        settings = Neo4jSettings.from_env()
    else:
        server = LocalNeo4j(home=home, port=port)
        settings = Neo4jSettings(uri=server.start(on_progress=say).uri)
    info = {
        "uri": settings.uri,
        "own_server": server is not None,
        "java_opts": os.environ.get("CAIRN_NEO4J_JAVA_OPTS") if server else None,
    }
    try:
        with store_class.open(settings) as store:
            wipe(store)
            yield store, info
    finally:
        if server is not None and not keep_server:
            say("stopping the benchmark's Neo4j")
            server.stop()


def bench_settings(info: dict[str, Any]) -> Neo4jSettings:
    """How to reach the graph `bench_store` opened (its `info`), for a server of the API."""
    return Neo4jSettings(uri=info["uri"]) if info["own_server"] else Neo4jSettings.from_env()


def wipe(store: GraphStore) -> None:
    """Empty the graph in batches; CALL IN TRANSACTIONS needs an auto-commit transaction."""
    say("emptying the graph")
    with store.driver.session(database=store.database) as session:
        session.run(query("wipe_graph")).consume()


def add_server_arguments(parser: argparse.ArgumentParser, port: int, home: Path) -> None:
    """--port, --home, --keep-server and --wipe: which Neo4j a benchmark measures."""
    parser.add_argument("--port", type=int, default=port, help="port of our own Neo4j")
    parser.add_argument(
        "--home", type=Path, default=home, help="data, PID file and log of our own Neo4j"
    )
    parser.add_argument("--keep-server", action="store_true", help="leave our Neo4j running")
    parser.add_argument("--wipe", action="store_true", help="allow emptying NEO4J_URI's graph")
