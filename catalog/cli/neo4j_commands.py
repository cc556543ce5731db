"""`cairn neo4j start|stop|status`: the local server from tools/neo4j."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import typer

from catalog.cli.options import JsonOption
from catalog.cli.output import console, emit, progress
from catalog.neo4j_local import DEFAULT_PORT, LocalNeo4j

app = typer.Typer(
    help="Run a local Neo4j 5.26 server without Docker (tools/neo4j).", no_args_is_help=True
)

PortOption = typer.Option(DEFAULT_PORT, "--port", min=1, max=65535, help="Bolt port on 127.0.0.1.")
HomeOption = typer.Option(
    None, "--home", help="Data, PID and log directory (default $CAIRN_HOME/neo4j)."
)


@app.command()
def start(port: int = PortOption, home: Path | None = HomeOption, json: bool = JsonOption) -> None:
    """Start the server (idempotent) and wait until Bolt answers."""
    status = LocalNeo4j(home, port).start(on_progress=progress(json))
    emit(
        asdict(status),
        json,
        lambda s: console.print(f"Neo4j is running on {s['uri']} (pid {s['pid']})"),
    )


@app.command()
def stop(port: int = PortOption, home: Path | None = HomeOption, json: bool = JsonOption) -> None:
    """Stop the server started by `cairn neo4j start`, by its own PID."""
    stopped = LocalNeo4j(home, port).stop()
    emit(
        {"stopped": stopped},
        json,
        lambda d: console.print("Neo4j stopped" if d["stopped"] else "Neo4j was not running"),
    )


@app.command()
def status(port: int = PortOption, home: Path | None = HomeOption, json: bool = JsonOption) -> None:
    """Say whether the local server runs and answers on Bolt (exit 3 if not)."""
    current = LocalNeo4j(home, port).status()
    emit(
        asdict(current),
        json,
        lambda s: console.print(
            f"Neo4j is running on {s['uri']} (pid {s['pid']})"
            if s["running"]
            else "Neo4j is not running"
        ),
    )
    if not current.running:
        raise typer.Exit(3)
