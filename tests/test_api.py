"""Reading the catalog over HTTP: the SaaS stack built in moto, crawled once into a real
Neo4j, and asked through a real uvicorn server what a portal asks: inventory pages with
filters, impact before a change, a resource's references.

The stack is built and crawled once for the module and these tests only read it.
"""

from __future__ import annotations

import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from catalog.aws.crawler import crawl, select_types
from catalog.aws.ec2.security_group import INGRESS_FROM
from catalog.aws.ecs.service import SECURITY_GROUPS
from catalog.aws.rds import SECURITY_GROUPS as DB_SECURITY_GROUPS
from catalog.aws.session import AwsAccount
from catalog.demo.stack import saas
from catalog.graph.connection import Neo4jSettings
from catalog.graph.store import GraphStore
from tests.api_http import ApiServer, Client, configured_access, running

ACCOUNT = "123456789012"
SG = "AWS::EC2::SecurityGroup"
DB = "AWS::RDS::DBInstance"
SERVICE = "AWS::ECS::Service"


def sg_uid(group_id: str) -> str:
    return f"aws:{ACCOUNT}:{saas.REGION}:{SG}:{group_id}"


@dataclass
class Catalog:
    application: saas.Application

    def group(self, name: str) -> str:
        return sg_uid(self.application.network.security_groups[name])


@pytest.fixture(scope="module")
def catalog(moto_endpoint: str, graph_store: GraphStore) -> Iterator[Catalog]:
    """The SaaS stack in a fresh moto account, crawled once (what `aws` + `store` do per test)."""
    with pytest.MonkeyPatch.context() as env:
        urllib.request.urlopen(
            urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST")
        )
        env.setenv("AWS_ENDPOINT_URL", moto_endpoint)
        env.setenv("AWS_ACCESS_KEY_ID", "testing")
        env.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        env.setenv("AWS_DEFAULT_REGION", saas.REGION)
        for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_REGION"):
            env.delenv(name, raising=False)
        graph_store.write("wipe_test_graph")
        built = saas.build_application()
        crawl(graph_store, AwsAccount.connect(), [saas.REGION], select_types())
        yield Catalog(built)


@pytest.fixture(scope="module")
def server(neo4j_settings: Neo4jSettings) -> Iterator[ApiServer]:
    with running(neo4j_settings, configured_access()) as started:
        yield started


@pytest.fixture
def reader(server: ApiServer, catalog: Catalog) -> Client:
    return Client(server.url)


def everything(client: Client, **filter_: str) -> list[dict]:
    """One big page (the API's maximum), which must hold everything."""
    page = client.operation("Inventory", first=500, filter=filter_ or None).data["resources"]
    assert page["pageInfo"]["hasNextPage"] is False
    return [edge["node"] for edge in page["edges"]]


def paged(client: Client, first: int, **filter_: str) -> list[dict]:
    """Every page of `first`, following endCursor until hasNextPage is false."""
    nodes, after, pages = [], None, 0
    while True:
        page = client.operation("Inventory", first=first, after=after, filter=filter_ or None).data[
            "resources"
        ]
        pages += 1
        assert len(page["edges"]) <= first
        nodes += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            assert len(page["edges"]) > 0 or pages == 1
            return nodes
        assert len(page["edges"]) == first
        after = page["pageInfo"]["endCursor"]
        assert after == page["edges"][-1]["cursor"]


# --- impact -------------------------------------------------------------------------------


def test_impact_of_the_ecs_tasks_group_reaches_the_service_and_through_the_rds_rule_the_db(
    reader: Client, catalog: Catalog
):
    ecs_tasks, rds = catalog.group("ecs-tasks"), catalog.group("rds")
    service, database = catalog.application.compute.service_arn, catalog.application.data
    db_arn = database.instance_arn

    found = reader.operation("ImpactCheck", uid=ecs_tasks).data
    assert found["resource"] == {"uid": ecs_tasks, "type": SG, "name": "app-ecs-tasks"}
    impact = found["impact"]
    dependents = {item["uid"]: item for item in impact["dependents"]}
    task_definition = catalog.application.compute.task_definition_arn
    # moto takes an automated snapshot of the database: a backup of it, found through it.
    [backup] = [uid for uid, item in dependents.items() if item["type"] == "AWS::RDS::DBSnapshot"]
    assert (dependents[backup]["depth"], dependents[backup]["kind"]) == (3, "backup-of")
    assert set(dependents) == {service, rds, db_arn, task_definition, backup}
    assert impact["count"] == 5 and impact["maxDepth"] == 5
    assert {c["type"]: c["count"] for c in impact["byType"]} == {
        SERVICE: 1,
        SG: 1,
        DB: 1,
        "AWS::ECS::TaskDefinition": 1,
        "AWS::RDS::DBSnapshot": 1,
    }
    # ... and the task definition whose DATABASE_URL names that database, at depth 3.
    named = dependents[task_definition]
    assert (named["depth"], named["kind"]) == (3, "names")

    # The ECS service runs its tasks in the group.
    ecs = dependents[service]
    assert (ecs["type"], ecs["name"], ecs["depth"], ecs["kind"]) == (
        SERVICE,
        "app-api",
        1,
        "network",
    )
    assert ecs["field"] == SECURITY_GROUPS.at(0)
    assert [(hop["source"], hop["target"]) for hop in ecs["path"]] == [(service, ecs_tasks)]
    # The RDS group lets the ECS tasks in on 5432: its ingress rule refers to the group.
    rule = dependents[rds]
    assert (rule["name"], rule["depth"]) == ("app-rds", 1)
    assert rule["field"] == INGRESS_FROM.at(0, 0)
    # ... so the database behind the RDS group is reached at depth 2, with the whole path.
    db = dependents[db_arn]
    assert (db["type"], db["name"], db["depth"], db["field"]) == (
        DB,
        "app-db",
        2,
        DB_SECURITY_GROUPS.at(0),
    )
    assert [(h["source"], h["target"], h["field"]) for h in db["path"]] == [
        (db_arn, rds, DB_SECURITY_GROUPS.at(0)),
        (rds, ecs_tasks, INGRESS_FROM.at(0, 0)),
    ]
    assert db["resource"]["region"] == saas.REGION
    assert db["resource"]["tags"]["Project"] == "app-infra"

    shallow = reader.operation("ImpactCheck", uid=ecs_tasks, maxDepth=1).data["impact"]
    assert {item["uid"] for item in shallow["dependents"]} == {service, rds}
    assert {c["type"]: c["count"] for c in shallow["byType"]} == {SERVICE: 1, SG: 1}


def test_impact_pages_its_dependents_with_counts_over_all(reader: Client, catalog: Catalog):
    alb = catalog.group("alb")
    whole = reader.operation("ImpactCheck", uid=alb).data["impact"]
    seen, after, pages = [], None, 0
    while True:
        page = reader.operation("ImpactCheck", uid=alb, first=2, after=after).data["impact"]
        assert page["count"] == whole["count"] and page["byType"] == whole["byType"]
        seen += [item["uid"] for item in page["dependents"]]
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [item["uid"] for item in whole["dependents"]] and len(seen) == whole["count"]
    assert pages == -(-whole["count"] // 2) and whole["count"] > 2


def test_impact_of_the_alb_group_goes_through_the_ecs_tasks_rule(reader: Client, catalog: Catalog):
    impact = reader.operation("ImpactCheck", uid=catalog.group("alb")).data["impact"]
    by_uid = {item["uid"]: item for item in impact["dependents"]}
    assert by_uid[catalog.group("ecs-tasks")]["depth"] == 1
    assert by_uid[catalog.application.data.instance_arn]["depth"] == 3
    assert by_uid[catalog.application.compute.load_balancer_arn]["depth"] == 1


def test_impact_of_an_unknown_uid_says_so(reader: Client, catalog: Catalog):
    reply = reader.operation("ImpactCheck", uid="arn:aws:iam::123456789012:role/nope")
    assert reply.body["data"] is None
    assert reply.messages == [
        "no resource with uid 'arn:aws:iam::123456789012:role/nope' in the catalog"
    ]


def test_references_both_ways_on_a_resource(reader: Client, catalog: Catalog):
    data = catalog.application.data
    found = reader.operation("ResourceDetail", uid=data.instance_arn).data["resource"]
    assert (found["type"], found["name"], found["region"]) == (DB, "app-db", saas.REGION)
    assert found["deletedAt"] is None and found["validTo"] is None
    assert found["firstSeen"] == found["validFrom"]
    assert [version["changes"] for version in found["history"]] == [[]]
    refers_to = {item["uid"]: item for item in found["dependencies"]}
    assert refers_to[catalog.group("rds")]["field"] == DB_SECURITY_GROUPS.at(0)
    assert {data.parameter_group_arn, data.subnet_group_arn} <= set(refers_to)
    assert "MasterUserPassword" not in str(found["properties"])
    # The RDS group is referred to by the database, and refers to the ECS tasks group.
    group = reader.operation("ResourceDetail", uid=catalog.group("rds")).data["resource"]
    assert data.instance_arn in {item["uid"] for item in group["dependents"]}
    assert [item["uid"] for item in group["dependencies"]].count(catalog.group("ecs-tasks")) == 1


def test_an_unknown_resource_is_null(reader: Client, catalog: Catalog):
    assert reader.operation("ResourceDetail", uid="arn:aws:s3:::nope").data == {"resource": None}


# --- inventory: pagination and filters ----------------------------------------------------


def test_pages_add_up_to_one_big_page_in_uid_order(reader: Client, catalog: Catalog):
    whole = everything(reader)
    uids = [node["uid"] for node in whole]
    assert len(uids) > 40 and uids == sorted(uids) and len(set(uids)) == len(uids)
    for size in (1, 7, len(uids), len(uids) - 1):
        assert [node["uid"] for node in paged(reader, size)] == uids, size
    # Asking again gives the same pages: cursors are positions in uid order, not offsets.
    assert [node["uid"] for node in paged(reader, 7)] == uids


def test_a_page_after_the_last_cursor_is_empty(reader: Client, catalog: Catalog):
    last = reader.operation("Inventory", first=500).data["resources"]["pageInfo"]["endCursor"]
    page = reader.operation("Inventory", first=5, after=last).data["resources"]
    assert page == {"edges": [], "pageInfo": {"hasNextPage": False, "endCursor": None}}


def test_filter_by_type(reader: Client, catalog: Catalog):
    groups = everything(reader, type=SG)
    assert {node["type"] for node in groups} == {SG}
    assert {"app-alb", "app-ecs-tasks", "app-rds"} <= {node["name"] for node in groups}
    assert len(groups) == Counter(node["type"] for node in everything(reader))[SG]


def test_filter_by_tag_region_and_name(reader: Client, catalog: Catalog):
    whole = everything(reader)
    tagged = everything(reader, tag="Project=app-infra")
    assert tagged and all(node["tags"].get("Project") == "app-infra" for node in tagged)
    assert len(tagged) == sum(node["tags"].get("Project") == "app-infra" for node in whole)
    assert everything(reader, tag="Project=billing") == []

    global_ = everything(reader, region="global")
    assert global_ and {node["type"].split("::")[1] for node in global_} <= {"IAM", "Route53"}
    regional = everything(reader, region=saas.REGION)
    assert len(global_) + len(regional) == len(whole)

    named = everything(reader, nameContains="APP-")  # case-insensitive
    assert named and all("app-" in node["name"].lower() for node in named)
    assert len(named) == sum("app-" in (node["name"] or "").lower() for node in whole)

    both = paged(reader, 2, type=SG, tag="Project=app-infra")
    assert sorted(node["name"] for node in both) == ["app-alb", "app-ecs-tasks", "app-rds"]


def test_page_size_and_cursor_errors_are_clear(reader: Client, catalog: Catalog):
    for first in (0, 10000):
        reply = reader.operation("Inventory", first=first)
        assert reply.messages == [f"first must be between 1 and 500, got {first}"]
    reply = reader.operation("Inventory", after="not a cursor!")
    assert reply.messages == ["invalid cursor 'not a cursor!': pass an endCursor you were given"]
    reply = reader.graphql(
        "query($uid: ID!) { resource(uid: $uid) { dependents(depth: 99) { uid } } }",
        uid=catalog.group("rds"),
    )
    assert reply.messages == ["depth must be between 1 and 10, got 99"]
    reply = reader.operation("ImpactCheck", uid=catalog.group("rds"), maxDepth=0)
    assert reply.messages == ["depth must be between 1 and 10, got 0"]
