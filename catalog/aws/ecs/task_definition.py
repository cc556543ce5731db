"""AWS::ECS::TaskDefinition: the containers a service runs, with what they read.

describe_task_definition returns environment variable values: each is kept unless it
is secret (catalog/aws/env_values.py), at the first place it is seen; a secret one keeps
its name, why it is secret and a digest, never the value. With `--env-values none`,
names only. Secrets are kept as the ARN they are read from (`valueFrom`), never as a
value.

As Terraform, container definitions keep the API's shape (Terraform takes it as
JSON), with what would pin them to the source rewritten: secrets and log groups
become references, the log region `var.region`, images of a restored ECR repository
its URL with the same tag or digest (others variables that default to the pinned image:
another region needs a replicated repository), a kept environment value itself
(`ctx.value`, which rewrites what it names of the source), and an environment value
Cairn did not keep (a secret, a names-only crawl, a snapshot of before values were kept:
`environmentNames`) a sensitive variable.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from catalog.aws.ecr import REPOSITORY
from catalog.aws.ecs import TASK_DEFINITION, ecs_tags, sorted_items
from catalog.aws.efs import FILE_SYSTEM
from catalog.aws.env_values import CAMEL, EnvValues, environment
from catalog.aws.iam import ROLE
from catalog.aws.logs import LOG_GROUP, log_group_arn
from catalog.aws.secretsmanager import SECRET
from catalog.aws.spec import Described, Found, Ref, ResourceType, Scope, by_id, pages, without
from catalog.aws.ssm import PARAMETER, parameter_arn
from catalog.drift.shape import StateShape, attributes_key
from catalog.restore.emit import Emit, Purpose, Stage, TerraformType
from catalog.restore.environment import restored_value
from catalog.restore.hcl import Block, Expr, quote
from catalog.restore.renaming import NameScope, Naming

FAMILY = Naming(NameScope.REGION, 255)


def secret_arn(value_from: str) -> str:
    """A Secrets Manager valueFrom may name a JSON key and version after the ARN
    (`...:secret:name-AbCdEf:password::`); the secret itself is the first seven parts."""
    return ":".join(value_from.split(":")[:7])


def in_secrets_manager(found: Found) -> str | None:
    value_from = found.value
    if value_from.startswith("arn:") and ":secretsmanager:" in value_from:
        return secret_arn(value_from)
    return None


def in_parameter_store(found: Found) -> str | None:
    """Any other valueFrom names an SSM parameter, by ARN or by name."""
    value_from = found.value
    if not value_from:
        return None
    if value_from.startswith("arn:"):
        return str(value_from)
    # A bare parameter name lives in the task's own region and account.
    return parameter_arn(found.scope, value_from)


def read_from(path: str) -> tuple[Ref, Ref]:
    """Where a secret is read from: a Secrets Manager secret, else an SSM parameter.
    Both declarations share the path (either finds the field's reference)."""
    return (
        Ref(path, SECRET, "secret", in_secrets_manager),
        Ref(path, PARAMETER, "secret", in_parameter_store),
    )


def image_version(image: str) -> str:
    """What follows the repository in an image: `:tag`, `@digest`, or nothing."""
    path = image.partition("/")[2]
    name = path.split("@", 1)[0].rsplit(":", 1)[0]
    return path[len(name) :]


def ecr_registry(image: str) -> tuple[str, str] | None:
    """The account and region of an ECR image's registry
    (`ACCOUNT.dkr.ecr.REGION.amazonaws.com/name[:tag or @digest]`); None for other images."""
    host, _, path = image.partition("/")
    parts = host.split(".")
    if len(parts) < 6 or parts[1:3] != ["dkr", "ecr"] or not path:
        return None
    return parts[0], parts[3]


def images(properties: Mapping[str, Any]) -> list[str]:
    """The images the task's containers run."""
    return sorted(
        {c["image"] for c in properties.get("containerDefinitions") or () if c.get("image")}
    )


def repository(found: Found) -> str | None:
    """An ECR image -> its repository's ARN."""
    registry = ecr_registry(found.value or "")
    if registry is None:
        return None
    account, region = registry
    path = found.value.partition("/")[2]
    name = path.removesuffix(image_version(found.value))  # without the digest or the tag
    return f"arn:aws:ecr:{region}:{account}:repository/{name}"


def awslogs_group(found: Found) -> str | None:
    """The log group of an awslogs container; the driver sits beside the options the
    path reaches, so the read lists the options of the awslogs containers."""
    options = found.holder
    if not found.value or not any(options is kept for kept in found.context["awslogs"]):
        return None
    # The group may live in another region than the task (awslogs-region).
    region = options.get("awslogs-region") or found.scope.region
    return log_group_arn(replace(found.scope, region=region), found.value)


TASK_ROLE = Ref("taskRoleArn", ROLE, "assumes")
EXECUTION_ROLE = Ref("executionRoleArn", ROLE, "assumes")
IMAGE = Ref("containerDefinitions[*].image", REPOSITORY, "image", repository)
SECRETS = read_from("containerDefinitions[*].secrets[*].valueFrom")
LOGS = Ref(
    "containerDefinitions[*].logConfiguration.options.awslogs-group",
    LOG_GROUP,
    "logs",
    awslogs_group,
)
LOG_SECRETS = read_from("containerDefinitions[*].logConfiguration.secretOptions[*].valueFrom")
CREDENTIALS = read_from("containerDefinitions[*].repositoryCredentials.credentialsParameter")
VOLUMES = Ref("volumes[*].efsVolumeConfiguration.fileSystemId", FILE_SYSTEM, "attached-to", by_id)

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


def container_definition(container: dict[str, Any], env_values: EnvValues) -> dict[str, Any]:
    """A container with its environment kept unless secret; a secret value is dropped here."""
    properties = without(container, "environment", "secrets", "logConfiguration")
    variables = {item["name"]: item.get("value", "") for item in container.get("environment", ())}
    properties["environment"] = environment(variables, CAMEL, env_values)
    properties["secrets"] = named_values(container.get("secrets"))
    properties["logConfiguration"] = log_configuration(container.get("logConfiguration"))
    for key in CONTAINER_SETS:
        if key in properties:
            properties[key] = sorted_items(properties[key])
    return properties


def awslogs_options(containers: list[dict[str, Any]]) -> list[Any]:
    """The log options of the containers that log with the awslogs driver."""
    configurations = (container["logConfiguration"] or {} for container in containers)
    return [
        configuration.get("options")
        for configuration in configurations
        if configuration.get("logDriver") == "awslogs"
    ]


def describe_task_definition(ecs: Any, arn: str) -> dict[str, Any]:
    # No batch form exists: one call per definition, run on the scope's pool.
    return ecs.describe_task_definition(taskDefinition=arn, include=["TAGS"])


def read(scope: Scope) -> Iterator[Described]:
    ecs = scope.client("ecs")
    # Inactive (deregistered) revisions are history, not configuration.
    arns = list(pages(ecs, "list_task_definitions", "taskDefinitionArns", status="ACTIVE"))
    for described in scope.map(lambda arn: describe_task_definition(ecs, arn), arns):
        definition = described["taskDefinition"]
        properties = without(definition, *TASK_DEFINITION_DROPPED)
        # Containers are known by name; their order in the API means nothing.
        properties["containerDefinitions"] = sorted(
            (
                container_definition(c, scope.env_values)
                for c in definition.get("containerDefinitions", ())
            ),
            key=lambda container: container["name"],
        )
        properties["volumes"] = sorted(
            definition.get("volumes", ()), key=lambda volume: volume.get("name", "")
        )
        properties["requiresCompatibilities"] = sorted(
            definition.get("requiresCompatibilities", ())
        )
        properties["placementConstraints"] = sorted_items(definition.get("placementConstraints"))
        yield Described(
            uid=definition["taskDefinitionArn"],
            name=f"{definition['family']}:{definition['revision']}",
            properties=properties,
            tags=ecs_tags(described.get("tags")),
            context={"awslogs": awslogs_options(properties["containerDefinitions"])},
        )


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    containers = [
        _container(ctx, index, container)
        for index, container in enumerate(p.get("containerDefinitions", ()))
    ]
    return [
        ctx.resource(
            "aws_ecs_task_definition",
            {
                "family": ctx.name(p["family"], FAMILY),
                "cpu": p.get("cpu"),
                "memory": p.get("memory"),
                "network_mode": p.get("networkMode"),
                "requires_compatibilities": p.get("requiresCompatibilities") or None,
                "execution_role_arn": ctx.ref(EXECUTION_ROLE, attribute="arn"),
                "task_role_arn": ctx.ref(TASK_ROLE, attribute="arn"),
                "container_definitions": ctx.json(containers),
                **ctx.tags(),
            },
            adopt=ctx.asset.uid,
        )
    ]


def _container(ctx: Emit, index: int, container: dict[str, Any]) -> dict[str, Any]:
    name = container.get("name", str(index))
    rewritten = {
        key: value
        for key, value in container.items()
        if key not in ("environmentNames", "secrets", "image", "logConfiguration")
    }
    rewritten["image"] = _image(ctx, index, name, container["image"])
    # A snapshot taken before values were kept holds the names alone.
    kept = container.get("environment") or [
        {"name": variable} for variable in container.get("environmentNames", ())
    ]
    rewritten["environment"] = [
        {
            "name": variable["name"],
            "value": restored_value(
                ctx,
                f"containerDefinitions[{index}].environment[{position}].value",
                variable,
                CAMEL,
                f"{name}_{variable['name']}",
                f"container {name}",
            ),
        }
        for position, variable in enumerate(kept)
    ]
    rewritten["secrets"] = [
        {"name": item["name"], "valueFrom": _value_from(ctx, index, position, item)}
        for position, item in enumerate(container.get("secrets", ()))
    ]
    if container.get("logConfiguration"):
        rewritten["logConfiguration"] = _logging(ctx, index, container["logConfiguration"])
    return {key: rewritten[key] for key in sorted(rewritten)}


def _image(ctx: Emit, index: int, name: str, image: str) -> Any:
    """The image in the restored repository, where the plan restores it (the runbook says
    how to push or replicate its images there); else a variable defaulting to the source."""
    url = ctx.ref(IMAGE, index, attribute="repository_url") if ctx.in_plan(IMAGE, index) else None
    if url is not None:
        return Expr(f'"${{{url.text}}}{quote(image_version(image))[1:-1]}"')
    return ctx.variable(
        f"{name}_image",
        f"Image of container {name}, pinned by digest; in another region, a replica of it.",
        default=image,
        purpose=Purpose.ARTIFACT,
    )


def _value_from(ctx: Emit, index: int, position: int, item: dict[str, Any]) -> Any:
    """The secret's ARN as a reference, keeping the JSON-key suffix (`:key::`) it had."""
    value_from = item["valueFrom"]
    arn = ctx.ref(SECRETS[0], index, position, attribute="arn")
    if arn is None:
        return value_from
    suffix = value_from[len(secret_arn(value_from)) :]
    return Expr(f'"${{{arn.text}}}{quote(suffix)[1:-1]}"') if suffix else arn


def _logging(ctx: Emit, index: int, configuration: dict[str, Any]) -> dict[str, Any]:
    options = dict(configuration.get("options") or {})
    group = ctx.ref(LOGS, index, attribute="name")
    if group is not None:
        options["awslogs-group"] = group
    if "awslogs-region" in options:
        options["awslogs-region"] = Expr("var.region")
    return {**configuration, "options": options}


TYPE = ResourceType(
    TASK_DEFINITION,
    "ecs",
    read,
    references=(
        TASK_ROLE,
        EXECUTION_ROLE,
        IMAGE,
        *SECRETS,
        LOGS,
        *LOG_SECRETS,
        *CREDENTIALS,
        VOLUMES,
    ),
    iam_actions=("ecs:ListTaskDefinitions", "ecs:DescribeTaskDefinition"),
    terraform=TerraformType(
        "aws_ecs_task_definition",
        Stage.COMPUTE,
        emit,
        ("family",),
        # The provider's id is the family; a revision is known by its ARN.
        shapes=(
            StateShape(
                "aws_ecs_task_definition",
                schema_version=1,
                key=attributes_key("arn"),
                id_attribute="family",
                noun="task definition",
            ),
        ),
    ),
    values=("containerDefinitions[*].environment[*].value",),
)
