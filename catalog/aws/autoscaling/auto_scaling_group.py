"""AWS::AutoScaling::AutoScalingGroup: which launch template, subnets and target groups
it scales into."""

from __future__ import annotations

from collections.abc import Iterator

from catalog.aws.autoscaling import AUTO_SCALING_GROUP
from catalog.aws.ec2 import LAUNCH_TEMPLATE, SUBNET
from catalog.aws.elbv2 import TARGET_GROUP
from catalog.aws.spec import Described, Ref, ResourceType, Scope, by_id, pages, tag_map

LAUNCHES = Ref("LaunchTemplate.LaunchTemplateId", LAUNCH_TEMPLATE, "launches", by_id)
SUBNETS = Ref("VPCZoneIdentifier[*]", SUBNET, "network", by_id)
TARGET_GROUPS = Ref("TargetGroupARNs[*]", TARGET_GROUP, "traffic")


def read(scope: Scope) -> Iterator[Described]:
    client = scope.client("autoscaling")
    for group in pages(client, "describe_auto_scaling_groups", "AutoScalingGroups"):
        properties = {
            "MinSize": group["MinSize"],
            "MaxSize": group["MaxSize"],
            "DesiredCapacity": group.get("DesiredCapacity"),
            "LaunchTemplate": group.get("LaunchTemplate") or {},
            "MixedInstancesPolicy": group.get("MixedInstancesPolicy"),
            # One comma-separated string in the API: a list, to reference each subnet.
            "VPCZoneIdentifier": sorted(
                filter(None, group.get("VPCZoneIdentifier", "").split(","))
            ),
            "TargetGroupARNs": sorted(group.get("TargetGroupARNs", ())),
            "HealthCheckType": group.get("HealthCheckType"),
            "HealthCheckGracePeriod": group.get("HealthCheckGracePeriod"),
            "AvailabilityZones": sorted(group.get("AvailabilityZones", ())),
        }
        yield Described(
            uid=group["AutoScalingGroupARN"],
            name=group["AutoScalingGroupName"],
            properties=properties,
            tags=tag_map(group.get("Tags")),
        )


TYPE = ResourceType(
    AUTO_SCALING_GROUP,
    "autoscaling",
    read,
    references=(LAUNCHES, SUBNETS, TARGET_GROUPS),
    iam_actions=("autoscaling:DescribeAutoScalingGroups",),
)
