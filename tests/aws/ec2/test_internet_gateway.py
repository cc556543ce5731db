"""AWS::EC2::InternetGateway from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.ec2 import VPC, internet_gateway
from tests.aws.ec2 import test_vpc
from tests.aws.moto import REGION, tags
from tests.aws.roundtrip import roundtrip

DECLARATION = internet_gateway.TYPE
WITH = [test_vpc.DECLARATION]
RECORDING = Path(__file__).with_name("internet_gateway.json")


def build() -> None:
    test_vpc.build()
    ec2 = boto3.client("ec2", region_name=REGION)
    [vpc] = ec2.describe_vpcs()["Vpcs"]
    gateway = ec2.create_internet_gateway(
        TagSpecifications=[{"ResourceType": "internet-gateway", "Tags": tags("app-igw")}]
    )["InternetGateway"]
    ec2.attach_internet_gateway(InternetGatewayId=gateway["InternetGatewayId"], VpcId=vpc["VpcId"])


def test_an_internet_gateway_refers_to_its_vpc_and_restores_attached_to_it():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    observed = result.only()
    assert observed.name == "app-igw"
    [vpc_id] = observed.properties["AttachedVpcIds"]
    attached = result.references()[internet_gateway.ATTACHED_TO.at(0)]
    assert (attached.kind, attached.target_type) == ("network", VPC)
    assert attached.target.endswith(f":{vpc_id}")
    assert "vpc_id = aws_vpc.app_vpc.id" in result.hcl()
    result.assert_clean()
