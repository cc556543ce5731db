"""AWS::ElasticLoadBalancingV2::TargetGroup from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.ec2 import vpc
from catalog.aws.elbv2 import target_group
from tests.aws.ec2 import test_vpc
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = target_group.TYPE
WITH = [vpc.TYPE]
RECORDING = Path(__file__).with_name("target_group.json")


def add_group() -> None:
    """The API's target group, in the one VPC there is."""
    [only] = boto3.client("ec2", region_name=REGION).describe_vpcs()["Vpcs"]
    boto3.client("elbv2", region_name=REGION).create_target_group(
        Name="api",
        Protocol="HTTP",
        Port=8080,
        VpcId=only["VpcId"],
        TargetType="ip",
        HealthCheckPath="/health",
        Tags=[{"Key": "Project", "Value": "app-infra"}],
    )


def build() -> None:
    test_vpc.build()
    add_group()


def test_a_target_group_keeps_its_health_check_and_restores_in_its_vpc():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    observed = result.only()
    assert observed.name == "api" and observed.tags == {"Project": "app-infra"}
    assert (observed.properties["Protocol"], observed.properties["Port"]) == ("HTTP", 8080)
    assert observed.properties["HealthCheckPath"] == "/health"
    assert "LoadBalancerArns" not in observed.properties  # the listeners' side of the link
    in_vpc = result.references()[target_group.IN_VPC.path]
    assert (in_vpc.kind, in_vpc.target_type) == ("network", vpc.VPC)
    assert in_vpc.target.endswith(f":{observed.properties['VpcId']}")
    hcl = result.hcl()
    assert "vpc_id               = aws_vpc.app_vpc.id" in hcl
    assert 'output "lb_target_group_api_arn"' in hcl  # the traffic gate checks its health
    assert 'path                = "/health"' in hcl
    result.assert_clean()
