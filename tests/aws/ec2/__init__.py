"""What the tests of the types that sit in a VPC share."""

from __future__ import annotations

import boto3

from tests.aws.moto import REGION


def security_group(name: str) -> str:
    """A security group, by ID, in the one VPC the test built (test_vpc.build)."""
    ec2 = boto3.client("ec2", region_name=REGION)
    [vpc] = ec2.describe_vpcs()["Vpcs"]
    group = ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc["VpcId"])
    return str(group["GroupId"])
