"""AWS::RDS::DBSubnetGroup: the subnets of a VPC a database may be placed in."""

from __future__ import annotations

from collections.abc import Iterator

from catalog.aws.ec2 import SUBNET, VPC
from catalog.aws.rds import DB_SUBNET_GROUP, tagged
from catalog.aws.spec import Described, Ref, ResourceType, Scope, by_id, pages
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block
from catalog.restore.renaming import NameScope, Naming

NAME = Naming(NameScope.REGION, 255)
SUBNETS = Ref("SubnetIds[*]", SUBNET, "network", by_id)
IN_VPC = Ref("VpcId", VPC, "network", by_id)


def read(scope: Scope) -> Iterator[Described]:
    for group in pages(scope.client("rds"), "describe_db_subnet_groups", "DBSubnetGroups"):
        properties = {
            "DBSubnetGroupName": group["DBSubnetGroupName"],
            "DBSubnetGroupDescription": group.get("DBSubnetGroupDescription"),
            "VpcId": group.get("VpcId"),
            "SubnetIds": sorted(subnet["SubnetIdentifier"] for subnet in group.get("Subnets", ())),
            "SupportedNetworkTypes": sorted(group.get("SupportedNetworkTypes", ())),
        }
        yield tagged(scope, group["DBSubnetGroupArn"], group["DBSubnetGroupName"], properties)


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    return [
        ctx.resource(
            "aws_db_subnet_group",
            {
                "name": ctx.name(p["DBSubnetGroupName"], NAME),
                "description": p.get("DBSubnetGroupDescription") or None,
                "subnet_ids": ctx.refs(SUBNETS),
                **ctx.tags(),
            },
            adopt=p["DBSubnetGroupName"],
        )
    ]


TYPE = ResourceType(
    DB_SUBNET_GROUP,
    "rds",
    read,
    references=(SUBNETS, IN_VPC),
    iam_actions=("rds:DescribeDBSubnetGroups", "rds:ListTagsForResource"),
    terraform=TerraformType(
        "aws_db_subnet_group",
        Stage.DATA,
        emit,
        ("DBSubnetGroupName",),
        shapes=(StateShape("aws_db_subnet_group", noun="DB subnet group"),),
    ),
)
