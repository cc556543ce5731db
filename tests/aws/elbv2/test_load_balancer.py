"""AWS::ElasticLoadBalancingV2::LoadBalancer from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.ec2 import SECURITY_GROUP, subnet, vpc
from catalog.aws.elbv2 import load_balancer
from tests.aws.ec2 import test_vpc
from tests.aws.moto import REGION, tags
from tests.aws.roundtrip import roundtrip

DECLARATION = load_balancer.TYPE
WITH = [vpc.TYPE, subnet.TYPE]
RECORDING = Path(__file__).with_name("load_balancer.json")


def build() -> None:
    """An internet-facing ALB in two public subnets, behind its own security group."""
    test_vpc.build()
    ec2 = boto3.client("ec2", region_name=REGION)
    [only] = ec2.describe_vpcs()["Vpcs"]
    subnets = [
        ec2.create_subnet(
            VpcId=only["VpcId"],
            CidrBlock=f"10.0.{index}.0/24",
            AvailabilityZone=f"{REGION}{zone}",
            TagSpecifications=[{"ResourceType": "subnet", "Tags": tags(f"app-public-{zone}")}],
        )["Subnet"]["SubnetId"]
        for index, zone in enumerate("ab")
    ]
    group = ec2.create_security_group(
        GroupName="alb", Description="load balancer", VpcId=only["VpcId"]
    )["GroupId"]
    boto3.client("elbv2", region_name=REGION).create_load_balancer(
        Name="app-alb",
        Subnets=subnets,
        SecurityGroups=[group],
        Scheme="internet-facing",
        Type="application",
        Tags=[{"Key": "Project", "Value": "app-infra"}],
    )


def test_a_load_balancer_refers_to_its_subnets_and_group_and_restores_in_them():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    observed = result.only()
    assert observed.name == "app-alb" and observed.tags == {"Project": "app-infra"}
    assert (observed.properties["Scheme"], observed.properties["Type"]) == (
        "internet-facing",
        "application",
    )
    assert "State" not in observed.properties and "CreatedTime" not in observed.properties
    references = result.references()
    subnets = [references[load_balancer.IN_SUBNETS.at(i)] for i in range(2)]
    assert {(ref.kind, ref.target_type) for ref in subnets} == {("network", subnet.SUBNET)}
    assert sorted(ref.target.rsplit(":", 1)[1] for ref in subnets) == observed.properties["Subnets"]
    group = references[load_balancer.SECURITY_GROUPS.at(0)]
    assert (group.kind, group.target_type) == ("network", SECURITY_GROUP)
    assert references[load_balancer.IN_VPC.path].target_type == vpc.VPC
    hcl = result.hcl()
    assert 'resource "aws_lb" "app_alb"' in hcl
    assert "aws_subnet.app_public_a.id" in hcl and "aws_subnet.app_public_b.id" in hcl
    assert "security_groups" in hcl and "internal                   = false" in hcl
    result.assert_clean()
