"""An application's dependency graph over HTTP, as the console draws it: the nodes are its
assets at a time, the edges `assets.references`, the references between them then."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from catalog.applications import define
from catalog.graph.connection import Neo4jSettings
from catalog.graph.store import GraphStore
from catalog.graph.writer import ingest
from catalog.scope import add_application
from tests.api_http import ApiServer, Client, configured_access, running
from tests.factories import ACCOUNT, REGION, ROLE, VPC, observe, partition, sg_uid

APP = "app"
VPC_UID = f"aws:{ACCOUNT}:{REGION}:{VPC}:vpc-shared"
ROLE_UID = f"arn:aws:iam::{ACCOUNT}:role/app-task"
NOT_CRAWLED = f"arn:aws:iam::{ACCOUNT}:policy/never-crawled"
COMPLETE = [partition(), partition(VPC), partition(ROLE)]


@pytest.fixture(scope="module")
def server(neo4j_settings: Neo4jSettings) -> Iterator[ApiServer]:
    with running(neo4j_settings, configured_access()) as started:
        yield started


def iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat()


def graph(client: Client, at: str | None = None) -> dict:
    found = client.operation("ConsoleApplication", name=APP, at=at).data["application"]
    return found["assets"]


def edges(assets: dict) -> set[tuple[str, str, str, str]]:
    return {(e["source"], e["target"], e["field"], e["kind"]) for e in assets["references"]}


def test_the_edges_are_the_references_between_assets_at_each_time(
    server: ApiServer, store: GraphStore
):
    # First the web group uses a role (which refers to a policy never crawled) in a shared
    # VPC, where a neighbour's group also lives; later it drops the role and peers with a
    # new database group of the application instead.
    first = ingest(
        store,
        [
            observe(VPC_UID, VPC, tags={}),
            observe(sg_uid("web"), refs={"VpcId": VPC_UID, "Role": ROLE_UID}),
            observe(sg_uid("neighbour"), tags={}, refs={"VpcId": VPC_UID}),
            observe(ROLE_UID, ROLE, tags={}, refs={"PermissionsBoundary": NOT_CRAWLED}),
        ],
        complete=COMPLETE,
    )
    add_application(store, define(APP, ["Project=app-infra"]))
    ingest(
        store,
        [
            observe(VPC_UID, VPC, tags={}),
            observe(sg_uid("web"), refs={"VpcId": VPC_UID, "Peer": sg_uid("db")}),
            observe(sg_uid("db"), refs={"VpcId": VPC_UID}),
            observe(sg_uid("neighbour"), tags={}, refs={"VpcId": VPC_UID}),
            observe(ROLE_UID, ROLE, tags={}, refs={"PermissionsBoundary": NOT_CRAWLED}),
        ],
        complete=COMPLETE,
    )
    reader = Client(server.url)

    before, now = graph(reader, iso(first.at)), graph(reader)

    assert {a["uid"] for a in before["assets"]} == {sg_uid("web"), VPC_UID, ROLE_UID}
    assert edges(before) == {
        (sg_uid("web"), VPC_UID, "VpcId", "network"),
        (sg_uid("web"), ROLE_UID, "Role", "network"),
    }
    # The role's policy is no asset: its reference leaves the scope, it is no edge (above).
    assert {a["uid"] for a in now["assets"]} == {sg_uid("web"), sg_uid("db"), VPC_UID}
    assert edges(now) == {
        (sg_uid("web"), VPC_UID, "VpcId", "network"),
        (sg_uid("web"), sg_uid("db"), "Peer", "network"),
        (sg_uid("db"), VPC_UID, "VpcId", "network"),
    }


def test_every_edge_joins_two_nodes_of_the_graph(server: ApiServer, store: GraphStore):
    # The neighbour refers to the application's VPC; the application does not refer to it.
    ingest(
        store,
        [
            observe(VPC_UID, VPC, tags={}),
            observe(sg_uid("web"), refs={"VpcId": VPC_UID}),
            observe(sg_uid("neighbour"), tags={}, refs={"VpcId": VPC_UID, "Peer": sg_uid("web")}),
        ],
        complete=COMPLETE,
    )
    add_application(store, define(APP, ["Project=app-infra"]))

    assets = graph(Client(server.url))

    nodes = {a["uid"] for a in assets["assets"]}
    assert nodes == {sg_uid("web"), VPC_UID}
    assert edges(assets) == {(sg_uid("web"), VPC_UID, "VpcId", "network")}
