"""AWS::ElasticLoadBalancingV2::TargetGroup: the targets a listener forwards to, and
how their health is checked."""

from __future__ import annotations

from collections.abc import Iterator

from catalog.aws.ec2 import VPC
from catalog.aws.elbv2 import TARGET_GROUP, Listing, described
from catalog.aws.spec import Described, Ref, ResourceType, Scope, by_id, without
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block
from catalog.restore.renaming import NameScope, Naming

NAME = Naming(NameScope.REGION, 32)
IN_VPC = Ref("VpcId", VPC, "network", by_id)

TARGET_GROUPS = Listing(
    "describe_target_groups", "TargetGroups", "TargetGroupArn", "describe_target_group_attributes"
)


def read(scope: Scope) -> Iterator[Described]:
    for group in described(scope, TARGET_GROUPS):
        # LoadBalancerArns is the listeners' side of the link, declared by the listeners.
        properties = without(group.item, "TargetGroupArn", "LoadBalancerArns")
        properties["Attributes"] = group.attributes
        yield Described(
            uid=group.arn,
            name=group.item["TargetGroupName"],
            properties=properties,
            tags=group.tags,
        )


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    attributes = p.get("Attributes") or {}
    health = {
        "enabled": p.get("HealthCheckEnabled"),
        "path": p.get("HealthCheckPath"),
        "port": p.get("HealthCheckPort"),
        "protocol": p.get("HealthCheckProtocol"),
        "interval": p.get("HealthCheckIntervalSeconds"),
        "timeout": p.get("HealthCheckTimeoutSeconds"),
        "healthy_threshold": p.get("HealthyThresholdCount"),
        "unhealthy_threshold": p.get("UnhealthyThresholdCount"),
        "matcher": (p.get("Matcher") or {}).get("HttpCode"),
    }
    return [
        ctx.resource(
            "aws_lb_target_group",
            {
                "name": ctx.name(p["TargetGroupName"], NAME),
                "port": p.get("Port"),
                "protocol": p.get("Protocol"),
                "protocol_version": p.get("ProtocolVersion"),
                "target_type": p.get("TargetType"),
                "ip_address_type": p.get("IpAddressType"),
                "vpc_id": ctx.ref(IN_VPC),
                "deregistration_delay": attributes.get("deregistration_delay.timeout_seconds"),
                **ctx.tags(),
            },
            [Block("health_check", attributes=health)],
            adopt=ctx.asset.uid,
        )
    ]


TYPE = ResourceType(
    TARGET_GROUP,
    "elbv2",
    read,
    references=(IN_VPC,),
    iam_actions=(
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTags",
        "elasticloadbalancing:DescribeTargetGroupAttributes",
    ),
    terraform=TerraformType(
        "aws_lb_target_group",
        Stage.TRAFFIC,
        emit,
        name_from=("TargetGroupName",),
        shapes=(StateShape("aws_lb_target_group", noun="target group"),),
        outputs=(("arn", "Target group to check for health"),),
    ),
)
