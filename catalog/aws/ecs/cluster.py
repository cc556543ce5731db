"""AWS::ECS::Cluster: where services run, with its settings and capacity providers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog.aws.ecs import CLUSTER, chunks, cluster_arns, described, sorted_items
from catalog.aws.spec import Described, ResourceType, Scope, without
from catalog.drift.shape import StateShape, attributes_key
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block
from catalog.restore.renaming import NameScope, Naming

NAME = Naming(NameScope.REGION, 255)
# The batch size of describe_clusters.
CLUSTERS_PER_CALL = 100

# Counters and status summaries move with every task start, not with a configuration change.
CLUSTER_DROPPED = (
    "clusterArn",
    "tags",
    "runningTasksCount",
    "pendingTasksCount",
    "activeServicesCount",
    "registeredContainerInstancesCount",
    "statistics",
    "attachments",
    "attachmentsStatus",
)


def describe_clusters(ecs: Any, arns: list[str]) -> Iterator[dict[str, Any]]:
    for batch in chunks(arns, CLUSTERS_PER_CALL):
        include = ["SETTINGS", "TAGS", "CONFIGURATIONS"]
        yield from ecs.describe_clusters(clusters=batch, include=include).get("clusters", ())


def read(scope: Scope) -> Iterator[Described]:
    ecs = scope.client("ecs")
    for cluster in describe_clusters(ecs, cluster_arns(ecs)):
        if cluster.get("status") == "INACTIVE":
            continue  # deleted clusters stay visible for a while
        properties = without(cluster, *CLUSTER_DROPPED)
        properties["settings"] = sorted_items(cluster.get("settings"))
        properties["capacityProviders"] = sorted(cluster.get("capacityProviders", ()))
        properties["defaultCapacityProviderStrategy"] = sorted_items(
            cluster.get("defaultCapacityProviderStrategy")
        )
        yield described(cluster, "cluster", properties)


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    settings = [
        Block("setting", attributes={"name": item["name"], "value": item["value"]})
        for item in p.get("settings", ())
    ]
    name = p["clusterName"]
    blocks = [
        ctx.resource(
            "aws_ecs_cluster", {"name": ctx.name(name, NAME), **ctx.tags()}, settings, adopt=name
        )
    ]
    if p.get("capacityProviders"):
        blocks.append(
            ctx.resource(
                "aws_ecs_cluster_capacity_providers",
                {
                    "cluster_name": ctx.ref_self("name"),
                    "capacity_providers": sorted(p["capacityProviders"]),
                },
                part="capacity_providers",
                adopt=name,
            )
        )
    return blocks


TYPE = ResourceType(
    CLUSTER,
    "ecs",
    read,
    iam_actions=("ecs:ListClusters", "ecs:DescribeClusters"),
    terraform=TerraformType(
        "aws_ecs_cluster",
        Stage.COMPUTE,
        emit,
        ("clusterName",),
        shapes=(
            StateShape(
                "aws_ecs_cluster", key=attributes_key("name"), id_attribute="arn", noun="cluster"
            ),
            StateShape(
                "aws_ecs_cluster_capacity_providers",
                parent="cluster_name",
                noun="capacity providers",
            ),
        ),
        outputs=(("name", "ECS cluster"),),
    ),
)
