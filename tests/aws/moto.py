"""What the recordings' `build()` functions share."""

from __future__ import annotations

import boto3

REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's


def without_default_vpc(region: str = REGION) -> None:
    """moto gives each region a default VPC with a subnet per zone: removed, so a
    recording holds only what its test built."""
    ec2 = boto3.client("ec2", region_name=region)
    for vpc in ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]:
        subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])
        for subnet in subnets["Subnets"]:
            ec2.delete_subnet(SubnetId=subnet["SubnetId"])
        ec2.delete_vpc(VpcId=vpc["VpcId"])


def tags(name: str, **more: str) -> list[dict[str, str]]:
    """A TagSpecification's tags: a Name and the application's tag."""
    return [{"Key": "Name", "Value": name}, {"Key": "Project", "Value": "app-infra"}] + [
        {"Key": key, "Value": value} for key, value in more.items()
    ]


def account_policy(sid: str, actions: str | list[str], **more: str) -> dict[str, object]:
    """A resource policy granting `actions` to the account itself (whose ID a restore
    rewrites to the target's)."""
    statement = {
        "Sid": sid,
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
        "Action": actions,
        **more,
    }
    return {"Version": "2012-10-17", "Statement": [statement]}
