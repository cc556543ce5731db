"""AWS::EC2::Subnet: a VPC's range in one availability zone."""

from __future__ import annotations

from collections.abc import Iterator

from catalog.aws.ec2 import EC2_ARN, SUBNET, VPC, described
from catalog.aws.spec import Described, Ref, ResourceType, Scope, by_id, pages, without
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block

IN_VPC = Ref("VpcId", VPC, "network", by_id)


def read(scope: Scope) -> Iterator[Described]:
    for subnet in pages(scope.client("ec2"), "describe_subnets", "Subnets"):
        properties = without(
            subnet,
            "Tags",
            "State",
            "AvailableIpAddressCount",
            "SubnetId",
            "OwnerId",
            "SubnetArn",
            "Ipv6CidrBlockAssociationSet",
        )
        properties["Ipv6CidrBlocks"] = sorted(
            a["Ipv6CidrBlock"] for a in subnet.get("Ipv6CidrBlockAssociationSet", ())
        )
        yield described(scope, SUBNET, subnet["SubnetId"], subnet, properties)


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    return [
        ctx.resource(
            "aws_subnet",
            {
                "vpc_id": ctx.ref(IN_VPC),
                "cidr_block": p.get("CidrBlock"),  # absent on IPv6-only subnets
                "ipv6_native": p.get("Ipv6Native") or None,
                "availability_zone": ctx.plan.zone(p["AvailabilityZone"]),
                "map_public_ip_on_launch": p.get("MapPublicIpOnLaunch"),
                **ctx.tags(),
            },
            adopt=p.get("Id"),
        )
    ]


TYPE = ResourceType(
    SUBNET,
    "ec2",
    read,
    references=(IN_VPC,),
    iam_actions=("ec2:DescribeSubnets",),
    terraform=TerraformType(
        "aws_subnet",
        Stage.NETWORK,
        emit,
        shapes=(
            StateShape(
                "aws_subnet", schema_version=1, arn=EC2_ARN.format(kind="subnet"), noun="subnet"
            ),
        ),
    ),
)
