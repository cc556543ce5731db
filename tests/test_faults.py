"""Faults and limits: what Cairn says when Neo4j is misconfigured, down, frozen or lost
mid-command, and what the API refuses before it can hurt.

Times are bounded only as sanity checks, far above what the fixes take (3 to 6 s) and far
below what the faults took before them (33 to 64 s): speed targets belong in benchmarks/,
and a loaded CI machine must not turn them into flaky failures.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from catalog.api.app import create_app
from catalog.api.limits import MAX_BODY_VARIABLE, MAX_JSON_DEPTH
from catalog.errors import CairnError, StoreUnavailable
from catalog.graph.connection import INTERACTIVE, Neo4jSettings
from catalog.graph.store import GraphStore
from tests.api_http import READER_TOKEN, ApiServer, Client, Reply, configured_access, running
from tests.cli_runner import run_cli
from tests.network_faults import Relay, closed_port, silent_port

CAIRN = str(Path(sys.executable).with_name("cairn"))  # the installed console script
SANITY_BOUND_S = 15
Completed = subprocess.CompletedProcess[str]


def cairn_process(
    env: dict[str, str], *argv: str
) -> tuple[subprocess.CompletedProcess[str], float]:
    """`cairn ARGV --json` as a script runs it (the driver's own log would show on stderr)."""
    started = time.monotonic()
    result = subprocess.run(
        [CAIRN, *argv, "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
    )
    return result, time.monotonic() - started


def assert_one_line_error(result: Completed, *phrases: str) -> None:
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("cairn: error: ")
    for phrase in phrases:
        assert phrase in result.stderr


# --- the CLI and a misconfigured Neo4j -------------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "phrase"),
    [
        ("foo://x", "NEO4J_URI='foo://x' is not a Neo4j address"),
        ("127.0.0.1:7687", "NEO4J_URI='127.0.0.1:7687' is not a Neo4j address"),
        ("http://127.0.0.1:7474", "NEO4J_URI='http://127.0.0.1:7474' is not a Neo4j address"),
    ],
    ids=["unknown-scheme", "no-scheme", "http"],
)
def test_a_uri_that_is_not_bolt_names_neo4j_uri(uri: str, phrase: str):
    result, _ = cairn_process({"NEO4J_URI": uri}, "history", "x")
    assert_one_line_error(result, phrase, "bolt://")


@pytest.mark.parametrize(
    ("database", "phrase"),
    [
        ("nosuchdb", "NEO4J_DATABASE='nosuchdb': Neo4j at {uri} has no such database"),
        # Neo4j's own database, which runs administration commands only.
        ("system", "NEO4J_DATABASE='system': Neo4j at {uri} refused a query there: "),
    ],
)
def test_a_database_cairn_cannot_use_names_neo4j_database(
    neo4j_env: dict[str, str], database: str, phrase: str
):
    result, _ = cairn_process({"NEO4J_DATABASE": database}, "history", "x")
    assert_one_line_error(result, phrase.format(uri=neo4j_env["NEO4J_URI"]))


# --- the CLI and a Neo4j that is down or frozen ----------------------------------------------


def test_a_routing_uri_to_a_stopped_neo4j_is_one_line_without_driver_log():
    # neo4j:// logs "Unable to retrieve routing information" before raising it.
    uri = f"neo4j://127.0.0.1:{closed_port()}"
    result, elapsed = cairn_process({"NEO4J_URI": uri}, "history", "x")
    assert_one_line_error(result, f"cannot reach Neo4j at {uri}", "cairn neo4j start")
    assert elapsed < SANITY_BOUND_S


def test_a_stopped_neo4j_says_connection_refused():
    uri = f"bolt://127.0.0.1:{closed_port()}"
    result, elapsed = cairn_process({"NEO4J_URI": uri}, "history", "x")
    assert_one_line_error(result, f"cannot reach Neo4j at {uri}: connection refused")
    assert elapsed < SANITY_BOUND_S


def test_a_frozen_neo4j_fails_within_seconds():
    # Before: the driver waited 30 s per connection attempt, 60 s in all.
    with silent_port() as port:
        result, elapsed = cairn_process({"NEO4J_URI": f"bolt://127.0.0.1:{port}"}, "history", "x")
    assert_one_line_error(result, "no answer (timed out)")
    assert elapsed < SANITY_BOUND_S


def test_neo4j_lost_mid_command_is_one_line_within_seconds(neo4j_settings: Neo4jSettings):
    # Before: 30 s of retries (a dozen log lines) and an error message of two lines.
    relay = Relay(neo4j_settings.uri)
    settings = replace(neo4j_settings, uri=relay.uri, patience=INTERACTIVE)
    with GraphStore.open(settings) as store:
        relay.cut()
        started = time.monotonic()
        with pytest.raises(StoreUnavailable) as lost:
            store.read("healthz")
    assert time.monotonic() - started < SANITY_BOUND_S
    assert str(lost.value) == "lost the connection to Neo4j: connection refused"


# --- cairn neo4j start ----------------------------------------------------------------------


@pytest.fixture
def no_launcher(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No tools/neo4j: whatever the port check misses fails there, never starts a server."""
    monkeypatch.setenv("CAIRN_NEO4J_TOOLS", str(tmp_path / "no-tools"))
    return tmp_path / "home"


@pytest.mark.parametrize("port", ["99999", "0", "-1", "65536"])
def test_neo4j_start_refuses_a_port_out_of_range(capsys, no_launcher: Path, port: str):
    code, out, err = run_cli(capsys, "neo4j", "start", f"--port={port}", "--home", str(no_launcher))
    assert code == 2
    assert out == ""
    assert err.startswith("cairn: error: Invalid value for '--port': Input should be ")
    assert len(err.strip().splitlines()) == 1


def test_neo4j_start_on_a_port_in_use_is_one_line(capsys, no_launcher: Path):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        code, _, err = run_cli(
            capsys, "neo4j", "start", "--port", str(port), "--home", str(no_launcher)
        )
    assert code == 1
    assert err.strip() == (
        f"cairn: error: port {port} on 127.0.0.1 is used by another process; "
        "stop it or choose another port with --port"
    )


# --- /healthz ---------------------------------------------------------------------------------


@pytest.fixture
def relayed_server(neo4j_settings: Neo4jSettings) -> Iterator[tuple[ApiServer, Relay]]:
    """An API server whose Neo4j can be taken away."""
    relay = Relay(neo4j_settings.uri)
    with running(replace(neo4j_settings, uri=relay.uri), configured_access()) as server:
        yield server, relay


def test_healthz_is_ok_while_neo4j_answers(relayed_server: tuple[ApiServer, Relay]):
    server, _ = relayed_server
    reply = Client(server.url, token=None).request("/healthz")
    assert (reply.status, reply.body) == (200, {"status": "ok"})


def test_healthz_without_neo4j_is_a_quick_503_that_hides_the_address(
    relayed_server: tuple[ApiServer, Relay], caplog: pytest.LogCaptureFixture
):
    # Before: 33 s of retries, then the driver's message with the internal address.
    server, relay = relayed_server
    relay.cut()
    started = time.monotonic()
    reply = Client(server.url, token=None).request("/healthz")
    assert time.monotonic() - started < SANITY_BOUND_S
    assert (reply.status, reply.body) == (503, {"status": "unavailable", "graph": "unreachable"})
    logged = [record.getMessage() for record in caplog.records if "/healthz" in record.getMessage()]
    assert logged == ["/healthz: Neo4j did not answer: connection refused"]


# --- request limits ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(neo4j_settings: Neo4jSettings) -> Iterator[ApiServer]:
    with running(neo4j_settings, configured_access()) as started:
        yield started


def nested(depth: int) -> str:
    """JSON text of lists `depth` deep."""
    return "[" * depth + "]" * depth


def post_raw(server: ApiServer, body: bytes | Iterable[bytes]) -> Reply:
    """POST a body as it is: json.dumps itself could not write the deepest of them. A body
    given in pieces goes without Content-Length, chunked."""
    request = urllib.request.Request(
        f"{server.url}/graphql",
        data=body,
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {READER_TOKEN}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return Reply(response.status, response.headers, json.load(response))
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.headers, json.load(error))


APPLICATIONS = "{ applications { name } }"
TOO_DEEP = {"errors": [{"message": f"request JSON is nested deeper than {MAX_JSON_DEPTH} levels"}]}


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 500, 100_000], ids=["33", "500", "bomb"])
def test_deeply_nested_variables_are_a_400_not_a_500(server: ApiServer, store, depth: int):
    body = f'{{"query": "{APPLICATIONS}", "variables": {{"x": {nested(depth)}}}}}'
    reply = post_raw(server, body.encode())
    assert (reply.status, reply.body) == (400, TOO_DEEP)


def test_nesting_within_the_limit_is_served(server: ApiServer, store):
    # The body is one level, "variables" another: x may hold two fewer.
    x = json.loads(nested(MAX_JSON_DEPTH - 2))
    assert Client(server.url).graphql(APPLICATIONS, x=x).data == {"applications": []}


def test_deeply_nested_variables_over_get_are_a_400(server: ApiServer, store):
    # 1,500 levels fit in a URL and are beyond what Python's json module can decode.
    deep = "%5B" * 1500 + "%5D" * 1500
    reply = Client(server.url).request(
        f"/graphql?query=%7Bapplications%7Bname%7D%7D&variables={deep}"
    )
    assert (reply.status, reply.body) == (400, TOO_DEEP)


def test_a_body_over_the_limit_is_a_413(server: ApiServer, store):
    padding = " " * (1024 * 1024)
    body = f'{{"query": "{{ applications {{ name }} }}"{padding}}}'.encode()
    reply = post_raw(server, body)
    assert reply.status == 413
    assert reply.body == {
        "errors": [{"message": f"request body larger than 1048576 bytes ({MAX_BODY_VARIABLE})"}]
    }


def test_a_chunked_body_over_the_limit_is_a_413(server: ApiServer, store):
    start = f'{{"query": "{APPLICATIONS}", "variables": {{"padding": "'.encode()
    reply = post_raw(server, iter([start, *[b"x" * 65536] * 17, b'"}}']))
    assert reply.status == 413
    assert reply.body == {
        "errors": [{"message": f"request body larger than 1048576 bytes ({MAX_BODY_VARIABLE})"}]
    }


def test_the_body_limit_is_configurable(
    neo4j_settings: Neo4jSettings, store, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv(MAX_BODY_VARIABLE, "100")
    with running(neo4j_settings, configured_access()) as small:
        client = Client(small.url)
        assert client.graphql(APPLICATIONS).status == 200
        assert client.graphql(APPLICATIONS, padding="x" * 100).status == 413


@pytest.mark.parametrize("configured", ["1MB", "0", "-5"])
def test_a_body_limit_that_is_not_a_number_stops_the_server_from_starting(
    neo4j_settings: Neo4jSettings, monkeypatch: pytest.MonkeyPatch, configured: str
):
    monkeypatch.setenv(MAX_BODY_VARIABLE, configured)
    with pytest.raises(CairnError) as refused:
        create_app(neo4j_settings, configured_access())
    assert str(refused.value) == (
        f"{MAX_BODY_VARIABLE}={configured!r} is not a positive number of bytes"
    )
