"""AWS::EC2::VPC: the address space everything else of the network is carved from."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog.aws.ec2 import EC2_ARN, VPC, described
from catalog.aws.spec import Described, ResourceType, Scope, pages
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block


def dns_attributes(ec2: Any, vpc_id: str) -> dict[str, bool]:
    # No batch call returns the DNS attributes: two calls per VPC.
    return {
        name: ec2.describe_vpc_attribute(VpcId=vpc_id, Attribute=attribute)[name]["Value"]
        for name, attribute in (
            ("EnableDnsSupport", "enableDnsSupport"),
            ("EnableDnsHostnames", "enableDnsHostnames"),
        )
    }


def read(scope: Scope) -> Iterator[Described]:
    ec2 = scope.client("ec2")
    vpcs = list(pages(ec2, "describe_vpcs", "Vpcs"))
    attributes = scope.map(lambda vpc: dns_attributes(ec2, vpc["VpcId"]), vpcs)
    for vpc, dns in zip(vpcs, attributes, strict=True):
        cidrs = sorted(
            association["CidrBlock"]
            for association in vpc.get("CidrBlockAssociationSet", ())
            if association.get("CidrBlockState", {}).get("State") != "disassociated"
        )
        properties = {
            "CidrBlock": vpc["CidrBlock"],
            "CidrBlocks": cidrs,
            "Ipv6CidrBlocks": sorted(
                a["Ipv6CidrBlock"] for a in vpc.get("Ipv6CidrBlockAssociationSet", ())
            ),
            "InstanceTenancy": vpc.get("InstanceTenancy"),
            "IsDefault": vpc.get("IsDefault", False),
            "DhcpOptionsId": vpc.get("DhcpOptionsId"),
            **dns,
        }
        yield described(scope, VPC, vpc["VpcId"], vpc, properties)


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    return [
        ctx.resource(
            "aws_vpc",
            {
                "cidr_block": p["CidrBlock"],
                "instance_tenancy": p.get("InstanceTenancy"),
                "enable_dns_support": p.get("EnableDnsSupport"),
                "enable_dns_hostnames": p.get("EnableDnsHostnames"),
                **ctx.tags(),
            },
            adopt=p.get("Id"),
        )
    ]


TYPE = ResourceType(
    VPC,
    "ec2",
    read,
    iam_actions=("ec2:DescribeVpcs", "ec2:DescribeVpcAttribute"),
    terraform=TerraformType(
        "aws_vpc",
        Stage.NETWORK,
        emit,
        shapes=(
            StateShape("aws_vpc", schema_version=1, arn=EC2_ARN.format(kind="vpc"), noun="VPC"),
        ),
    ),
)
