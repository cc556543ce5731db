"""Auto Scaling groups: which launch template, subnets and target groups they scale into."""

from __future__ import annotations

from collections.abc import Iterator

from catalog.aws.ec2 import LAUNCH_TEMPLATE, SUBNET, many, ref
from catalog.aws.elbv2 import TARGET_GROUP
from catalog.aws.spec import ResourceType, Scope, pages, references_to, tag_map
from catalog.model import Observation

AUTO_SCALING_GROUP = "AWS::AutoScaling::AutoScalingGroup"


def collect_groups(scope: Scope) -> Iterator[Observation]:
    client = scope.client("autoscaling")
    for group in pages(client, "describe_auto_scaling_groups", "AutoScalingGroups"):
        subnets = sorted(filter(None, group.get("VPCZoneIdentifier", "").split(",")))
        target_groups = sorted(group.get("TargetGroupARNs", ()))
        template = group.get("LaunchTemplate") or {}
        properties = {
            "MinSize": group["MinSize"],
            "MaxSize": group["MaxSize"],
            "DesiredCapacity": group.get("DesiredCapacity"),
            "LaunchTemplate": template,
            "MixedInstancesPolicy": group.get("MixedInstancesPolicy"),
            "VPCZoneIdentifier": subnets,
            "TargetGroupARNs": target_groups,
            "HealthCheckType": group.get("HealthCheckType"),
            "HealthCheckGracePeriod": group.get("HealthCheckGracePeriod"),
            "AvailabilityZones": sorted(group.get("AvailabilityZones", ())),
        }
        references = [
            *ref(
                scope,
                "LaunchTemplate.LaunchTemplateId",
                LAUNCH_TEMPLATE,
                template.get("LaunchTemplateId"),
                "launches",
            ),
            *many(scope, "VPCZoneIdentifier", SUBNET, subnets, "network"),
            *references_to("TargetGroupARNs", target_groups, "traffic", TARGET_GROUP),
        ]
        yield scope.observation(
            uid=group["AutoScalingGroupARN"],
            type=AUTO_SCALING_GROUP,
            name=group["AutoScalingGroupName"],
            tags=tag_map(group.get("Tags")),
            properties=properties,
            references=references,
        )


TYPES = [ResourceType(AUTO_SCALING_GROUP, "autoscaling", collect_groups)]
