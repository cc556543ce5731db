"""AWS::RDS::DBSubnetGroup from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3

from catalog.aws.ec2 import SUBNET, VPC
from catalog.aws.rds import db_subnet_group
from tests.aws.ec2 import test_subnet, test_vpc
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = db_subnet_group.TYPE
WITH = [test_subnet.DECLARATION, test_vpc.DECLARATION]
RECORDING = Path(__file__).with_name("db_subnet_group.json")
PASSWORD = "never-stored-s3cret"  # a database's: Cairn must never store it


def build() -> None:
    test_subnet.build()
    [subnet] = boto3.client("ec2", region_name=REGION).describe_subnets()["Subnets"]
    boto3.client("rds", region_name=REGION).create_db_subnet_group(
        DBSubnetGroupName="app-db",
        DBSubnetGroupDescription="app private subnets",
        SubnetIds=[subnet["SubnetId"]],
        Tags=[{"Key": "Project", "Value": "app-infra"}],
    )


def database(name: str) -> dict[str, Any]:
    """What a database (an instance or a cluster) built on this subnet group is given: a
    security group of its own in the VPC, a master password, and the application's tag."""
    ec2 = boto3.client("ec2", region_name=REGION)
    [vpc] = ec2.describe_vpcs()["Vpcs"]
    group = ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc["VpcId"])
    return {
        "MasterUsername": "app",
        "MasterUserPassword": PASSWORD,
        "DBSubnetGroupName": "app-db",
        "VpcSecurityGroupIds": [group["GroupId"]],
        "Tags": [{"Key": "Project", "Value": "app-infra"}],
    }


def test_a_subnet_group_refers_to_its_subnets_and_vpc_and_restores_with_them():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    observed = result.only()
    assert (observed.name, observed.tags) == ("app-db", {"Project": "app-infra"})
    [subnet_id] = observed.properties["SubnetIds"]
    references = result.references()
    subnet = references[db_subnet_group.SUBNETS.at(0)]
    assert (subnet.kind, subnet.target_type) == ("network", SUBNET)
    assert subnet.target.endswith(f":{SUBNET}:{subnet_id}")
    in_vpc = references[db_subnet_group.IN_VPC.path]
    assert in_vpc.target.endswith(f":{VPC}:{observed.properties['VpcId']}")
    hcl = result.hcl()
    assert 'resource "aws_db_subnet_group" "app_db"' in hcl
    assert "subnet_ids  = [aws_subnet.app_private_b.id]" in hcl
    result.assert_clean()
