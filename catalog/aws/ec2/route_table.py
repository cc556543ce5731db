"""AWS::EC2::RouteTable: where a subnet's traffic goes, and which subnets it routes.

Each non-local route and each subnet association is restored as its own resource
(`aws_route`, `aws_route_table_association`), so a restore in place adopts them one
by one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog.aws.ec2 import (
    EC2_ARN,
    EGRESS_ONLY_INTERNET_GATEWAY,
    INSTANCE,
    INTERNET_GATEWAY,
    NAT_GATEWAY,
    NETWORK_INTERFACE,
    ROUTE_TABLE,
    SUBNET,
    TRANSIT_GATEWAY,
    VPC,
    VPC_ENDPOINT,
    VPC_PEERING_CONNECTION,
    VPN_GATEWAY,
    described,
)
from catalog.aws.spec import Described, Found, Ref, ResourceType, Scope, by_id, pages, without
from catalog.drift.shape import StateShape, attributes_key
from catalog.model import canonical_json
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block

# What a route points at, by the prefix of the ID (a GatewayId may be an internet
# gateway, a VPN gateway, a gateway endpoint or `local`).
ID_PREFIX = {
    INTERNET_GATEWAY: "igw-",
    NAT_GATEWAY: "nat-",
    VPC_PEERING_CONNECTION: "pcx-",
    TRANSIT_GATEWAY: "tgw-",
    VPN_GATEWAY: "vgw-",
    VPC_ENDPOINT: "vpce-",
    NETWORK_INTERFACE: "eni-",
    INSTANCE: "i-",
    EGRESS_ONLY_INTERNET_GATEWAY: "eigw-",
}


def by_id_prefix(found: Found) -> str | None:
    """A route's target, if the ID is one of the declared target type (by its prefix)."""
    if isinstance(found.value, str) and found.value.startswith(ID_PREFIX[found.target]):
        return by_id(found)
    return None


IN_VPC = Ref("VpcId", VPC, "network", by_id)
TO_INTERNET_GATEWAY = Ref("Routes[*].GatewayId", INTERNET_GATEWAY, "route", by_id_prefix)
TO_VPN_GATEWAY = Ref("Routes[*].GatewayId", VPN_GATEWAY, "route", by_id_prefix)
TO_VPC_ENDPOINT = Ref("Routes[*].GatewayId", VPC_ENDPOINT, "route", by_id_prefix)
TO_NAT_GATEWAY = Ref("Routes[*].NatGatewayId", NAT_GATEWAY, "route", by_id_prefix)
TO_PEERING_CONNECTION = Ref(
    "Routes[*].VpcPeeringConnectionId", VPC_PEERING_CONNECTION, "route", by_id_prefix
)
TO_TRANSIT_GATEWAY = Ref("Routes[*].TransitGatewayId", TRANSIT_GATEWAY, "route", by_id_prefix)
TO_NETWORK_INTERFACE = Ref("Routes[*].NetworkInterfaceId", NETWORK_INTERFACE, "route", by_id_prefix)
TO_INSTANCE = Ref("Routes[*].InstanceId", INSTANCE, "route", by_id_prefix)
TO_EGRESS_ONLY_GATEWAY = Ref(
    "Routes[*].EgressOnlyInternetGatewayId", EGRESS_ONLY_INTERNET_GATEWAY, "route", by_id_prefix
)
ASSOCIATED_SUBNETS = Ref("Associations[*].SubnetId", SUBNET, "route", by_id)

# Route targets Terraform knows, by the field EC2 reports them under (any Ref of the
# field names it: the gateway_id of a VPN gateway is the same field).
ROUTE_TARGETS = (
    (TO_INTERNET_GATEWAY, "gateway_id"),
    (TO_NAT_GATEWAY, "nat_gateway_id"),
    (TO_TRANSIT_GATEWAY, "transit_gateway_id"),
    (TO_PEERING_CONNECTION, "vpc_peering_connection_id"),
    (TO_NETWORK_INTERFACE, "network_interface_id"),
    (TO_EGRESS_ONLY_GATEWAY, "egress_only_gateway_id"),
)


def read(scope: Scope) -> Iterator[Described]:
    for table in pages(scope.client("ec2"), "describe_route_tables", "RouteTables"):
        routes = sorted(
            (without(route, "Origin") for route in table.get("Routes", ())), key=canonical_json
        )
        associations = sorted(
            (
                {key: a[key] for key in ("SubnetId", "GatewayId", "Main") if key in a}
                for a in table.get("Associations", ())
                if a.get("AssociationState", {}).get("State", "associated") == "associated"
            ),
            key=canonical_json,
        )
        properties = {"VpcId": table.get("VpcId"), "Routes": routes, "Associations": associations}
        yield described(scope, ROUTE_TABLE, table["RouteTableId"], table, properties)


def emit(ctx: Emit) -> list[Block]:
    """The table, each non-local route and each subnet association as its own resource."""
    table_id = ctx.properties.get("Id")
    blocks = [
        ctx.resource("aws_route_table", {"vpc_id": ctx.ref(IN_VPC), **ctx.tags()}, adopt=table_id)
    ]
    table = ctx.ref_self("id")
    for index, route in enumerate(ctx.properties.get("Routes", ())):
        target = _route_target(ctx, index, route)
        if target is None:
            continue  # the local route, or one whose target no longer exists
        destination = {
            "destination_cidr_block": route.get("DestinationCidrBlock"),
            "destination_ipv6_cidr_block": route.get("DestinationIpv6CidrBlock"),
            "destination_prefix_list_id": route.get("DestinationPrefixListId"),
        }
        blocks.append(
            ctx.resource(
                "aws_route",
                {"route_table_id": table, **destination, **target},
                part=str(index),
                adopt=_adopted_route(ctx, table_id, destination),
            )
        )
    for index, association in enumerate(ctx.properties.get("Associations", ())):
        subnet_id = ctx.ref(ASSOCIATED_SUBNETS, index)
        if subnet_id is None or association.get("Main"):
            continue
        blocks.append(
            ctx.resource(
                "aws_route_table_association",
                {"route_table_id": table, "subnet_id": subnet_id},
                part=str(index),
                adopt=f"{association.get('SubnetId')}/{table_id}"
                if association in (ctx.current or {}).get("Associations", ())
                else None,
            )
        )
    return blocks


def _adopted_route(ctx: Emit, table_id: str | None, destination: dict[str, Any]) -> str | None:
    """A route that exists now (same destination) is imported as `rtb-..._DESTINATION`."""
    wanted = next((d for d in destination.values() if d), None)
    fields = ("DestinationCidrBlock", "DestinationIpv6CidrBlock", "DestinationPrefixListId")
    existing = {route.get(f) for route in (ctx.current or {}).get("Routes", ()) for f in fields}
    return f"{table_id}_{wanted}" if wanted in existing else None


def _route_target(ctx: Emit, index: int, route: dict[str, Any]) -> dict[str, Any] | None:
    if route.get("GatewayId") == "local" or route.get("State") == "blackhole":
        return None
    for declared, argument in ROUTE_TARGETS:
        if route.get(declared.tokens[-1]):  # the route's own field for the target
            reference = ctx.ref(declared, index)
            return {argument: reference} if reference is not None else None
    return None


def route_key(attributes: dict[str, Any]) -> str | None:
    """A route's import ID, `rtb-..._DESTINATION`, from its state attributes."""
    destinations = ("destination_cidr_block", "destination_ipv6_cidr_block")
    wanted = next(
        (attributes[d] for d in (*destinations, "destination_prefix_list_id") if attributes.get(d)),
        None,
    )
    table = attributes.get("route_table_id")
    return f"{table}_{wanted}" if table and wanted else None


TYPE = ResourceType(
    ROUTE_TABLE,
    "ec2",
    read,
    references=(
        IN_VPC,
        TO_INTERNET_GATEWAY,
        TO_VPN_GATEWAY,
        TO_VPC_ENDPOINT,
        TO_NAT_GATEWAY,
        TO_PEERING_CONNECTION,
        TO_TRANSIT_GATEWAY,
        TO_NETWORK_INTERFACE,
        TO_INSTANCE,
        TO_EGRESS_ONLY_GATEWAY,
        ASSOCIATED_SUBNETS,
    ),
    iam_actions=("ec2:DescribeRouteTables",),
    terraform=TerraformType(
        "aws_route_table",
        Stage.NETWORK,
        emit,
        shapes=(
            StateShape(
                "aws_route_table", arn=EC2_ARN.format(kind="route-table"), noun="route table"
            ),
            StateShape("aws_route", key=route_key, parent="route_table_id", noun="route"),
            StateShape(
                "aws_route_table_association",
                key=attributes_key("subnet_id", "route_table_id"),
                parent="route_table_id",
                noun="route table association",
            ),
        ),
    ),
)
