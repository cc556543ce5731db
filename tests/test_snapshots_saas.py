"""Issue 4's acceptance: the SCENARIO.md story through `cairn app` and `cairn snapshot`.

The SaaS stack is built in moto and crawled over HTTP into a real Neo4j; every
step goes through the CLI, as a user would drive it.
"""

from __future__ import annotations

from collections import Counter

import boto3
import pytest

from catalog.aws.ecs.task_definition import TASK_ROLE
from catalog.demo.stack import saas
from catalog.demo.stack.data import PARAMETER_GROUP, ZONE
from tests.cli_runner import cairn

APP = "app-infra-prod"
ROLE = "AWS::IAM::Role"


@pytest.fixture
def application(aws, store, neo4j_env) -> saas.Application:
    built = saas.build_application()
    _build_decoys(built.network.vpc)
    return built


def _build_decoys(app_vpc: str) -> None:
    """Another team's VPC, and an untagged group inside the application's own VPC."""
    ec2 = boto3.client("ec2", region_name=saas.REGION)
    other_tags = [
        {"Key": "Project", "Value": "billing"},
        {"Key": "Environment", "Value": "production"},
    ]
    ec2.create_vpc(
        CidrBlock="172.16.0.0/16",
        TagSpecifications=[{"ResourceType": "vpc", "Tags": other_tags}],
    )
    ec2.create_security_group(GroupName="bastion", Description="someone's", VpcId=app_vpc)


def test_scenario_snapshots_keep_the_hotfixed_working_state(capsys, application):
    net, api = application.network, application.compute
    cairn(capsys, "crawl", "--region", saas.REGION)
    created = cairn(
        capsys,
        "app", "create", APP,
        "--tag", "Project=app-infra", "--tag", "Environment=production",
        "--region", saas.REGION, "--rpo", "5", "--rto", "60",
    )  # fmt: skip
    assert created["tags"] == {"Environment": ["production"], "Project": ["app-infra"]}

    preview = cairn(capsys, "app", "preview", APP)
    assets = {asset["uid"]: asset for asset in preview["assets"]}
    assert assets[_vpc_uid(net.vpc)]["reason"] == "tagged"
    assert assets[application.compute.service_arn]["reason"] == "tagged"
    # The untagged roles come in by dependency, with the path that pulled them in.
    task_role = assets[net.task_role_arn]
    assert task_role["reason"] == "dependency"
    assert [hop["field"] for hop in task_role["path"]] == [TASK_ROLE.path]
    assert task_role["path"][0]["source"] == application.compute.task_definition_arn
    assert assets[net.execution_role_arn]["reason"] == "dependency"
    assert assets[net.policy_arn]["reason"] == "dependency"
    policy_path = assets[net.policy_arn]["path"]
    assert [hop["target"] for hop in policy_path] == [net.task_role_arn, net.policy_arn]
    # Untagged listeners and DNS records come with the load balancer and zone they belong to.
    listeners = {application.compute.https_listener_arn, application.compute.http_listener_arn}
    assert {assets[uid]["reason"] for uid in listeners} == {"part"}
    alias = next(a for a in preview["assets"] if a["name"] == f"app.{ZONE}")
    assert alias["reason"] == "part" and alias["path"][0]["target"] == api.load_balancer_arn
    # The decoy VPC and the untagged group inside the application's VPC stay out.
    assert {asset["type"] for asset in preview["assets"]} >= {ROLE, "AWS::ECS::Service"}
    assert not [uid for uid in assets if "172.16" in uid]
    vpcs = [asset for asset in preview["assets"] if asset["type"] == "AWS::EC2::VPC"]
    assert [vpc["uid"] for vpc in vpcs] == [_vpc_uid(net.vpc)]
    groups = {a["name"] for a in preview["assets"] if a["type"] == "AWS::EC2::SecurityGroup"}
    assert groups == {"app-alb", "app-ecs-tasks", "app-rds"}
    assert preview["by_type"][ROLE] == 2
    assert preview["count"] == len(preview["assets"])

    first = cairn(capsys, "snapshot", "take", APP)
    assert first["status"] == "complete" and first["asset_count"] == preview["count"]

    saas.apply_inline_policy_hotfix()
    saas.apply_max_connections_hotfix()
    second = cairn(capsys, "snapshot", "take", APP)

    diff = cairn(capsys, "snapshot", "diff", first["id"], second["id"])
    assert diff["counts"] == {
        "added": 0,
        "removed": 0,
        "changed": 2,
        "unchanged": preview["count"] - 2,
    }
    changed = {change["type"]: change["changes"] for change in diff["changes"]}
    assert set(changed) == {ROLE, "AWS::RDS::DBParameterGroup"}
    assert [c["path"] for c in changed[ROLE]] == ["properties.Policies.hotfix-s3-read"]
    assert changed[ROLE][0]["before"] is None
    assert changed[ROLE][0]["after"]["Statement"][0]["Action"] == "s3:GetObject"
    assert changed["AWS::RDS::DBParameterGroup"] == [
        {"path": "properties.Parameters.max_connections", "before": "300", "after": "900"}
    ]

    # The next `terraform apply` reverts both hotfixes; the catalog sees it.
    saas.revert_hotfixes()
    cairn(capsys, "crawl", "--region", saas.REGION)

    since_second = cairn(capsys, "snapshot", "diff", second["id"], "--now")
    assert since_second["counts"]["changed"] == 2
    assert cairn(capsys, "snapshot", "diff", first["id"], "--now")["counts"]["changed"] == 0

    kept = _pinned(cairn(capsys, "snapshot", "show", second["id"]))
    assert "hotfix-s3-read" in kept[net.task_role_arn]["Policies"]
    parameter_group = next(uid for uid in kept if uid.endswith(f":pg:{PARAMETER_GROUP}"))
    assert kept[parameter_group]["Parameters"]["max_connections"] == "900"
    original = _pinned(cairn(capsys, "snapshot", "show", first["id"]))
    assert "hotfix-s3-read" not in original[net.task_role_arn]["Policies"]
    assert original[parameter_group]["Parameters"]["max_connections"] == "300"

    listed = cairn(capsys, "snapshot", "list", APP)["snapshots"]
    assert [s["id"] for s in listed] == [second["id"], first["id"]]
    assert Counter(s["status"] for s in listed) == {"complete": 2}


def _vpc_uid(vpc: str) -> str:
    return f"aws:123456789012:{saas.REGION}:AWS::EC2::VPC:{vpc}"


def _pinned(shown: dict) -> dict[str, dict]:
    """The pinned properties of each asset of a shown snapshot."""
    assert shown["status"] == "complete"
    return {asset["uid"]: asset["properties"] for asset in shown["assets"]}
