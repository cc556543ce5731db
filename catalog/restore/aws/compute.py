"""ECS as Terraform: the compute stage.

Container definitions keep the API's shape (Terraform takes it as JSON), with
what would pin them to the source rewritten: secrets and log groups become
references, the log region `var.region`, images variables that default to the
pinned digest (another region needs a replicated repository), and environment
values, which Cairn never stores, sensitive variables.
"""

from __future__ import annotations

from typing import Any

from catalog.aws.ecs import CLUSTER, SERVICE, TASK_DEFINITION
from catalog.drift.shape import StateShape, attributes_key
from catalog.restore.emit import Emit, Stage, legacy_terraform
from catalog.restore.hcl import Block, Expr, quote
from catalog.restore.naming import sanitize


def cluster(ctx: Emit) -> list[Block]:
    p = ctx.properties
    settings = [
        Block("setting", attributes={"name": item["name"], "value": item["value"]})
        for item in p.get("settings", ())
    ]
    name = p["clusterName"]
    blocks = [ctx.resource("aws_ecs_cluster", {"name": name, **ctx.tags()}, settings, adopt=name)]
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


def task_definition(ctx: Emit) -> list[Block]:
    p = ctx.properties
    containers = [
        _container(ctx, index, container)
        for index, container in enumerate(p.get("containerDefinitions", ()))
    ]
    return [
        ctx.resource(
            "aws_ecs_task_definition",
            {
                "family": p["family"],
                "cpu": p.get("cpu"),
                "memory": p.get("memory"),
                "network_mode": p.get("networkMode"),
                "requires_compatibilities": p.get("requiresCompatibilities") or None,
                "execution_role_arn": ctx.ref("executionRoleArn", "arn"),
                "task_role_arn": ctx.ref("taskRoleArn", "arn"),
                "container_definitions": ctx.json(containers),
                **ctx.tags(),
            },
            adopt=ctx.asset.uid,
        )
    ]


def _container(ctx: Emit, index: int, container: dict[str, Any]) -> dict[str, Any]:
    field = f"containerDefinitions[{index}]"
    name = container.get("name", str(index))
    rewritten = {
        key: value
        for key, value in container.items()
        if key not in ("environmentNames", "secrets", "image", "logConfiguration")
    }
    rewritten["image"] = ctx.plan.variable(
        sanitize(f"{ctx.label}_{name}_image"),
        f"Image of container {name}, pinned by digest; in another region, a replica of it.",
        default=container["image"],
    )
    rewritten["environment"] = [
        {
            "name": variable,
            "value": ctx.plan.variable(
                sanitize(f"{ctx.label}_{name}_{variable}"),
                f"Environment variable {variable} of container {name} (values are never "
                "stored by Cairn: take it from your deployment configuration).",
                sensitive=True,
            ),
        }
        for variable in container.get("environmentNames", ())
    ]
    rewritten["secrets"] = [
        {"name": item["name"], "valueFrom": _value_from(ctx, f"{field}.secrets[{position}]", item)}
        for position, item in enumerate(container.get("secrets", ()))
    ]
    if container.get("logConfiguration"):
        rewritten["logConfiguration"] = _logging(ctx, field, container["logConfiguration"])
    return {key: rewritten[key] for key in sorted(rewritten)}


def _value_from(ctx: Emit, field: str, item: dict[str, Any]) -> Any:
    """The secret's ARN as a reference, keeping the JSON-key suffix (`:key::`) it had."""
    value_from = item["valueFrom"]
    arn = ctx.ref(f"{field}.valueFrom", "arn")
    if arn is None:
        return value_from
    base = ":".join(value_from.split(":")[:7])
    suffix = value_from[len(base) :]
    return Expr(f'"${{{arn.text}}}{quote(suffix)[1:-1]}"') if suffix else arn


def _logging(ctx: Emit, field: str, configuration: dict[str, Any]) -> dict[str, Any]:
    options = dict(configuration.get("options") or {})
    group = ctx.ref(f"{field}.logConfiguration.options.awslogs-group", "name")
    if group is not None:
        options["awslogs-group"] = group
    if "awslogs-region" in options:
        options["awslogs-region"] = Expr("var.region")
    return {**configuration, "options": options}


def service(ctx: Emit) -> list[Block]:
    p = ctx.properties
    blocks: list[Block] = []
    network = (p.get("networkConfiguration") or {}).get("awsvpcConfiguration")
    if network:
        prefix = "networkConfiguration.awsvpcConfiguration"
        blocks.append(
            Block(
                "network_configuration",
                attributes={
                    "subnets": ctx.refs(f"{prefix}.subnets"),
                    "security_groups": ctx.refs(f"{prefix}.securityGroups"),
                    "assign_public_ip": network.get("assignPublicIp") == "ENABLED",
                },
            )
        )
    for index, balancer in enumerate(p.get("loadBalancers", ())):
        blocks.append(
            Block(
                "load_balancer",
                attributes={
                    "target_group_arn": ctx.ref(f"loadBalancers[{index}].targetGroupArn", "arn"),
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
                "name": p["serviceName"],
                "cluster": ctx.ref("clusterArn", "id"),
                "task_definition": ctx.ref("taskDefinition", "arn"),
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


TYPES = [
    legacy_terraform(
        CLUSTER,
        "aws_ecs_cluster",
        Stage.COMPUTE,
        cluster,
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
    legacy_terraform(
        TASK_DEFINITION,
        "aws_ecs_task_definition",
        Stage.COMPUTE,
        task_definition,
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
    legacy_terraform(
        SERVICE,
        "aws_ecs_service",
        Stage.COMPUTE,
        service,
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
    ),
]
