"""AWS::ApplicationAutoScaling::ScalableTarget: how far an ECS service's task count or a
DynamoDB table's (or index's) capacity may scale, with its policies and scheduled actions.

A target has no ARN in every API version (and the one there is changes when it is
registered again): its uid is built from what identifies it, the import ID
`namespace/resource id/dimension`. Its resource ID names the service or table, which it
is part of, so it comes into an application with them. Policies and scheduled actions
are listed once per namespace and kept in their target's properties; they are restored
as its parts. Only the ECS and DynamoDB namespaces are read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog.aws.application_autoscaling import SCALABLE_TARGET
from catalog.aws.autoscaling import (
    by_name,
    customized_metric,
    grouped,
    predefined_metric,
    step_adjustments,
)
from catalog.aws.dynamodb import TABLE
from catalog.aws.ecs import SERVICE
from catalog.aws.spec import Described, Found, Ref, ResourceType, Scope, pages, without
from catalog.drift.shape import StateShape, attributes_key
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block, Expr, quote

NAMESPACES = ("ecs", "dynamodb")
# What policies and scheduled actions name their target by.
TARGET_KEY = ("ServiceNamespace", "ResourceId", "ScalableDimension")


def ecs_service(found: Found) -> str | None:
    """`service/<cluster>/<service>` in the ecs namespace: the service's ARN."""
    kind, _, names = str(found.value).partition("/")
    if found.holder.get("ServiceNamespace") != "ecs" or kind != "service" or names.count("/") != 1:
        return None
    return f"arn:aws:ecs:{found.scope.region}:{found.scope.account}:service/{names}"


def dynamodb_table(found: Found) -> str | None:
    """`table/<name>` or `table/<name>/index/<index>` in the dynamodb namespace: the table's ARN."""
    kind, _, rest = str(found.value).partition("/")
    if found.holder.get("ServiceNamespace") != "dynamodb" or kind != "table" or not rest:
        return None
    name = rest.split("/", 1)[0]
    return f"arn:aws:dynamodb:{found.scope.region}:{found.scope.account}:table/{name}"


# The resource ID names a service or a table, by the namespace; both share the field.
SCALES_SERVICE = Ref("ResourceId", SERVICE, "scales", ecs_service, part_of=True)
SCALES_TABLE = Ref("ResourceId", TABLE, "scales", dynamodb_table, part_of=True)


def import_id(target: dict[str, Any]) -> str:
    """`terraform import`'s ID of a target: what identifies it, joined by `/`."""
    return "/".join(str(target[key]) for key in TARGET_KEY)


def targets_of(scope: Scope, client: Any, namespace: str) -> list[Described]:
    """The namespace's targets, each with its policies and scheduled actions (the ARNs,
    alarms and creation times are made anew when they are created: not configuration)."""
    policies = grouped(
        pages(client, "describe_scaling_policies", "ScalingPolicies", ServiceNamespace=namespace),
        TARGET_KEY,
        "PolicyARN",
        "Alarms",
        "CreationTime",
    )
    schedules = grouped(
        pages(client, "describe_scheduled_actions", "ScheduledActions", ServiceNamespace=namespace),
        TARGET_KEY,
        "ScheduledActionARN",
        "CreationTime",
    )
    described = []
    for target in pages(
        client, "describe_scalable_targets", "ScalableTargets", ServiceNamespace=namespace
    ):
        key = tuple(target[name] for name in TARGET_KEY)
        properties = without(target, "CreationTime", "ScalableTargetARN")
        properties["ScalingPolicies"] = by_name(policies.get(key), "PolicyName")
        properties["ScheduledActions"] = by_name(schedules.get(key), "ScheduledActionName")
        dimension = target["ScalableDimension"].rsplit(":", 1)[-1]
        described.append(
            Described(
                uid=scope.uid(SCALABLE_TARGET, import_id(target)),
                name=f"{target['ResourceId']}/{dimension}",
                properties=properties,
            )
        )
    return described


def read(scope: Scope) -> Iterator[Described]:
    client = scope.client("application-autoscaling")
    for targets in scope.map(lambda namespace: targets_of(scope, client, namespace), NAMESPACES):
        yield from targets


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    suspended = p.get("SuspendedState") or {}
    blocks = []
    if any(suspended.values()):
        blocks.append(
            Block(
                "suspended_state",
                attributes={
                    "dynamic_scaling_in_suspended": suspended.get("DynamicScalingInSuspended"),
                    "dynamic_scaling_out_suspended": suspended.get("DynamicScalingOutSuspended"),
                    "scheduled_scaling_suspended": suspended.get("ScheduledScalingSuspended"),
                },
            )
        )
    target = ctx.resource(
        "aws_appautoscaling_target",
        {
            "service_namespace": p["ServiceNamespace"],
            "resource_id": resource_id(ctx),
            "scalable_dimension": p["ScalableDimension"],
            "min_capacity": p["MinCapacity"],
            "max_capacity": p["MaxCapacity"],
        },
        blocks,
        adopt=import_id(p),
    )
    parts = [_policy(ctx, policy) for policy in p.get("ScalingPolicies", ())]
    if not ctx.adopting:
        # The provider cannot import a scheduled action: in place, the running ones stay.
        parts += [_scheduled(ctx, action) for action in p.get("ScheduledActions", ())]
    return [target, *parts]


def _literal(text: str) -> str:
    """`text` inside a quoted template."""
    return quote(text)[1:-1]


def _restored_name(ctx: Emit, declared: Ref) -> str | None:
    """`${<address>.name}` of what `declared` refers to, where the plan restores it."""
    address = ctx.target_address(declared)
    return f"${{{address}.name}}" if address else None


def resource_id(ctx: Emit) -> Expr | str:
    """The resource ID built from the restored service's or table's names, so the target
    follows them (a table's name takes the restore's suffix). Where the plan does not
    restore them, the ID it had: they are restored elsewhere under the same names."""
    p = ctx.properties
    namespace = p["ServiceNamespace"]
    kind, *names = p["ResourceId"].split("/")
    if namespace == "ecs" and (service := _restored_name(ctx, SCALES_SERVICE)):
        cluster_arn = (ctx.target_properties(SCALES_SERVICE) or {}).get("clusterArn", "")
        cluster = ctx.plan.address(cluster_arn)
        cluster_name = f"${{{cluster}.name}}" if cluster else _literal(names[0])
        return Expr(f'"{kind}/{cluster_name}/{service}"')
    if namespace == "dynamodb" and (table := _restored_name(ctx, SCALES_TABLE)):
        index = "".join(f"/{_literal(name)}" for name in names[1:])  # /index/<index>
        return Expr(f'"{kind}/{table}{index}"')
    return str(p["ResourceId"])


def _on_target(ctx: Emit) -> dict[str, Expr]:
    """What a policy or a scheduled action names its target by: the restored target's."""
    return {
        "service_namespace": ctx.ref_self("service_namespace"),
        "resource_id": ctx.ref_self("resource_id"),
        "scalable_dimension": ctx.ref_self("scalable_dimension"),
    }


def _policy(ctx: Emit, policy: dict[str, Any]) -> Block:
    """A target tracking or step scaling policy (predictive ones are not written)."""
    blocks = []
    step = policy.get("StepScalingPolicyConfiguration")
    if step:
        blocks.append(
            Block(
                "step_scaling_policy_configuration",
                attributes={
                    "adjustment_type": step.get("AdjustmentType"),
                    "cooldown": step.get("Cooldown"),
                    "metric_aggregation_type": step.get("MetricAggregationType"),
                    "min_adjustment_magnitude": step.get("MinAdjustmentMagnitude"),
                },
                blocks=step_adjustments(step.get("StepAdjustments", ())),
            )
        )
    tracking = policy.get("TargetTrackingScalingPolicyConfiguration")
    if tracking:
        blocks.append(
            Block(
                "target_tracking_scaling_policy_configuration",
                attributes={
                    "target_value": tracking["TargetValue"],
                    "disable_scale_in": tracking.get("DisableScaleIn"),
                    "scale_in_cooldown": tracking.get("ScaleInCooldown"),
                    "scale_out_cooldown": tracking.get("ScaleOutCooldown"),
                },
                blocks=[
                    *predefined_metric(tracking.get("PredefinedMetricSpecification")),
                    *customized_metric(tracking.get("CustomizedMetricSpecification"), "dimensions"),
                ],
            )
        )
    name = policy["PolicyName"]
    return ctx.resource(
        "aws_appautoscaling_policy",
        {"name": name, "policy_type": policy.get("PolicyType"), **_on_target(ctx)},
        blocks,
        part=f"policy_{name}",
        adopt=f"{import_id(ctx.properties)}/{name}",
    )


def _scheduled(ctx: Emit, action: dict[str, Any]) -> Block:
    """A scheduled action; a recurring one (cron, rate) starts with its next run, as a
    start that has passed is no configuration to restore."""
    schedule = action["Schedule"]
    capacity = action.get("ScalableTargetAction") or {}
    return ctx.resource(
        "aws_appautoscaling_scheduled_action",
        {
            "name": action["ScheduledActionName"],
            **_on_target(ctx),
            "schedule": schedule,
            "timezone": action.get("Timezone"),
            "start_time": None
            if schedule.startswith(("cron(", "rate("))
            else action.get("StartTime"),
            "end_time": action.get("EndTime"),
        },
        [
            Block(
                "scalable_target_action",
                attributes={
                    # The provider takes the capacities as strings.
                    key: str(capacity[name]) if name in capacity else None
                    for key, name in (
                        ("min_capacity", "MinCapacity"),
                        ("max_capacity", "MaxCapacity"),
                    )
                },
            )
        ],
        part=f"scheduled_{action['ScheduledActionName']}",
    )


TYPE = ResourceType(
    SCALABLE_TARGET,
    "application-autoscaling",
    read,
    references=(SCALES_SERVICE, SCALES_TABLE),
    iam_actions=(
        "application-autoscaling:DescribeScalableTargets",
        "application-autoscaling:DescribeScalingPolicies",
        "application-autoscaling:DescribeScheduledActions",
    ),
    terraform=TerraformType(
        "aws_appautoscaling_target",
        Stage.COMPUTE,
        emit,
        shapes=(
            StateShape(
                "aws_appautoscaling_target",
                key=attributes_key("service_namespace", "resource_id", "scalable_dimension"),
                noun="scalable target",
            ),
            StateShape(
                "aws_appautoscaling_policy",
                key=attributes_key(
                    "service_namespace", "resource_id", "scalable_dimension", "name"
                ),
                noun="scaling policy",
            ),
            StateShape("aws_appautoscaling_scheduled_action", noun="scheduled action"),
        ),
    ),
)
