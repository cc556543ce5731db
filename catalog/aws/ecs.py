"""ECS: clusters, services and task definitions; environment variable names only.

Properties keep the ECS API's camelCase names, so a reference's field is the
path in the stored properties (`loadBalancers[0].targetGroupArn`).

describe_task_definition returns environment variable values: they are dropped
here, at the first place they are seen, and only the names are kept. Secrets
are kept as the ARN they are read from (`valueFrom`), never as a value.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeVar

from catalog.aws.ec2 import SECURITY_GROUP, SUBNET
from catalog.aws.ecr import REPOSITORY
from catalog.aws.elbv2 import TARGET_GROUP
from catalog.aws.iam import ROLE
from catalog.aws.logs import LOG_GROUP
from catalog.aws.secretsmanager import SECRET
from catalog.aws.spec import ResourceType, Scope, pages, without
from catalog.model import Observation, Reference, canonical_json

CLUSTER = "AWS::ECS::Cluster"
SERVICE = "AWS::ECS::Service"
TASK_DEFINITION = "AWS::ECS::TaskDefinition"
CLASSIC_LOAD_BALANCER = "AWS::ElasticLoadBalancing::LoadBalancer"
PARAMETER = "AWS::SSM::Parameter"
FILE_SYSTEM = "AWS::EFS::FileSystem"
DISCOVERY_SERVICE = "AWS::ServiceDiscovery::Service"

# The batch sizes of describe_clusters and describe_services.
CLUSTERS_PER_CALL = 100
SERVICES_PER_CALL = 10

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
# The uid, the registration bookkeeping, and what ECS derives from the definition itself.
TASK_DEFINITION_DROPPED = (
    "taskDefinitionArn",
    "status",
    "registeredAt",
    "registeredBy",
    "deregisteredAt",
    "requiresAttributes",
    "compatibilities",
)
# Lists inside a container definition whose order means nothing.
CONTAINER_SETS = (
    "portMappings",
    "mountPoints",
    "volumesFrom",
    "ulimits",
    "dependsOn",
    "extraHosts",
    "systemControls",
    "environmentFiles",
    "resourceRequirements",
)


def sorted_items(items: Iterable[Any] | None) -> list[Any]:
    """A list AWS treats as a set, in a stable order."""
    return sorted(items or (), key=canonical_json)


def ecs_tags(tags: Iterable[Mapping[str, str]] | None) -> dict[str, str]:
    """ECS spells tags [{"key": k, "value": v}], unlike most services."""
    return {tag["key"]: tag.get("value", "") for tag in tags or ()}


Item = TypeVar("Item")


def chunks(items: list[Item], size: int) -> Iterator[list[Item]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def cluster_arns(ecs: Any) -> list[str]:
    return list(pages(ecs, "list_clusters", "clusterArns"))


def describe_clusters(ecs: Any, arns: list[str]) -> Iterator[dict[str, Any]]:
    for batch in chunks(arns, CLUSTERS_PER_CALL):
        include = ["SETTINGS", "TAGS", "CONFIGURATIONS"]
        yield from ecs.describe_clusters(clusters=batch, include=include).get("clusters", ())


def collect_clusters(scope: Scope) -> Iterator[Observation]:
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
        yield scope.observation(
            uid=cluster["clusterArn"],
            type=CLUSTER,
            name=cluster["clusterName"],
            tags=ecs_tags(cluster.get("tags")),
            properties=properties,
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


def service_references(scope: Scope, properties: dict[str, Any]) -> list[Reference]:
    references = [
        Reference("clusterArn", properties["clusterArn"], "runs-in", CLUSTER),
        Reference("taskDefinition", properties["taskDefinition"], "runs", TASK_DEFINITION),
    ]
    for index, balancer in enumerate(properties["loadBalancers"]):
        if balancer.get("targetGroupArn"):
            field = f"loadBalancers[{index}].targetGroupArn"
            references.append(Reference(field, balancer["targetGroupArn"], "traffic", TARGET_GROUP))
        elif balancer.get("loadBalancerName"):
            field = f"loadBalancers[{index}].loadBalancerName"
            target = scope.uid(CLASSIC_LOAD_BALANCER, balancer["loadBalancerName"])
            references.append(Reference(field, target, "traffic", CLASSIC_LOAD_BALANCER))
    network = (properties["networkConfiguration"] or {}).get("awsvpcConfiguration", {})
    path = "networkConfiguration.awsvpcConfiguration"
    for key, type_name in (("subnets", SUBNET), ("securityGroups", SECURITY_GROUP)):
        for index, resource_id in enumerate(network.get(key, ())):
            field = f"{path}.{key}[{index}]"
            references.append(
                Reference(field, scope.uid(type_name, resource_id), "network", type_name)
            )
    for index, registry in enumerate(properties["serviceRegistries"]):
        if registry.get("registryArn"):
            field = f"serviceRegistries[{index}].registryArn"
            references.append(
                Reference(field, registry["registryArn"], "attached-to", DISCOVERY_SERVICE)
            )
    if properties.get("roleArn"):
        references.append(Reference("roleArn", properties["roleArn"], "assumes", ROLE))
    return references


def describe_services(scope: Scope, ecs: Any, cluster: str) -> Iterator[dict[str, Any]]:
    arns = list(pages(ecs, "list_services", "serviceArns", cluster=cluster))

    def describe(batch: list[str]) -> list[dict[str, Any]]:
        described = ecs.describe_services(cluster=cluster, services=batch, include=["TAGS"])
        return described.get("services", [])

    for services in scope.map(describe, list(chunks(arns, SERVICES_PER_CALL))):
        yield from services


def service_observation(scope: Scope, service: dict[str, Any], cluster: str) -> Observation:
    """A service as describe_services returns it, without its rollout history and counters."""
    properties = without(service, *SERVICE_DROPPED)
    properties["clusterArn"] = service.get("clusterArn") or cluster
    properties["loadBalancers"] = sorted_items(service.get("loadBalancers"))
    properties["serviceRegistries"] = sorted_items(service.get("serviceRegistries"))
    properties["capacityProviderStrategy"] = sorted_items(service.get("capacityProviderStrategy"))
    properties["networkConfiguration"] = network_configuration(service)
    references = service_references(scope, properties)
    return scope.observation(
        uid=service["serviceArn"],
        type=SERVICE,
        name=service["serviceName"],
        tags=ecs_tags(service.get("tags")),
        properties=properties,
        references=references,
    )


def collect_services(scope: Scope) -> Iterator[Observation]:
    ecs = scope.client("ecs")
    for cluster in cluster_arns(ecs):
        for service in describe_services(scope, ecs, cluster):
            if service.get("status") == "INACTIVE":
                continue  # deleted services stay visible for a while
            yield service_observation(scope, service, cluster)


def named_values(items: Iterable[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Secrets as {name, valueFrom} by name: valueFrom is where the value is, never the value."""
    return sorted(
        ({"name": item["name"], "valueFrom": item["valueFrom"]} for item in items or ()),
        key=lambda item: item["name"],
    )


def log_configuration(configuration: dict[str, Any] | None) -> dict[str, Any] | None:
    if not configuration:
        return None
    return {**configuration, "secretOptions": named_values(configuration.get("secretOptions"))}


def container_definition(container: dict[str, Any]) -> dict[str, Any]:
    """A container with its environment reduced to names; the values are never read further."""
    properties = without(container, "environment", "secrets", "logConfiguration")
    properties["environmentNames"] = sorted(
        variable["name"] for variable in container.get("environment", ())
    )
    properties["secrets"] = named_values(container.get("secrets"))
    properties["logConfiguration"] = log_configuration(container.get("logConfiguration"))
    for key in CONTAINER_SETS:
        if key in properties:
            properties[key] = sorted_items(properties[key])
    return properties


def secret_reference(scope: Scope, field: str, value_from: str) -> Reference:
    """Where a secret is read from: a Secrets Manager secret or an SSM parameter.

    A Secrets Manager valueFrom may name a JSON key and version after the ARN
    (`...:secret:name-AbCdEf:password::`); the secret itself is the first seven parts.
    """
    if value_from.startswith("arn:") and ":secretsmanager:" in value_from:
        return Reference(field, ":".join(value_from.split(":")[:7]), "secret", SECRET)
    if value_from.startswith("arn:"):
        return Reference(field, value_from, "secret", PARAMETER)
    # A bare parameter name lives in the task's own region and account.
    name = value_from if value_from.startswith("/") else f"/{value_from}"
    arn = f"arn:aws:ssm:{scope.region}:{scope.account}:parameter{name}"
    return Reference(field, arn, "secret", PARAMETER)


def log_reference(scope: Scope, field: str, configuration: dict[str, Any]) -> list[Reference]:
    options = configuration.get("options") or {}
    if configuration.get("logDriver") != "awslogs" or not options.get("awslogs-group"):
        return []
    # The group may live in another region than the task (awslogs-region).
    region = options.get("awslogs-region") or scope.region
    arn = f"arn:aws:logs:{region}:{scope.account}:log-group:{options['awslogs-group']}"
    return [Reference(f"{field}.options.awslogs-group", arn, "logs", LOG_GROUP)]


def repository_reference(field: str, image: str | None) -> list[Reference]:
    """An ECR image (`ACCOUNT.dkr.ecr.REGION.amazonaws.com/name[:tag or @digest]`) -> its repo."""
    host, _, path = (image or "").partition("/")
    parts = host.split(".")
    if len(parts) < 6 or parts[1:3] != ["dkr", "ecr"] or not path:
        return []
    account, region = parts[0], parts[3]
    name = path.split("@", 1)[0].rsplit(":", 1)[0]  # without the digest or the tag
    arn = f"arn:aws:ecr:{region}:{account}:repository/{name}"
    return [Reference(field, arn, "image", REPOSITORY)]


def container_references(
    scope: Scope, index: int, container: dict[str, Any]
) -> Iterator[Reference]:
    prefix = f"containerDefinitions[{index}]"
    yield from repository_reference(f"{prefix}.image", container.get("image"))
    for position, secret in enumerate(container["secrets"]):
        yield secret_reference(
            scope, f"{prefix}.secrets[{position}].valueFrom", secret["valueFrom"]
        )
    configuration = container["logConfiguration"]
    if configuration:
        yield from log_reference(scope, f"{prefix}.logConfiguration", configuration)
        for position, secret in enumerate(configuration["secretOptions"]):
            field = f"{prefix}.logConfiguration.secretOptions[{position}].valueFrom"
            yield secret_reference(scope, field, secret["valueFrom"])
    credentials = (container.get("repositoryCredentials") or {}).get("credentialsParameter")
    if credentials:
        field = f"{prefix}.repositoryCredentials.credentialsParameter"
        yield secret_reference(scope, field, credentials)


def task_definition_references(scope: Scope, properties: dict[str, Any]) -> list[Reference]:
    references = [
        Reference(key, properties[key], "assumes", ROLE)
        for key in ("taskRoleArn", "executionRoleArn")
        if properties.get(key)
    ]
    for index, container in enumerate(properties["containerDefinitions"]):
        references += container_references(scope, index, container)
    for index, volume in enumerate(properties["volumes"]):
        file_system = (volume.get("efsVolumeConfiguration") or {}).get("fileSystemId")
        if file_system:
            field = f"volumes[{index}].efsVolumeConfiguration.fileSystemId"
            target = scope.uid(FILE_SYSTEM, file_system)
            references.append(Reference(field, target, "attached-to", FILE_SYSTEM))
    return references


def describe_task_definition(ecs: Any, arn: str) -> dict[str, Any]:
    # No batch form exists: one call per definition, run on the scope's pool.
    return ecs.describe_task_definition(taskDefinition=arn, include=["TAGS"])


def collect_task_definitions(scope: Scope) -> Iterator[Observation]:
    ecs = scope.client("ecs")
    # Inactive (deregistered) revisions are history, not configuration.
    arns = list(pages(ecs, "list_task_definitions", "taskDefinitionArns", status="ACTIVE"))
    for described in scope.map(lambda arn: describe_task_definition(ecs, arn), arns):
        definition = described["taskDefinition"]
        properties = without(definition, *TASK_DEFINITION_DROPPED)
        # Containers are known by name; their order in the API means nothing.
        properties["containerDefinitions"] = sorted(
            (container_definition(c) for c in definition.get("containerDefinitions", ())),
            key=lambda container: container["name"],
        )
        properties["volumes"] = sorted(
            definition.get("volumes", ()), key=lambda volume: volume.get("name", "")
        )
        properties["requiresCompatibilities"] = sorted(
            definition.get("requiresCompatibilities", ())
        )
        properties["placementConstraints"] = sorted_items(definition.get("placementConstraints"))
        references = task_definition_references(scope, properties)
        yield scope.observation(
            uid=definition["taskDefinitionArn"],
            type=TASK_DEFINITION,
            name=f"{definition['family']}:{definition['revision']}",
            tags=ecs_tags(described.get("tags")),
            properties=properties,
            references=references,
        )


TYPES = [
    ResourceType(CLUSTER, "ecs", collect_clusters),
    ResourceType(SERVICE, "ecs", collect_services),
    ResourceType(TASK_DEFINITION, "ecs", collect_task_definitions),
]
