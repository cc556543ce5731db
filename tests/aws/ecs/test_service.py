"""AWS::ECS::Service from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.ec2 import subnet, vpc
from catalog.aws.ecs import service
from catalog.aws.ecs.service import IN_CLUSTER, RUNS, SECURITY_GROUPS, SUBNETS, TARGET_GROUPS
from tests.aws.ec2 import test_subnet
from tests.aws.ecs import test_cluster, test_task_definition
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = service.TYPE
WITH = [test_cluster.DECLARATION, test_task_definition.DECLARATION, vpc.TYPE, subnet.TYPE]
RECORDING = Path(__file__).with_name("service.json")


def build() -> None:
    test_subnet.build()
    ec2 = boto3.client("ec2", region_name=REGION)
    [vpc_id] = [found["VpcId"] for found in ec2.describe_vpcs()["Vpcs"]]
    [subnet_id] = [found["SubnetId"] for found in ec2.describe_subnets()["Subnets"]]
    group = ec2.create_security_group(GroupName="ecs-tasks", Description="tasks", VpcId=vpc_id)
    target_group = boto3.client("elbv2", region_name=REGION).create_target_group(
        Name="app-api", Protocol="HTTP", Port=8080, VpcId=vpc_id, TargetType="ip"
    )["TargetGroups"][0]["TargetGroupArn"]
    test_cluster.build()
    test_task_definition.build()
    boto3.client("ecs", region_name=REGION).create_service(
        cluster=test_cluster.NAME,
        serviceName="app-api",
        taskDefinition=test_task_definition.FAMILY,
        desiredCount=2,
        launchType="EC2",
        networkConfiguration={
            "awsvpcConfiguration": {
                "subnets": [subnet_id],
                "securityGroups": [group["GroupId"]],
                "assignPublicIp": "DISABLED",
            }
        },
        loadBalancers=[
            {"targetGroupArn": target_group, "containerName": "api", "containerPort": 8080}
        ],
        tags=[{"key": "Project", "value": "app-infra"}],
    )


def test_a_service_runs_its_task_definition_in_its_cluster_subnets_and_target_group():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    observed = result.only()
    assert (observed.name, observed.tags) == ("app-api", {"Project": "app-infra"})
    assert observed.properties["desiredCount"] == 2
    for history in ("deployments", "events", "runningCount", "createdAt"):
        assert history not in observed.properties
    references = result.references()
    assert {field: (ref.kind, ref.target_type) for field, ref in references.items()} == {
        IN_CLUSTER.path: ("runs-in", "AWS::ECS::Cluster"),
        RUNS.path: ("runs", "AWS::ECS::TaskDefinition"),
        TARGET_GROUPS.at(0): ("traffic", "AWS::ElasticLoadBalancingV2::TargetGroup"),
        SUBNETS.at(0): ("network", "AWS::EC2::Subnet"),
        SECURITY_GROUPS.at(0): ("network", "AWS::EC2::SecurityGroup"),
    }
    assert references[IN_CLUSTER.path].target.endswith(f":cluster/{test_cluster.NAME}")
    assert references[RUNS.path].target.endswith(
        f":task-definition/{test_task_definition.FAMILY}:1"
    )
    hcl = result.hcl()
    assert "cluster             = aws_ecs_cluster.app.id" in hcl
    assert "task_definition     = aws_ecs_task_definition.app_api.arn" in hcl
    assert "subnets          = [aws_subnet.app_private_b.id]" in hcl
    result.assert_clean()
