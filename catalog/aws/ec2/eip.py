"""AWS::EC2::EIP: a fixed public address (a NAT gateway's, an instance's)."""

from __future__ import annotations

from collections.abc import Iterator

from catalog.aws.ec2 import EIP, INSTANCE, NETWORK_INTERFACE, described
from catalog.aws.spec import Described, Ref, ResourceType, Scope, by_id, without
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block

ON_INSTANCE = Ref("InstanceId", INSTANCE, "attached-to", by_id)
ON_NETWORK_INTERFACE = Ref("NetworkInterfaceId", NETWORK_INTERFACE, "attached-to", by_id)


def read(scope: Scope) -> Iterator[Described]:
    # describe_addresses is not paginated: one call returns every address.
    for address in scope.client("ec2").describe_addresses().get("Addresses", ()):
        allocation = address.get("AllocationId") or address["PublicIp"]
        properties = without(
            address, "Tags", "AllocationId", "AssociationId", "NetworkInterfaceOwnerId"
        )
        yield described(scope, EIP, allocation, address, properties)


def emit(ctx: Emit) -> list[Block]:
    return [
        ctx.resource(
            "aws_eip",
            {"domain": ctx.properties.get("Domain", "vpc"), **ctx.tags()},
            adopt=ctx.properties.get("Id"),
        )
    ]


TYPE = ResourceType(
    EIP,
    "ec2",
    read,
    references=(ON_INSTANCE, ON_NETWORK_INTERFACE),
    iam_actions=("ec2:DescribeAddresses",),
    terraform=TerraformType(
        "aws_eip", Stage.NETWORK, emit, shapes=(StateShape("aws_eip", noun="Elastic IP"),)
    ),
)
