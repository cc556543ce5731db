"""AWS::ECS::Service: a task definition kept running in a cluster, behind its load balancers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog.aws.ec2 import SECURITY_GROUP, SUBNET
from catalog.aws.ecs import (
    CLUSTER,
    SERVICE,
    TASK_DEFINITION,
    chunks,
    cluster_arns,
    described,
    sorted_items,
)
from catalog.aws.elb import CLASSIC_LOAD_BALANCER
from catalog.aws.elbv2 import TARGET_GROUP
from catalog.aws.iam import ROLE
from catalog.aws.servicediscovery import DISCOVERY_SERVICE
from catalog.aws.spec import Described, Found, Ref, ResourceType, Scope, by_id, pages, without
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block
from catalog.restore.renaming import NameScope, Naming

NAME = Naming(NameScope.REGION, 255)  # unique per cluster


def classic_load_balancer(found: Found) -> str | None:
    """A classic load balancer, known by name, where the entry names no target group."""
    return None if found.holder.get("targetGroupArn") else by_id(found)


IN_CLUSTER = Ref("clusterArn", CLUSTER, "runs-in")
RUNS = Ref("taskDefinition", TASK_DEFINITION, "runs")
TARGET_GROUPS = Ref("loadBalancers[*].targetGroupArn", TARGET_GROUP, "traffic")
CLASSIC_LOAD_BALANCERS = Ref(
    "loadBalancers[*].loadBalancerName", CLASSIC_LOAD_BALANCER, "traffic", classic_load_balancer
)
NETWORK = "networkConfiguration.awsvpcConfiguration"
SUBNETS = Ref(f"{NETWORK}.subnets[*]", SUBNET, "network", by_id)
SECURITY_GROUPS = Ref(f"{NETWORK}.securityGroups[*]", SECURITY_GROUP, "network", by_id)
REGISTRIES = Ref("serviceRegistries[*].registryArn", DISCOVERY_SERVICE, "attached-to")
SERVICE_ROLE = Ref("roleArn", ROLE, "assumes")

# The batch size of describe_services.
SERVICES_PER_CALL = 10

# Deployments and events are the history of rollouts (counts, timestamps, states); the
# configuration they roll out is already in the service itself.
SERVICE_DROPPED = (
    "serviceArn",
    "tags",
    "runningCount",
    "pendingCount",
    "events",
    "deployments",
    "taskSets",
    "createdAt",
    "createdBy",
    "currentServiceDeployment",
    "currentServiceRevisions",
)


def network_configuration(service: dict[str, Any]) -> dict[str, Any] | None:
    network = (service.get("networkConfiguration") or {}).get("awsvpcConfiguration")
    if not network:
        return None
    return {
        "awsvpcConfiguration": {
            **network,
            "subnets": sorted(network.get("subnets", ())),
            "securityGroups": sorted(network.get("securityGroups", ())),
        }
    }


def describe_services(scope: Scope, ecs: Any, cluster: str) -> Iterator[dict[str, Any]]:
    arns = list(pages(ecs, "list_services", "serviceArns", cluster=cluster))

    def describe(batch: list[str]) -> list[dict[str, Any]]:
        described = ecs.describe_services(cluster=cluster, services=batch, include=["TAGS"])
        return described.get("services", [])

    for services in scope.map(describe, list(chunks(arns, SERVICES_PER_CALL))):
        yield from services


def convert(service: dict[str, Any], cluster: str) -> Described:
    """A service as describe_services returns it, without its rollout history and counters."""
    properties = without(service, *SERVICE_DROPPED)
    properties["clusterArn"] = service.get("clusterArn") or cluster
    properties["loadBalancers"] = sorted_items(service.get("loadBalancers"))
    properties["serviceRegistries"] = sorted_items(service.get("serviceRegistries"))
    properties["capacityProviderStrategy"] = sorted_items(service.get("capacityProviderStrategy"))
    properties["networkConfiguration"] = network_configuration(service)
    return described(service, "service", properties)


def read(scope: Scope) -> Iterator[Described]:
    ecs = scope.client("ecs")
    for cluster in cluster_arns(ecs):
        for service in describe_services(scope, ecs, cluster):
            if service.get("status") == "INACTIVE":
                continue  # deleted services stay visible for a while
            yield convert(service, cluster)


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    blocks: list[Block] = []
    network = (p.get("networkConfiguration") or {}).get("awsvpcConfiguration")
    if network:
        blocks.append(
            Block(
                "network_configuration",
                attributes={
                    "subnets": ctx.refs(SUBNETS),
                    "security_groups": ctx.refs(SECURITY_GROUPS),
                    "assign_public_ip": network.get("assignPublicIp") == "ENABLED",
                },
            )
        )
    for index, balancer in enumerate(p.get("loadBalancers", ())):
        blocks.append(
            Block(
                "load_balancer",
                attributes={
                    "target_group_arn": ctx.ref(TARGET_GROUPS, index, attribute="arn"),
                    "container_name": balancer.get("containerName"),
                    "container_port": balancer.get("containerPort"),
                },
            )
        )
    controller = (p.get("deploymentController") or {}).get("type")
    if controller:
        blocks.append(Block("deployment_controller", attributes={"type": controller}))
    return [
        ctx.resource(
            "aws_ecs_service",
            {
                "name": ctx.name(p["serviceName"], NAME),
                "cluster": ctx.ref(IN_CLUSTER),
                "task_definition": ctx.ref(RUNS, attribute="arn"),
                "desired_count": p.get("desiredCount"),
                "launch_type": p.get("launchType"),
                "scheduling_strategy": p.get("schedulingStrategy"),
                "propagate_tags": p.get("propagateTags"),
                **ctx.tags(),
            },
            blocks,
            adopt=f"{p['clusterArn'].rsplit('/', 1)[-1]}/{p['serviceName']}",
        )
    ]


def service_key(attributes: dict[str, Any]) -> str | None:
    """A service's import ID, `CLUSTER_NAME/SERVICE`, from its state attributes."""
    cluster, name = attributes.get("cluster"), attributes.get("name")
    return f"{str(cluster).rsplit('/', 1)[-1]}/{name}" if cluster and name else None


TYPE = ResourceType(
    SERVICE,
    "ecs",
    read,
    references=(
        IN_CLUSTER,
        RUNS,
        TARGET_GROUPS,
        CLASSIC_LOAD_BALANCERS,
        SUBNETS,
        SECURITY_GROUPS,
        REGISTRIES,
        SERVICE_ROLE,
    ),
    iam_actions=("ecs:ListClusters", "ecs:ListServices", "ecs:DescribeServices"),
    terraform=TerraformType(
        "aws_ecs_service",
        Stage.COMPUTE,
        emit,
        ("serviceName",),
        shapes=(
            StateShape(
                "aws_ecs_service",
                schema_version=1,
                key=service_key,
                id_attribute="arn",
                has_arn=False,
                noun="service",
            ),
        ),
        outputs=(("name", "ECS service"),),
        disposable={"force_delete": True},
    ),
)
