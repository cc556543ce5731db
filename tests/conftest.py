"""A real Neo4j for every test, and a clean graph per test.

Where the server comes from, in order: NEO4J_URI if set; testcontainers'
Neo4j 5.26 where a Docker engine runs; else tools/neo4j started on a port of
its own (never the developer's default graph on 7687). If none can be had the
run fails and says why: a Neo4j test is never silently skipped.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalog.errors import CairnError
from catalog.graph.connection import Neo4jSettings
from catalog.graph.store import GraphStore
from catalog.neo4j_local import LocalNeo4j

# The console's browser and the demo's story, told once per session.
pytest_plugins = ["tests.browser", "tests.demo_story"]

REPO = Path(__file__).resolve().parents[1]
TEST_PORT = 7688


@pytest.fixture(scope="session")
def neo4j_settings() -> Iterator[Neo4jSettings]:
    if os.environ.get("NEO4J_URI"):
        yield Neo4jSettings.from_env()
    elif _docker_engine_runs():
        yield from _testcontainers_neo4j()
    else:
        yield from _local_neo4j()


@pytest.fixture(scope="session")
def graph_store(neo4j_settings: Neo4jSettings) -> Iterator[GraphStore]:
    with GraphStore.open(neo4j_settings) as store:
        ownership = store.read("graph_ownership")[0]
        if ownership["nodes"] and not ownership["marked"]:
            pytest.exit(
                f"refusing to run: {neo4j_settings.uri} holds {ownership['nodes']} nodes that the "
                "test suite did not create, and every test wipes the graph; point NEO4J_URI at "
                "an empty database",
                returncode=4,
            )
        yield store


@pytest.fixture
def store(graph_store: GraphStore) -> GraphStore:
    """The session's store with an empty graph."""
    graph_store.write("wipe_test_graph")
    return graph_store


@pytest.fixture
def neo4j_env(neo4j_settings: Neo4jSettings, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Environment that points the `cairn` CLI at the test server."""
    for name, value in neo4j_environment(neo4j_settings).items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    return dict(os.environ)


def neo4j_environment(settings: Neo4jSettings) -> dict[str, str | None]:
    """The variables that point the `cairn` CLI at `settings`' server; None: unset it."""
    return {
        "NEO4J_URI": settings.uri,
        "NEO4J_USER": settings.user,
        "NEO4J_PASSWORD": settings.password,
    }


def _docker_engine_runs() -> bool:
    if shutil.which("docker") is None:
        return False
    probe = subprocess.run(["docker", "info"], capture_output=True, check=False)
    return probe.returncode == 0


def _testcontainers_neo4j() -> Iterator[Neo4jSettings]:
    from testcontainers.community.neo4j import Neo4jContainer

    with Neo4jContainer("neo4j:5.26-community", password="cairn-tests") as container:
        yield Neo4jSettings(container.get_connection_url(), "neo4j", "cairn-tests")


def _local_neo4j() -> Iterator[Neo4jSettings]:
    server = LocalNeo4j(home=REPO / ".cairn" / "test-neo4j", port=TEST_PORT)
    try:
        status = server.start(on_progress=lambda message: print(f"[neo4j] {message}"))
    except CairnError as error:
        pytest.exit(f"no Neo4j for the tests: {error}", returncode=4)
    try:
        yield Neo4jSettings(status.uri)
    finally:
        server.stop()


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """A real moto server over HTTP, as a user would point Cairn at LocalStack."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def aws(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """An empty moto account reached through AWS_ENDPOINT_URL; returns the endpoint."""
    urllib.request.urlopen(urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST"))
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_endpoint)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    return moto_endpoint
