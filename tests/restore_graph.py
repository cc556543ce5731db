"""A small application in the real graph, written as a crawl writes it, for restore tests
that need text AWS would rarely hand back: newlines, backticks and bidirectional controls
in names, tags and record values. Its snapshot is taken through the CLI."""

from __future__ import annotations

from typing import Any

from catalog.applications import create_application, define
from catalog.aws.route53.record_set import IN_ZONE
from catalog.graph.store import GraphStore
from catalog.graph.writer import ingest
from catalog.model import Observation, Reference
from tests.cli_runner import cairn

APP = "small-app"
ACCOUNT = "111122223333"
REGION = "eu-west-1"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/app-task"
VPC = f"aws:{ACCOUNT}:{REGION}:AWS::EC2::VPC:vpc-1"
GROUP = f"aws:{ACCOUNT}:{REGION}:AWS::EC2::SecurityGroup:sg-1"
ZONE = f"aws:{ACCOUNT}:global:AWS::Route53::HostedZone:Z1"
TASKS = {"Service": "ecs-tasks.amazonaws.com"}
TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": TASKS, "Action": "sts:AssumeRole"}],
}


def observed(
    uid: str,
    type_name: str,
    region: str,
    properties: dict[str, Any],
    tags: dict[str, str] | None = None,
    refs: dict[str, str] | None = None,
) -> Observation:
    return Observation(
        uid=uid,
        type=type_name,
        account=ACCOUNT,
        region=region,
        name=uid.rsplit(":", 1)[-1].rsplit("/", 1)[-1],
        tags={"Project": "app-infra", **(tags or {})},
        properties=properties,
        references=tuple(Reference(f, target, "network") for f, target in (refs or {}).items()),
    )


def role(tags: dict[str, str] | None = None) -> Observation:
    properties = {"RoleName": "app-task", "Path": "/", "AssumeRolePolicyDocument": TRUST}
    return observed(ROLE, "AWS::IAM::Role", "global", properties, tags)


def network(group_name: str = "app-tasks", description: str = "tasks") -> list[Observation]:
    return [
        observed(VPC, "AWS::EC2::VPC", REGION, {"CidrBlock": "10.0.0.0/16", "Id": "vpc-1"}),
        observed(
            GROUP,
            "AWS::EC2::SecurityGroup",
            REGION,
            {"GroupName": group_name, "Description": description, "Id": "sg-1"},
            refs={"VpcId": VPC},
        ),
    ]


def record(name: str, value: str) -> list[Observation]:
    """A hosted zone (looked up, not restored) and one TXT record of it."""
    properties = {
        "HostedZoneId": "Z1",
        "Name": name,
        "Type": "TXT",
        "TTL": 300,
        "ResourceRecords": [value],
    }
    return [
        observed(ZONE, "AWS::Route53::HostedZone", "global", {"Name": "example.com."}),
        observed(
            f"aws:{ACCOUNT}:global:AWS::Route53::RecordSet:Z1/{name}/TXT",
            "AWS::Route53::RecordSet",
            "global",
            properties,
            refs={IN_ZONE.path: ZONE},
        ),
    ]


def snapshot_of(
    capsys: Any,
    store: GraphStore,
    observations: list[Observation],
    contacts: list[str] | None = None,
    regions: list[str] | None = None,
    rpo_minutes: int | None = None,
) -> str:
    """The id of a snapshot of APP, made of `observations` (tagged Project=app-infra)."""
    partitions = {o.partition for o in observations}
    ingest(store, observations, complete=sorted(partitions, key=str))
    definition = define(
        APP, ["Project=app-infra"], regions=regions, rpo_minutes=rpo_minutes, contacts=contacts
    )
    create_application(store, definition)
    return cairn(capsys, "snapshot", "take", APP, "--no-crawl")["id"]
