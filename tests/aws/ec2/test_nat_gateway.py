"""AWS::EC2::NatGateway from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.ec2 import EIP, SUBNET, eip, nat_gateway
from tests.aws.ec2 import test_subnet
from tests.aws.moto import REGION, tags
from tests.aws.roundtrip import roundtrip

DECLARATION = nat_gateway.TYPE
WITH = [*test_subnet.WITH, test_subnet.DECLARATION, eip.TYPE]
RECORDING = Path(__file__).with_name("nat_gateway.json")


def build() -> None:
    test_subnet.build()
    ec2 = boto3.client("ec2", region_name=REGION)
    [subnet] = ec2.describe_subnets()["Subnets"]
    address = ec2.allocate_address(
        Domain="vpc", TagSpecifications=[{"ResourceType": "elastic-ip", "Tags": tags("app-nat-ip")}]
    )
    ec2.create_nat_gateway(
        SubnetId=subnet["SubnetId"],
        AllocationId=address["AllocationId"],
        TagSpecifications=[{"ResourceType": "natgateway", "Tags": tags("app-nat")}],
    )


def test_a_nat_gateway_refers_to_its_subnet_and_address_and_restores_with_both():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    observed = result.only()
    assert observed.name == "app-nat"
    assert observed.properties["ConnectivityType"] == "public"
    references = result.references()
    in_subnet = references[nat_gateway.IN_SUBNET.at()]
    assert (in_subnet.kind, in_subnet.target_type) == ("network", SUBNET)
    assert in_subnet.target.endswith(f":{observed.properties['SubnetId']}")
    [allocation] = observed.properties["AllocationIds"]
    address = references[nat_gateway.ADDRESSES.at(0)]
    assert (address.target_type, address.target.rsplit(":", 1)[1]) == (EIP, allocation)
    hcl = result.hcl()
    assert "allocation_id = aws_eip.app_nat_ip.id" in hcl
    assert "subnet_id     = aws_subnet.app_private_b.id" in hcl
    assert "connectivity_type" not in hcl  # public, the default
    result.assert_clean()
