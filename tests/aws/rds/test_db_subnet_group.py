"""AWS::RDS::DBSubnetGroup from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3

from catalog.aws.ec2 import SECURITY_GROUP, SUBNET, VPC
from catalog.aws.rds import SECURITY_GROUPS, db_subnet_group
from catalog.model import Observation, Reference
from tests.aws.ec2 import security_group, test_subnet, test_vpc
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = db_subnet_group.TYPE
WITH = [test_subnet.DECLARATION, test_vpc.DECLARATION]
RECORDING = Path(__file__).with_name("db_subnet_group.json")
ACCOUNT = "123456789012"
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
    return {
        "MasterUsername": "app",
        "MasterUserPassword": PASSWORD,
        "DBSubnetGroupName": "app-db",
        "VpcSecurityGroupIds": [security_group(name)],
        "Tags": [{"Key": "Project", "Value": "app-infra"}],
    }


def in_its_group(database: Observation) -> Reference:
    """The reference a database built with `database()` holds to its security group."""
    [group] = database.properties["VpcSecurityGroupIds"]
    target = f"aws:{ACCOUNT}:{REGION}:{SECURITY_GROUP}:{group}"
    return Reference(SECURITY_GROUPS.at(0), target, "network", SECURITY_GROUP)


def test_a_subnet_group_refers_to_its_subnets_and_vpc_and_restores_with_them():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    observed = result.only()
    assert (observed.name, observed.tags) == ("app-db", {"Project": "app-infra"})
    [subnet_id] = observed.properties["SubnetIds"]
    prefix = f"aws:{ACCOUNT}:{REGION}"
    assert set(observed.references) == {
        Reference(
            db_subnet_group.SUBNETS.at(0), f"{prefix}:{SUBNET}:{subnet_id}", "network", SUBNET
        ),
        Reference(
            db_subnet_group.IN_VPC.path,
            f"{prefix}:{VPC}:{observed.properties['VpcId']}",
            "network",
            VPC,
        ),
    }
    hcl = result.hcl()
    assert 'resource "aws_db_subnet_group" "app_db"' in hcl
    assert "subnet_ids  = [aws_subnet.app_private_b.id]" in hcl
    result.assert_clean()
