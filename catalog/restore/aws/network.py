"""VPC networking as Terraform: the network stage.

Security group rules are separate `aws_vpc_security_group_*_rule` resources,
never inline blocks: groups that reference each other (the load balancer's,
the tasks', the database's) would otherwise form a cycle Terraform refuses.
"""

from __future__ import annotations

from typing import Any

from catalog.aws.ec2 import (
    EC2_ARN,
    EIP,
    INTERNET_GATEWAY,
    NAT_GATEWAY,
    ROUTE_TABLE,
    SECURITY_GROUP,
    rule_key,
)
from catalog.drift.shape import StateShape, attributes_key
from catalog.restore.emit import Emit, Stage, legacy_terraform
from catalog.restore.hcl import Block

# Route targets Terraform knows, by the field EC2 reports them under.
ROUTE_TARGETS = {
    "GatewayId": "gateway_id",
    "NatGatewayId": "nat_gateway_id",
    "TransitGatewayId": "transit_gateway_id",
    "VpcPeeringConnectionId": "vpc_peering_connection_id",
    "NetworkInterfaceId": "network_interface_id",
    "EgressOnlyInternetGatewayId": "egress_only_gateway_id",
}


def internet_gateway(ctx: Emit) -> list[Block]:
    return [
        ctx.resource(
            "aws_internet_gateway",
            {"vpc_id": ctx.ref("AttachedVpcIds[0]"), **ctx.tags()},
            adopt=ctx.properties.get("Id"),
        )
    ]


def elastic_ip(ctx: Emit) -> list[Block]:
    return [
        ctx.resource(
            "aws_eip",
            {"domain": ctx.properties.get("Domain", "vpc"), **ctx.tags()},
            adopt=ctx.properties.get("Id"),
        )
    ]


def nat_gateway(ctx: Emit) -> list[Block]:
    p = ctx.properties
    public = p.get("ConnectivityType", "public") == "public"
    return [
        ctx.resource(
            "aws_nat_gateway",
            {
                "allocation_id": ctx.ref("AllocationIds[0]") if public else None,
                "subnet_id": ctx.ref("SubnetId"),
                # "public" is the default: left out, as the provider reads it back empty.
                "connectivity_type": None if public else p.get("ConnectivityType"),
                **ctx.tags(),
            },
            adopt=p.get("Id"),
        )
    ]


def route_table(ctx: Emit) -> list[Block]:
    """The table, each non-local route and each subnet association as its own resource."""
    table_id = ctx.properties.get("Id")
    blocks = [
        ctx.resource("aws_route_table", {"vpc_id": ctx.ref("VpcId"), **ctx.tags()}, adopt=table_id)
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
        subnet_id = ctx.ref(f"Associations[{index}].SubnetId")
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
    for field, argument in ROUTE_TARGETS.items():
        if route.get(field):
            reference = ctx.ref(f"Routes[{index}].{field}")
            return {argument: reference} if reference is not None else None
    return None


def security_group(ctx: Emit) -> list[Block]:
    p = ctx.properties
    group = ctx.resource(
        "aws_security_group",
        {
            "name": p["GroupName"],
            "description": p.get("Description"),
            "vpc_id": ctx.ref("VpcId"),
            **ctx.tags(),
        },
        adopt=p.get("Id"),
    )
    rules: list[Block] = []
    for direction, field in (("ingress", "IpPermissions"), ("egress", "IpPermissionsEgress")):
        for index, permission in enumerate(p.get(field, ())):
            rules += _rules(ctx, direction, f"{field}[{index}]", permission)
    return [group, *rules]


def _rules(ctx: Emit, direction: str, field: str, permission: dict[str, Any]) -> list[Block]:
    """One rule resource per source: a CIDR, an IPv6 CIDR, a prefix list or a group."""
    ports = _ports(permission)
    sources: list[tuple[str, dict[str, Any]]] = []  # (source as EC2 names it, arguments)
    for item in permission.get("IpRanges", ()):
        sources.append((item["CidrIp"], {"cidr_ipv4": item["CidrIp"]} | _described(item)))
    for item in permission.get("Ipv6Ranges", ()):
        sources.append((item["CidrIpv6"], {"cidr_ipv6": item["CidrIpv6"]} | _described(item)))
    for item in permission.get("PrefixListIds", ()):
        prefix_list = item["PrefixListId"]
        sources.append((prefix_list, {"prefix_list_id": prefix_list} | _described(item)))
    for position, pair in enumerate(permission.get("UserIdGroupPairs", ())):
        group = ctx.ref(f"{field}.UserIdGroupPairs[{position}].GroupId")
        sources.append(
            (pair["GroupId"], {"referenced_security_group_id": group} | _described(pair))
        )
    index = field.rsplit("[", 1)[1].rstrip("]")
    rule_ids = (ctx.current or {}).get("RuleIds") or {}  # the rules that exist now
    protocol = permission.get("IpProtocol", "-1")
    return [
        ctx.resource(
            f"aws_vpc_security_group_{direction}_rule",
            {"security_group_id": ctx.ref_self("id"), **ports, **arguments},
            part=f"{direction}_{index}_{number}",
            adopt=rule_ids.get(
                rule_key(
                    direction == "egress",
                    protocol,
                    permission.get("FromPort"),
                    permission.get("ToPort"),
                    source,
                )
            ),
        )
        for number, (source, arguments) in enumerate(sources)
    ]


def _described(item: dict[str, Any]) -> dict[str, Any]:
    return {"description": item.get("Description")}


def _ports(permission: dict[str, Any]) -> dict[str, Any]:
    protocol = str(permission.get("IpProtocol", "-1"))
    if protocol == "-1":
        return {"ip_protocol": "-1"}
    return {
        "ip_protocol": protocol,
        "from_port": permission.get("FromPort"),
        "to_port": permission.get("ToPort"),
    }


def route_key(attributes: dict[str, Any]) -> str | None:
    """A route's import ID, `rtb-..._DESTINATION`, from its state attributes."""
    destinations = ("destination_cidr_block", "destination_ipv6_cidr_block")
    wanted = next(
        (attributes[d] for d in (*destinations, "destination_prefix_list_id") if attributes.get(d)),
        None,
    )
    table = attributes.get("route_table_id")
    return f"{table}_{wanted}" if table and wanted else None


TYPES = [
    legacy_terraform(
        INTERNET_GATEWAY,
        "aws_internet_gateway",
        Stage.NETWORK,
        internet_gateway,
        shapes=(
            StateShape(
                "aws_internet_gateway",
                arn=EC2_ARN.format(kind="internet-gateway"),
                noun="internet gateway",
            ),
        ),
    ),
    legacy_terraform(
        EIP,
        "aws_eip",
        Stage.NETWORK,
        elastic_ip,
        shapes=(StateShape("aws_eip", noun="Elastic IP"),),
    ),
    legacy_terraform(
        NAT_GATEWAY,
        "aws_nat_gateway",
        Stage.NETWORK,
        nat_gateway,
        shapes=(StateShape("aws_nat_gateway", noun="NAT gateway"),),
    ),
    legacy_terraform(
        ROUTE_TABLE,
        "aws_route_table",
        Stage.NETWORK,
        route_table,
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
    legacy_terraform(
        SECURITY_GROUP,
        "aws_security_group",
        Stage.NETWORK,
        security_group,
        ("GroupName",),
        shapes=(
            StateShape(
                "aws_security_group",
                schema_version=1,
                arn=EC2_ARN.format(kind="security-group"),
                noun="security group",
            ),
            StateShape(
                "aws_vpc_security_group_ingress_rule",
                parent="security_group_id",
                noun="ingress rule",
                inline="ingress",
            ),
            StateShape(
                "aws_vpc_security_group_egress_rule",
                parent="security_group_id",
                noun="egress rule",
                inline="egress",
            ),
        ),
    ),
]
