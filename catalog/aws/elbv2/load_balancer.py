"""AWS::ElasticLoadBalancingV2::LoadBalancer: where the application's traffic comes in."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog.aws.ec2 import EIP, SECURITY_GROUP, SUBNET, VPC
from catalog.aws.elbv2 import LOAD_BALANCER, Listing, described
from catalog.aws.spec import Described, Ref, ResourceType, Scope, by_id, without
from catalog.aws.values import Name
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block
from catalog.restore.renaming import NameScope, Naming

NAME = Naming(NameScope.REGION, 32)
IN_SUBNETS = Ref("Subnets[*]", SUBNET, "network", by_id)
SECURITY_GROUPS = Ref("SecurityGroups[*]", SECURITY_GROUP, "network", by_id)
IN_VPC = Ref("VpcId", VPC, "network", by_id)
ELASTIC_IPS = Ref("AvailabilityZones[*].AllocationIds[*]", EIP, "attached-to", by_id)

LOAD_BALANCERS = Listing(
    "describe_load_balancers",
    "LoadBalancers",
    "LoadBalancerArn",
    "describe_load_balancer_attributes",
)


def properties_of(balancer: dict[str, Any], settings: dict[str, str]) -> dict[str, Any]:
    # State moves through provisioning on its own; CreatedTime says nothing to restore.
    properties = without(balancer, "LoadBalancerArn", "CreatedTime", "State", "AvailabilityZones")
    zones = sorted(balancer.get("AvailabilityZones", ()), key=lambda zone: zone["ZoneName"])
    properties["AvailabilityZones"] = [
        {
            "ZoneName": zone["ZoneName"],
            "SubnetId": zone.get("SubnetId"),
            "AllocationIds": sorted(
                address["AllocationId"]
                for address in zone.get("LoadBalancerAddresses", ())
                if address.get("AllocationId")
            ),
        }
        for zone in zones
    ]
    properties["Subnets"] = sorted(zone["SubnetId"] for zone in zones if zone.get("SubnetId"))
    properties["SecurityGroups"] = sorted(balancer.get("SecurityGroups", ()))
    properties["Attributes"] = settings
    return properties


def read(scope: Scope) -> Iterator[Described]:
    for balancer in described(scope, LOAD_BALANCERS):
        yield Described(
            uid=balancer.arn,
            name=balancer.item["LoadBalancerName"],
            properties=properties_of(balancer.item, balancer.attributes),
            tags=balancer.tags,
        )


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    attributes = p.get("Attributes") or {}
    return [
        ctx.resource(
            "aws_lb",
            {
                "name": ctx.name(p["LoadBalancerName"], NAME),
                "internal": p.get("Scheme") == "internal",
                "load_balancer_type": p.get("Type"),
                "ip_address_type": p.get("IpAddressType"),
                "security_groups": ctx.refs(SECURITY_GROUPS) or None,
                "subnets": ctx.refs(IN_SUBNETS),
                "idle_timeout": _number(attributes.get("idle_timeout.timeout_seconds")),
                "enable_deletion_protection": _flag(attributes.get("deletion_protection.enabled")),
                "enable_cross_zone_load_balancing": _flag(
                    attributes.get("load_balancing.cross_zone.enabled")
                )
                if p.get("Type") == "network"
                else None,
                **ctx.tags(),
            },
            adopt=ctx.asset.uid,
        )
    ]


def _flag(value: str | None) -> bool | None:
    return None if value is None else value == "true"


def _number(value: str | None) -> int | None:
    return None if value is None else int(value)


TYPE = ResourceType(
    LOAD_BALANCER,
    "elbv2",
    read,
    references=(IN_SUBNETS, SECURITY_GROUPS, IN_VPC, ELASTIC_IPS),
    iam_actions=(
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeTags",
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
    ),
    terraform=TerraformType(
        "aws_lb",
        Stage.TRAFFIC,
        emit,
        name_from=("LoadBalancerName",),
        shapes=(StateShape("aws_lb", noun="load balancer"),),
        outputs=(("dns_name", "Load balancer address"),),
        disposable={"enable_deletion_protection": False},
    ),
    names=(Name("DNSName", "dns_name"),),
)
