"""A real Neo4j for every test, and a clean graph per test.

Where the server comes from, in order: NEO4J_URI if set; testcontainers'
Neo4j 5.26 where a Docker engine runs; else tools/neo4j started on a port of
its own (never the developer's default graph on 7687). If none can be had the
run fails and says why: a Neo4j test is never silently skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalog.errors import CairnError
from catalog.graph.connection import Neo4jSettings
from catalog.graph.store import GraphStore
from catalog.neo4j_local import LocalNeo4j

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
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    for name, value in (
        ("NEO4J_USER", neo4j_settings.user),
        ("NEO4J_PASSWORD", neo4j_settings.password),
    ):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    return dict(os.environ)


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
