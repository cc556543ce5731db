"""The API as a client sees it: the real app on a real uvicorn server on 127.0.0.1.

`ApiServer` runs `create_app` in a background thread on a port the OS picks;
`Client` speaks HTTP to it with urllib and a bearer token. Shared by the
tests/test_api*.py modules.
"""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn

from catalog.api.access import TOKENS_VARIABLE, Access, Role
from catalog.api.app import create_app
from catalog.graph.connection import Neo4jSettings

REPO = Path(__file__).resolve().parents[1]
OPERATIONS = REPO / "graphql" / "operations"
READER_TOKEN = "reader-token-0123456789"
OPERATOR_TOKEN = "operator-token-0123456789"
START_TIMEOUT_S = 15
POLL_TIMEOUT_S = 60


def configured_access(anonymous: Role | None = None) -> Access:
    """Access as `cairn serve` builds it, from CAIRN_API_TOKENS."""
    before = os.environ.get(TOKENS_VARIABLE)
    os.environ[TOKENS_VARIABLE] = f"reader:{READER_TOKEN},operator:{OPERATOR_TOKEN}"
    try:
        return Access.configure(anonymous=anonymous)
    finally:
        if before is None:
            del os.environ[TOKENS_VARIABLE]
        else:
            os.environ[TOKENS_VARIABLE] = before


class ApiServer:
    def __init__(self, settings: Neo4jSettings, access: Access) -> None:
        config = uvicorn.Config(
            create_app(settings, access), host="127.0.0.1", port=0, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="uvicorn", daemon=True)
        self.url = ""

    def start(self) -> ApiServer:
        self.thread.start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the API server did not start")
            time.sleep(0.02)
        host, port = self.server.servers[0].sockets[0].getsockname()[:2]
        self.url = f"http://{host}:{port}"
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(START_TIMEOUT_S)


@contextmanager
def running(settings: Neo4jSettings, access: Access) -> Iterator[ApiServer]:
    server = ApiServer(settings, access).start()
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Reply:
    status: int
    headers: Any
    body: Any

    @property
    def data(self) -> Any:
        """The data of a GraphQL reply that must have no errors."""
        assert self.status == 200, (self.status, self.body)
        assert "errors" not in self.body, self.body["errors"]
        return self.body["data"]

    @property
    def messages(self) -> list[str]:
        return [error["message"] for error in self.body.get("errors", [])]


@dataclass
class Client:
    url: str
    token: str | None = READER_TOKEN

    def request(self, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Reply:
        sent = {"Accept": "application/json", **(headers or {})}
        if self.token is not None:
            sent["Authorization"] = f"Bearer {self.token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        request = urllib.request.Request(self.url + path, data=data, headers=sent)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return Reply(response.status, response.headers, _decode(response.read()))
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.headers, _decode(error.read()))

    def graphql(self, query: str, /, **variables: Any) -> Reply:
        return self.request("/graphql", {"query": query, "variables": variables})

    def operation(self, operation: str, /, **variables: Any) -> Reply:
        """Run graphql/operations/OPERATION.graphql, as a portal would."""
        text = (OPERATIONS / f"{operation}.graphql").read_text(encoding="utf-8")
        return self.request(
            "/graphql", {"query": text, "operationName": operation, "variables": variables}
        )


def _decode(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode(errors="replace")


def poll(read: Callable[[], Any], done: Callable[[Any], bool]) -> Any:
    """Read until `done` says so (background work), failing after POLL_TIMEOUT_S."""
    deadline = time.monotonic() + POLL_TIMEOUT_S
    while True:
        value = read()
        if done(value):
            return value
        assert time.monotonic() < deadline, f"still not done after {POLL_TIMEOUT_S} s: {value}"
        time.sleep(0.1)
