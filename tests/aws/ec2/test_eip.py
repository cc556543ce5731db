"""AWS::EC2::EIP from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.ec2 import INSTANCE, NETWORK_INTERFACE, eip
from tests.aws.ec2 import test_subnet
from tests.aws.moto import REGION, tags
from tests.aws.roundtrip import roundtrip

DECLARATION = eip.TYPE
RECORDING = Path(__file__).with_name("eip.json")
IMAGE = "ami-12c6146b"  # one of moto's


def build() -> None:
    test_subnet.build()
    ec2 = boto3.client("ec2", region_name=REGION)
    [subnet] = ec2.describe_subnets()["Subnets"]
    [instance] = ec2.run_instances(
        ImageId=IMAGE, InstanceType="t3.micro", SubnetId=subnet["SubnetId"], MinCount=1, MaxCount=1
    )["Instances"]
    address = ec2.allocate_address(
        Domain="vpc",
        TagSpecifications=[{"ResourceType": "elastic-ip", "Tags": tags("app-bastion-ip")}],
    )
    ec2.associate_address(AllocationId=address["AllocationId"], InstanceId=instance["InstanceId"])


def test_an_address_is_known_by_its_allocation_refers_to_what_holds_it_and_restores():
    result = roundtrip(DECLARATION, RECORDING)
    observed = result.only()
    assert observed.name == "app-bastion-ip"
    assert observed.properties["Id"].startswith("eipalloc-")
    assert observed.uid.endswith(f":AWS::EC2::EIP:{observed.properties['Id']}")
    assert "AllocationId" not in observed.properties  # it is the Id
    on_instance = result.references()[eip.ON_INSTANCE.at()]
    assert (on_instance.kind, on_instance.target_type) == ("attached-to", INSTANCE)
    assert on_instance.target.endswith(f":{observed.properties['InstanceId']}")
    on_interface = result.references()[eip.ON_NETWORK_INTERFACE.at()]
    assert on_interface.target_type == NETWORK_INTERFACE
    assert 'domain = "vpc"' in result.hcl()
    result.assert_clean()
