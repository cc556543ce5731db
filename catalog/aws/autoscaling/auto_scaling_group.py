"""AWS::AutoScaling::AutoScalingGroup: a group with its launch template, subnets, target
groups, health check and capacity, and its scaling policies, scheduled actions and
lifecycle hooks.

Policies, scheduled actions and hooks have no life outside their group: they are kept in
the group's properties and restored as its parts (aws_autoscaling_policy,
aws_autoscaling_schedule, aws_autoscaling_lifecycle_hook). Policies and scheduled actions
are listed once per region and grouped by group name; hooks can only be asked per group.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog.aws.autoscaling import (
    AUTO_SCALING_GROUP,
    by_name,
    customized_metric,
    grouped,
    predefined_metric,
    step_adjustments,
)
from catalog.aws.ec2 import LAUNCH_TEMPLATE, SUBNET
from catalog.aws.elbv2 import TARGET_GROUP
from catalog.aws.iam import ROLE
from catalog.aws.lambda_.function import arn_of
from catalog.aws.sns import TOPIC
from catalog.aws.spec import Described, Ref, ResourceType, Scope, by_id, pages, tag_map
from catalog.aws.sqs import QUEUE
from catalog.drift.shape import StateShape, attributes_key
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block
from catalog.restore.renaming import NameScope, Naming

NAME = Naming(NameScope.REGION, 255)
LAUNCHES = Ref("LaunchTemplate.LaunchTemplateId", LAUNCH_TEMPLATE, "launches", by_id)
SUBNETS = Ref("VPCZoneIdentifier[*]", SUBNET, "network", by_id)
TARGET_GROUPS = Ref("TargetGroupARNs[*]", TARGET_GROUP, "traffic")
HOOK_ROLE = Ref("LifecycleHooks[*].RoleARN", ROLE, "assumes")
# A hook notifies a queue or a topic, by the service in its ARN; both share the field.
HOOK_QUEUE = Ref("LifecycleHooks[*].NotificationTargetARN", QUEUE, "notifies", arn_of("sqs"))
HOOK_TOPIC = Ref("LifecycleHooks[*].NotificationTargetARN", TOPIC, "notifies", arn_of("sns"))

# What the region-wide listings of policies and scheduled actions name their group by.
GROUP_KEY = ("AutoScalingGroupName",)
# Versions of a launch template a group may follow by name rather than by number.
NAMED_VERSIONS = ("$Latest", "$Default")


def lifecycle_hooks(client: Any, group: str) -> list[dict[str, Any]]:
    hooks = client.describe_lifecycle_hooks(AutoScalingGroupName=group)["LifecycleHooks"]
    # GlobalTimeout follows from the heartbeat timeout: it cannot be set.
    return list(grouped(hooks, GROUP_KEY, "GlobalTimeout").get((group,), ()))


def read(scope: Scope) -> Iterator[Described]:
    client = scope.client("autoscaling")
    groups = list(pages(client, "describe_auto_scaling_groups", "AutoScalingGroups"))
    # The policies' ARNs and alarms are made anew when a policy is created: not configuration.
    policies = grouped(
        pages(client, "describe_policies", "ScalingPolicies"), GROUP_KEY, "PolicyARN", "Alarms"
    )
    # `Time` repeats StartTime (deprecated); the ARN is made anew with the action.
    schedules = grouped(
        pages(client, "describe_scheduled_actions", "ScheduledUpdateGroupActions"),
        GROUP_KEY,
        "ScheduledActionARN",
        "Time",
    )
    names = [group["AutoScalingGroupName"] for group in groups]
    hooks = scope.map(lambda name: lifecycle_hooks(client, name), names)
    for group, group_hooks in zip(groups, hooks, strict=True):
        name = group["AutoScalingGroupName"]
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
            "DefaultCooldown": group.get("DefaultCooldown"),
            "TerminationPolicies": group.get("TerminationPolicies", []),
            "AvailabilityZones": sorted(group.get("AvailabilityZones", ())),
            # Whether each tag is copied onto the instances the group launches.
            "PropagateAtLaunch": {
                tag["Key"]: tag.get("PropagateAtLaunch", False) for tag in group.get("Tags", ())
            },
            "ScalingPolicies": by_name(policies.get((name,)), "PolicyName"),
            "ScheduledActions": by_name(schedules.get((name,)), "ScheduledActionName"),
            "LifecycleHooks": by_name(group_hooks, "LifecycleHookName"),
        }
        yield Described(
            uid=group["AutoScalingGroupARN"],
            name=name,
            properties=properties,
            tags=tag_map(group.get("Tags")),
        )


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    name = ctx.asset.name or ""
    blocks = [*_launch_template(ctx), *_tags(ctx)]
    subnets = ctx.refs(SUBNETS)
    group = ctx.resource(
        "aws_autoscaling_group",
        {
            "name": ctx.name(name, NAME),
            "min_size": p["MinSize"],
            "max_size": p["MaxSize"],
            "desired_capacity": p.get("DesiredCapacity"),
            "vpc_zone_identifier": subnets or None,
            # A group outside a VPC names its zones; in one, its subnets say them.
            "availability_zones": None
            if subnets
            else [ctx.plan.zone(zone) for zone in p.get("AvailabilityZones", ())] or None,
            "target_group_arns": ctx.refs(TARGET_GROUPS, attribute="arn") or None,
            "health_check_type": p.get("HealthCheckType"),
            "health_check_grace_period": p.get("HealthCheckGracePeriod"),
            "default_cooldown": p.get("DefaultCooldown"),
            "termination_policies": p.get("TerminationPolicies") or None,
        },
        blocks,
        adopt=name,
    )
    parts = [_policy(ctx, name, policy) for policy in p.get("ScalingPolicies", ())]
    parts += [_schedule(ctx, name, action) for action in p.get("ScheduledActions", ())]
    parts += [
        _hook(ctx, name, index, hook) for index, hook in enumerate(p.get("LifecycleHooks", ()))
    ]
    return [group, *parts]


def _launch_template(ctx: Emit) -> list[Block]:
    """The template and the version the group follows: `$Latest` and `$Default` by name;
    a number becomes the restored template's latest version (it starts at 1 again)."""
    version = (ctx.properties.get("LaunchTemplate") or {}).get("Version")
    template = ctx.ref(LAUNCHES)
    if template is None:
        return []
    if version not in NAMED_VERSIONS and ctx.in_plan(LAUNCHES):
        version = ctx.ref(LAUNCHES, attribute="latest_version")
    return [Block("launch_template", attributes={"id": template, "version": version})]


def _tags(ctx: Emit) -> list[Block]:
    """One `tag` block a tag: the group's tags say whether instances get them too."""
    propagate = ctx.properties.get("PropagateAtLaunch") or {}
    return [
        Block(
            "tag",
            attributes={
                "key": key,
                "value": value,
                "propagate_at_launch": propagate.get(key, False),
            },
        )
        for key, value in ctx.tags().get("tags", {}).items()
    ]


def _policy(ctx: Emit, group: str, policy: dict[str, Any]) -> Block:
    tracking = policy.get("TargetTrackingConfiguration")
    blocks = step_adjustments(policy.get("StepAdjustments", ()))
    if tracking:
        blocks.append(
            Block(
                "target_tracking_configuration",
                attributes={
                    "target_value": tracking["TargetValue"],
                    "disable_scale_in": tracking.get("DisableScaleIn"),
                },
                blocks=[
                    *predefined_metric(tracking.get("PredefinedMetricSpecification")),
                    *customized_metric(
                        tracking.get("CustomizedMetricSpecification"), "metric_dimension"
                    ),
                ],
            )
        )
    return ctx.resource(
        "aws_autoscaling_policy",
        {
            "name": policy["PolicyName"],
            "autoscaling_group_name": ctx.ref_self("name"),
            "policy_type": policy.get("PolicyType"),
            "adjustment_type": policy.get("AdjustmentType"),
            "scaling_adjustment": policy.get("ScalingAdjustment"),
            "cooldown": policy.get("Cooldown"),
            "min_adjustment_magnitude": policy.get("MinAdjustmentMagnitude"),
            "metric_aggregation_type": policy.get("MetricAggregationType"),
            "estimated_instance_warmup": policy.get("EstimatedInstanceWarmup"),
            "enabled": policy.get("Enabled"),
        },
        blocks,
        part=f"policy_{policy['PolicyName']}",
        adopt=f"{group}/{policy['PolicyName']}",
    )


def _schedule(ctx: Emit, group: str, action: dict[str, Any]) -> Block:
    """A scheduled action. A recurring one's start time has passed and AWS refuses a start
    in the past: it starts with its next recurrence; a one-off keeps its time."""
    recurrence = action.get("Recurrence")
    return ctx.resource(
        "aws_autoscaling_schedule",
        {
            "scheduled_action_name": action["ScheduledActionName"],
            "autoscaling_group_name": ctx.ref_self("name"),
            "min_size": action.get("MinSize"),
            "max_size": action.get("MaxSize"),
            "desired_capacity": action.get("DesiredCapacity"),
            "recurrence": recurrence,
            "time_zone": action.get("TimeZone"),
            "start_time": None if recurrence else action.get("StartTime"),
            "end_time": action.get("EndTime"),
        },
        part=f"schedule_{action['ScheduledActionName']}",
        adopt=f"{group}/{action['ScheduledActionName']}",
    )


def _hook(ctx: Emit, group: str, index: int, hook: dict[str, Any]) -> Block:
    target = ctx.ref(HOOK_QUEUE, index, attribute="arn")  # a topic's field is the same
    return ctx.resource(
        "aws_autoscaling_lifecycle_hook",
        {
            "name": hook["LifecycleHookName"],
            "autoscaling_group_name": ctx.ref_self("name"),
            "lifecycle_transition": hook["LifecycleTransition"],
            "heartbeat_timeout": hook.get("HeartbeatTimeout"),
            "default_result": hook.get("DefaultResult"),
            "notification_metadata": hook.get("NotificationMetadata"),
            "notification_target_arn": target,
            "role_arn": ctx.ref(HOOK_ROLE, index, attribute="arn"),
        },
        part=f"hook_{hook['LifecycleHookName']}",
        adopt=f"{group}/{hook['LifecycleHookName']}",
    )


def _part(resource: str, name: str, noun: str) -> StateShape:
    """A part of a group, imported as `GROUP/NAME`."""
    return StateShape(
        resource,
        key=attributes_key("autoscaling_group_name", name),
        parent="autoscaling_group_name",
        noun=noun,
    )


TYPE = ResourceType(
    AUTO_SCALING_GROUP,
    "autoscaling",
    read,
    references=(LAUNCHES, SUBNETS, TARGET_GROUPS, HOOK_ROLE, HOOK_QUEUE, HOOK_TOPIC),
    iam_actions=(
        "autoscaling:DescribeAutoScalingGroups",
        "autoscaling:DescribePolicies",
        "autoscaling:DescribeScheduledActions",
        "autoscaling:DescribeLifecycleHooks",
    ),
    terraform=TerraformType(
        "aws_autoscaling_group",
        Stage.COMPUTE,
        emit,
        shapes=(
            # Scaling policies and schedules move the desired capacity all day: not drift.
            StateShape(
                "aws_autoscaling_group", noun="Auto Scaling group", ignored=("desired_capacity",)
            ),
            _part("aws_autoscaling_policy", "name", "scaling policy"),
            _part("aws_autoscaling_schedule", "scheduled_action_name", "scheduled action"),
            _part("aws_autoscaling_lifecycle_hook", "name", "lifecycle hook"),
        ),
        disposable={"force_delete": True},
    ),
)
