"""Auto Scaling: groups of instances, scaled from a launch template into subnets.

What Application Auto Scaling (catalog/aws/application_autoscaling) writes the same way
is here too: the step adjustments and predefined metric of a scaling policy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from catalog.restore.hcl import Block

AUTO_SCALING_GROUP = "AWS::AutoScaling::AutoScalingGroup"


def bound(value: float | None) -> str | None:
    """A step's metric interval bound as the provider takes it: a string (`0`, `10.5`)."""
    return None if value is None else f"{value:g}"


def step_adjustments(steps: Iterable[Mapping[str, Any]]) -> list[Block]:
    """`step_adjustment` blocks of a step scaling policy (both services spell them alike)."""
    return [
        Block(
            "step_adjustment",
            attributes={
                "metric_interval_lower_bound": bound(step.get("MetricIntervalLowerBound")),
                "metric_interval_upper_bound": bound(step.get("MetricIntervalUpperBound")),
                "scaling_adjustment": step["ScalingAdjustment"],
            },
        )
        for step in steps
    ]


def predefined_metric(specification: Mapping[str, Any] | None) -> list[Block]:
    """The `predefined_metric_specification` block of a target tracking policy, if any."""
    if not specification:
        return []
    return [
        Block(
            "predefined_metric_specification",
            attributes={
                "predefined_metric_type": specification["PredefinedMetricType"],
                "resource_label": specification.get("ResourceLabel"),
            },
        )
    ]


def customized_metric(specification: Mapping[str, Any] | None, dimension: str) -> list[Block]:
    """The `customized_metric_specification` block of a target tracking policy, if any:
    one CloudWatch metric (metric math is not written). `dimension` is the block each
    dimension goes in, which the two services name differently."""
    if not specification or "MetricName" not in specification:
        return []
    dimensions = [
        Block(dimension, attributes={"name": item["Name"], "value": item["Value"]})
        for item in specification.get("Dimensions", ())
    ]
    return [
        Block(
            "customized_metric_specification",
            attributes={
                "metric_name": specification["MetricName"],
                "namespace": specification["Namespace"],
                "statistic": specification.get("Statistic"),
                "unit": specification.get("Unit"),
            },
            blocks=dimensions,
        )
    ]
