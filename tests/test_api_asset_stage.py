"""Each asset's restore stage over HTTP: the console groups an application's assets by the
stage a restore writes them in, which only the Python declarations of the types know."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from catalog.applications import define
from catalog.graph.connection import Neo4jSettings
from catalog.graph.store import GraphStore
from catalog.graph.writer import ingest
from catalog.scope import add_application
from tests.api_http import ApiServer, Client, configured_access, running
from tests.factories import ACCOUNT, REGION, ROLE, VPC, observe, partition, sg_uid

VPC_UID = f"aws:{ACCOUNT}:{REGION}:{VPC}:vpc-app"
ROLE_UID = f"arn:aws:iam::{ACCOUNT}:role/app-task"
# A type Cairn does not restore (not declared): it has no stage.
UNKNOWN = "AWS::SES::ConfigurationSet"
UNKNOWN_UID = f"aws:{ACCOUNT}:{REGION}:{UNKNOWN}:mail"


@pytest.fixture(scope="module")
def server(neo4j_settings: Neo4jSettings) -> Iterator[ApiServer]:
    with running(neo4j_settings, configured_access()) as started:
        yield started


def test_each_asset_says_its_restore_stage(server: ApiServer, store: GraphStore):
    ingest(
        store,
        [
            observe(VPC_UID, VPC),
            observe(sg_uid("web"), refs={"VpcId": VPC_UID, "Role": ROLE_UID}),
            observe(ROLE_UID, ROLE, tags={}),
            observe(UNKNOWN_UID, UNKNOWN),
        ],
        complete=[partition(), partition(VPC), partition(ROLE), partition(UNKNOWN)],
    )
    add_application(store, define("app", ["Project=app-infra"]))

    found = Client(server.url).operation("ConsoleApplication", name="app").data
    stages = {a["uid"]: (a["reason"], a["stage"]) for a in found["application"]["assets"]["assets"]}

    assert stages == {
        VPC_UID: ("tagged", "network"),
        sg_uid("web"): ("tagged", "network"),
        ROLE_UID: ("dependency", "identity"),
        UNKNOWN_UID: ("tagged", None),
    }
