"""Auto Scaling: groups of instances, scaled from a launch template into subnets.

What Application Auto Scaling (catalog/aws/application_autoscaling) writes the same way
is here too: the step adjustments and predefined metric of a scaling policy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from catalog.aws.spec import without
from catalog.restore.hcl import Block

AUTO_SCALING_GROUP = "AWS::AutoScaling::AutoScalingGroup"


def grouped(
    items: Iterable[Mapping[str, Any]], keys: tuple[str, ...], *dropped: str
) -> dict[tuple[Any, ...], list[dict[str, Any]]]:
    """Items of a region-wide listing (policies, scheduled actions) by what they belong to,
    named by `keys` (a group's name; a target's resource and dimension), without those
    keys, which they repeat, nor `dropped`: what changes without a configuration change."""
    found: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for item in items:
        kept = {
            key: value
            for key, value in without(item, *keys, *dropped).items()
            if value not in (None, [], {})  # moto's and AWS's empty leftovers; 0 is kept
        }
        found.setdefault(tuple(item[key] for key in keys), []).append(kept)
    return found


def by_name(items: list[dict[str, Any]] | None, key: str) -> list[dict[str, Any]]:
    """A group's or a target's policies or scheduled actions, in the order of their names."""
    return sorted(items or (), key=lambda item: item[key])


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
