"""AWS::EC2::NatGateway: the way out to the internet of a VPC's private subnets."""

from __future__ import annotations

from collections.abc import Iterator

from catalog.aws.ec2 import EIP, NAT_GATEWAY, SUBNET, described
from catalog.aws.spec import Described, Ref, ResourceType, Scope, by_id, pages
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block

GONE_STATES = {"deleted", "deleting", "failed"}

IN_SUBNET = Ref("SubnetId", SUBNET, "network", by_id)
ADDRESSES = Ref("AllocationIds[*]", EIP, "network", by_id)


def read(scope: Scope) -> Iterator[Described]:
    for gateway in pages(scope.client("ec2"), "describe_nat_gateways", "NatGateways"):
        if gateway.get("State") in GONE_STATES:
            continue
        allocations = sorted(
            address["AllocationId"]
            for address in gateway.get("NatGatewayAddresses", ())
            if address.get("AllocationId")
        )
        properties = {
            "SubnetId": gateway.get("SubnetId"),
            "VpcId": gateway.get("VpcId"),
            "ConnectivityType": gateway.get("ConnectivityType", "public"),
            "AllocationIds": allocations,
        }
        yield described(scope, NAT_GATEWAY, gateway["NatGatewayId"], gateway, properties)


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    public = p.get("ConnectivityType", "public") == "public"
    return [
        ctx.resource(
            "aws_nat_gateway",
            {
                "allocation_id": ctx.ref(ADDRESSES, 0) if public else None,
                "subnet_id": ctx.ref(IN_SUBNET),
                # "public" is the default: left out, as the provider reads it back empty.
                "connectivity_type": None if public else p.get("ConnectivityType"),
                **ctx.tags(),
            },
            adopt=p.get("Id"),
        )
    ]


TYPE = ResourceType(
    NAT_GATEWAY,
    "ec2",
    read,
    references=(IN_SUBNET, ADDRESSES),
    iam_actions=("ec2:DescribeNatGateways",),
    terraform=TerraformType(
        "aws_nat_gateway",
        Stage.NETWORK,
        emit,
        shapes=(StateShape("aws_nat_gateway", noun="NAT gateway"),),
    ),
)
