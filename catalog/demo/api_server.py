"""The API in a background thread, for as long as the demo (or a browser test) wants it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from catalog.api.access import Access
from catalog.api.app import create_app
from catalog.errors import CairnError
from catalog.graph.connection import Neo4jSettings

HOST = "127.0.0.1"
PREFERRED_PORT = 8000  # `cairn serve`'s default
START_TIMEOUT_S = 30.0


@contextmanager
def background_api(
    settings: Neo4jSettings, access: Access, port: int | None = None
) -> Iterator[str]:
    """Serve the API on loopback to whom `access` lets in; yields its base URL.

    Without `port`, `cairn serve`'s port when it is free, else any; port 0 lets the OS
    pick at bind time, which is what concurrent test runs on one machine need (a port
    probed free can be taken before uvicorn binds it).
    """
    import uvicorn  # Imported here: it slows every other command's start-up.

    app = create_app(settings, access)
    chosen = _free_port() if port is None else port
    server = uvicorn.Server(uvicorn.Config(app, host=HOST, port=chosen, log_level="warning"))
    # Not the main thread: uvicorn leaves signal handling (Ctrl-C) to the demo.
    thread = threading.Thread(target=server.run, name="demo-api", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise CairnError("the demo's GraphQL server did not start")
        time.sleep(0.05)
    bound = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{HOST}:{bound}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _free_port() -> int:
    """`cairn serve`'s port when it is free, else any free one."""
    for port in (PREFERRED_PORT, 0):
        with socket.socket() as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise CairnError("no free port on 127.0.0.1 for the demo's GraphQL server")
