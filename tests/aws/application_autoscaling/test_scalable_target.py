"""AWS::ApplicationAutoScaling::ScalableTarget from a recorded crawl (tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.applications import define
from catalog.aws.application_autoscaling import scalable_target
from catalog.aws.dynamodb import TABLE, table
from catalog.aws.ecs import SERVICE, service
from catalog.graph.writer import ingest
from catalog.model import Observation
from catalog.scope import resolve
from tests.aws.dynamodb import test_table
from tests.aws.ecs import test_cluster, test_service
from tests.aws.moto import REGION
from tests.aws.recording import Recording, Replay
from tests.aws.roundtrip import roundtrip

DECLARATION = scalable_target.TYPE
WITH = [service.TYPE, table.TYPE, *test_service.WITH]
RECORDING = Path(__file__).with_name("scalable_target.json")
SERVICE_ID = f"service/{test_cluster.NAME}/app-api"
TASKS = "ecs:service:DesiredCount"


def build() -> None:
    test_service.build()
    test_table.build()
    build_targets()


def build_targets() -> None:
    """Service app-api of cluster app scales on CPU and by steps and shrinks at night; the
    orders table's and its index's read capacity scale too."""
    scaling = boto3.client("application-autoscaling", region_name=REGION)
    for resource, dimension, low, high in (
        (SERVICE_ID, TASKS, 2, 10),
        ("table/orders", "dynamodb:table:ReadCapacityUnits", 5, 50),
        ("table/orders/index/by-status", "dynamodb:index:ReadCapacityUnits", 2, 20),
    ):
        scaling.register_scalable_target(
            ServiceNamespace=dimension.split(":", 1)[0],
            ResourceId=resource,
            ScalableDimension=dimension,
            MinCapacity=low,
            MaxCapacity=high,
        )
    on_service = {"ServiceNamespace": "ecs", "ResourceId": SERVICE_ID, "ScalableDimension": TASKS}
    scaling.put_scaling_policy(
        PolicyName="cpu",
        PolicyType="TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration={
            "TargetValue": 60.0,
            "PredefinedMetricSpecification": {
                "PredefinedMetricType": "ECSServiceAverageCPUUtilization"
            },
            "ScaleInCooldown": 120,
            "ScaleOutCooldown": 60,
        },
        **on_service,
    )
    scaling.put_scaling_policy(
        PolicyName="backlog",
        PolicyType="StepScaling",
        StepScalingPolicyConfiguration={
            "AdjustmentType": "ChangeInCapacity",
            "Cooldown": 60,
            "MetricAggregationType": "Average",
            "StepAdjustments": [{"MetricIntervalLowerBound": 0, "ScalingAdjustment": 2}],
        },
        **on_service,
    )
    scaling.put_scheduled_action(
        ScheduledActionName="nightly",
        Schedule="cron(0 22 * * ? *)",
        Timezone="Europe/Berlin",
        ScalableTargetAction={"MinCapacity": 1, "MaxCapacity": 2},
        **on_service,
    )


def _resource(observations: list[Observation], resource_id: str) -> Observation:
    [found] = [o for o in observations if o.properties["ResourceId"] == resource_id]
    return found


def test_a_service_target_is_part_of_its_service_and_restores_with_its_names():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    api = _resource(result.observations, SERVICE_ID)
    assert (
        api.uid
        == f"aws:123456789012:{REGION}:{scalable_target.SCALABLE_TARGET}:ecs/{SERVICE_ID}/{TASKS}"
    )
    assert (api.properties["MinCapacity"], api.properties["MaxCapacity"]) == (2, 10)
    assert "ScalableTargetARN" not in api.properties and "CreationTime" not in api.properties
    [scales] = api.references
    assert (scales.field, scales.kind, scales.target_type) == ("ResourceId", "scales", SERVICE)
    assert scales.target == f"arn:aws:ecs:{REGION}:123456789012:service/{test_cluster.NAME}/app-api"
    # Part of the service: it comes into the service's application with it.
    assert ("ResourceId", SERVICE) in DECLARATION.part_of
    hcl = result.hcl()
    assert (
        'resource_id        = "service/${aws_ecs_cluster.app.name}/${aws_ecs_service.app_api.name}"'
        in hcl
    )
    result.assert_clean()


def test_table_and_index_targets_follow_the_restored_table_name():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    for resource_id in ("table/orders", "table/orders/index/by-status"):
        [scales] = _resource(result.observations, resource_id).references
        assert (scales.kind, scales.target_type) == ("scales", TABLE)
        assert scales.target == f"arn:aws:dynamodb:{REGION}:123456789012:table/orders"
    hcl = result.hcl()
    assert 'resource_id        = "table/${aws_dynamodb_table.orders.name}"' in hcl
    assert 'resource_id        = "table/${aws_dynamodb_table.orders.name}/index/by-status"' in hcl
    result.assert_clean()


def test_policies_and_scheduled_actions_are_parts_of_their_target():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    p = _resource(result.observations, SERVICE_ID).properties
    assert [policy["PolicyName"] for policy in p["ScalingPolicies"]] == ["backlog", "cpu"]
    for policy in p["ScalingPolicies"]:
        assert not {"PolicyARN", "Alarms", "ResourceId"} & set(policy)
    [nightly] = p["ScheduledActions"]
    assert nightly["ScalableTargetAction"] == {"MinCapacity": 1, "MaxCapacity": 2}
    hcl = result.hcl()
    label = "service_app_app_api_desiredcount"
    assert f'resource "aws_appautoscaling_policy" "{label}_policy_cpu"' in hcl
    assert f"resource_id        = aws_appautoscaling_target.{label}.resource_id" in hcl
    assert 'predefined_metric_type = "ECSServiceAverageCPUUtilization"' in hcl
    assert 'metric_interval_lower_bound = "0"' in hcl
    assert f'resource "aws_appautoscaling_scheduled_action" "{label}_scheduled_nightly"' in hcl
    assert 'min_capacity = "1"' in hcl
    result.assert_clean()


def test_targets_come_into_an_application_with_the_service_and_table_they_scale(store):
    """Targets carry no tags: they are part of what they scale."""
    replay = Replay(Recording.load(RECORDING))
    observations = [o for declared in (DECLARATION, *WITH) for o in replay.observations(declared)]
    at = ingest(store, observations).at
    scope = resolve(store, define("app", ["Project=app-infra"]), at)
    reasons = {asset.uid: asset.reason for asset in scope.assets}
    targets = [o.uid for o in observations if o.type == scalable_target.SCALABLE_TARGET]
    assert len(targets) == 3
    assert {reasons.get(uid) for uid in targets} == {"part"}
