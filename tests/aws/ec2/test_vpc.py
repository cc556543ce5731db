"""AWS::EC2::VPC from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.ec2 import vpc
from tests.aws.moto import REGION, tags, without_default_vpc
from tests.aws.roundtrip import roundtrip

DECLARATION = vpc.TYPE
RECORDING = Path(__file__).with_name("vpc.json")


def build() -> None:
    without_default_vpc()
    ec2 = boto3.client("ec2", region_name=REGION)
    created = ec2.create_vpc(
        CidrBlock="10.0.0.0/16",
        TagSpecifications=[{"ResourceType": "vpc", "Tags": tags("app-vpc")}],
    )["Vpc"]
    ec2.modify_vpc_attribute(VpcId=created["VpcId"], EnableDnsHostnames={"Value": True})


def test_a_vpc_keeps_its_range_and_dns_settings_and_restores_without_drift():
    result = roundtrip(DECLARATION, RECORDING)
    observed = result.only()
    assert observed.name == "app-vpc"
    assert observed.properties["CidrBlock"] == "10.0.0.0/16"
    assert observed.properties["EnableDnsHostnames"] is True
    assert observed.uid.endswith(f":AWS::EC2::VPC:{observed.properties['Id']}")
    assert 'cidr_block           = "10.0.0.0/16"' in result.hcl()
    result.assert_clean()
