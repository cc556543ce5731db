"""AWS::ECS::Cluster from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.ecs import cluster
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = cluster.TYPE
RECORDING = Path(__file__).with_name("cluster.json")
NAME = "app"


def build() -> None:
    boto3.client("ecs", region_name=REGION).create_cluster(
        clusterName=NAME,
        settings=[{"name": "containerInsights", "value": "enabled"}],
        capacityProviders=["FARGATE_SPOT", "FARGATE"],
        tags=[{"key": "Project", "value": "app-infra"}],
    )


def test_a_cluster_keeps_its_settings_and_capacity_providers_but_no_counters():
    result = roundtrip(DECLARATION, RECORDING)
    observed = result.only()
    assert (observed.name, observed.tags) == (NAME, {"Project": "app-infra"})
    assert observed.uid.endswith(f":cluster/{NAME}")
    assert observed.properties["settings"] == [{"name": "containerInsights", "value": "enabled"}]
    assert observed.properties["capacityProviders"] == ["FARGATE", "FARGATE_SPOT"]
    for counter in ("runningTasksCount", "activeServicesCount", "statistics", "clusterArn"):
        assert counter not in observed.properties
    hcl = result.hcl()
    assert 'resource "aws_ecs_cluster" "app"' in hcl
    assert "cluster_name       = aws_ecs_cluster.app.name" in hcl
    result.assert_clean()
