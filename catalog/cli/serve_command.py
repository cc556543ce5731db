"""`cairn serve`: the web console, the GraphQL API (GraphiQL in a browser) and /healthz."""

from __future__ import annotations

import logging
import os
from json import dumps
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from catalog.api.access import Access, Role
from catalog.api.limits import max_body_bytes
from catalog.cli.output import progress_console
from catalog.graph.connection import Neo4jSettings
from catalog.graph.store import GraphStore

if TYPE_CHECKING:
    from starlette.applications import Starlette

# uvicorn's worker processes import the app by name and build it themselves; they
# inherit the environment, so that is how the command line's options reach them.
WORKER_APP = "catalog.cli.serve_command:worker_app"
TOKENS_FILE_VARIABLE = "CAIRN_SERVE_TOKENS_FILE"
ANONYMOUS_VARIABLE = "CAIRN_SERVE_ANONYMOUS"


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)


def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    tokens_file: Path | None = typer.Option(
        None,
        "--tokens-file",
        help="Lines of role:token (reader or operator); see also CAIRN_API_TOKENS.",
    ),
    anonymous: Role | None = typer.Option(
        None, "--anonymous", help="Let requests without a token in with this role (local use)."
    ),
    workers: int = typer.Option(
        1,
        "--workers",
        min=1,
        help="Server processes sharing the port, each with its own Neo4j connections.",
    ),
    json: bool = typer.Option(
        False, "--json", help="Print where it serves as one JSON line on stdout, then serve."
    ),
) -> None:
    """Serve the console at / and GraphQL at /graphql behind bearer tokens, until Ctrl-C."""
    # Imported here: strawberry and uvicorn take a noticeable part of every other
    # command's start-up otherwise.
    import uvicorn

    # Checked here, once, so that bad tokens, a bad body limit or an unreachable Neo4j are
    # one line and an exit code rather than a traceback in every worker; opening the store
    # also creates the schema before the workers would race to.
    Access.configure(tokens_file, anonymous)
    max_body_bytes()
    GraphStore.open(Neo4jSettings.from_env()).close()
    os.environ.update(worker_environment(tokens_file, anonymous))
    announce(f"http://{host}:{port}", anonymous, json)
    uvicorn.run(
        WORKER_APP, factory=True, host=host, port=port, workers=workers, log_level="warning"
    )


def worker_environment(tokens_file: Path | None, anonymous: Role | None) -> dict[str, str]:
    """The options worker_app reads back; empty values, not absent ones, so that nothing
    set outside `cairn serve` stands in for an option that was not given."""
    return {
        TOKENS_FILE_VARIABLE: str(tokens_file.resolve()) if tokens_file else "",
        ANONYMOUS_VARIABLE: anonymous.value if anonymous else "",
    }


def worker_app() -> Starlette:
    """The app one server process builds: Neo4j from NEO4J_*, access from the options."""
    from catalog.api.app import create_app

    # `cairn` silences the driver for one-shot commands; a server's log keeps its warnings
    # (retries, lost connections), which are how an operator sees a flapping Neo4j.
    logging.getLogger("neo4j").setLevel(logging.WARNING)

    tokens_file = os.environ.get(TOKENS_FILE_VARIABLE)
    anonymous = os.environ.get(ANONYMOUS_VARIABLE)
    access = Access.configure(
        Path(tokens_file) if tokens_file else None, Role(anonymous) if anonymous else None
    )
    return create_app(Neo4jSettings.from_env(), access)


def announce(base: str, anonymous: Role | None, json: bool) -> None:
    if json:
        # One line, flushed: a script reads it while the server keeps running.
        address = {
            "console": f"{base}/",
            "graphql": f"{base}/graphql",
            "healthz": f"{base}/healthz",
        }
        print(dumps({**address, "anonymous": anonymous.value if anonymous else None}), flush=True)
    else:
        progress_console.print(
            f"Console at {base}/, GraphQL at {base}/graphql (GraphiQL in a browser), "
            "health at /healthz"
        )
