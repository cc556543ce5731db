"""`cairn serve`: the GraphQL API (GraphiQL in a browser) and /healthz."""

from __future__ import annotations

from json import dumps
from pathlib import Path

import typer

from catalog.api.access import Access, Role
from catalog.cli.output import progress_console
from catalog.graph.connection import Neo4jSettings


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
    json: bool = typer.Option(
        False, "--json", help="Print where it serves as one JSON line on stdout, then serve."
    ),
) -> None:
    """Serve GraphQL at /graphql behind bearer tokens, until Ctrl-C."""
    # Imported here: strawberry and uvicorn take a noticeable part of every other
    # command's start-up otherwise.
    import uvicorn

    from catalog.api.app import create_app

    access = Access.configure(tokens_file, anonymous)
    app = create_app(Neo4jSettings.from_env(), access)
    base = f"http://{host}:{port}"
    if json:
        # One line, flushed: a script reads it while the server keeps running.
        address = {"graphql": f"{base}/graphql", "healthz": f"{base}/healthz"}
        print(dumps({**address, "anonymous": anonymous.value if anonymous else None}), flush=True)
    else:
        progress_console.print(
            f"GraphQL at {base}/graphql (GraphiQL in a browser), health at /healthz"
        )
    uvicorn.run(app, host=host, port=port, log_level="warning")
