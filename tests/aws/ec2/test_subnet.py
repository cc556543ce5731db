"""AWS::EC2::Subnet from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.ec2 import subnet
from tests.aws.ec2 import test_vpc
from tests.aws.moto import REGION, tags
from tests.aws.roundtrip import TARGET_REGION, roundtrip

DECLARATION = subnet.TYPE
WITH = [test_vpc.DECLARATION]
RECORDING = Path(__file__).with_name("subnet.json")


def build() -> None:
    test_vpc.build()
    ec2 = boto3.client("ec2", region_name=REGION)
    [vpc] = ec2.describe_vpcs()["Vpcs"]
    ec2.create_subnet(
        VpcId=vpc["VpcId"],
        CidrBlock="10.0.1.0/24",
        AvailabilityZone=f"{REGION}b",
        TagSpecifications=[{"ResourceType": "subnet", "Tags": tags("app-private-b")}],
    )


def test_a_subnet_refers_to_its_vpc_and_moves_to_the_same_zone_letter():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    observed = result.only()
    assert observed.properties["CidrBlock"] == "10.0.1.0/24"
    [in_vpc] = observed.references
    assert (in_vpc.field, in_vpc.kind, in_vpc.target_type) == ("VpcId", "network", "AWS::EC2::VPC")
    assert in_vpc.target.endswith(f":{observed.properties['VpcId']}")
    hcl = result.hcl()
    assert "vpc_id                  = aws_vpc.app_vpc.id" in hcl
    assert f'availability_zone       = "{TARGET_REGION}b"' in hcl
    result.assert_clean()
