"""AWS::ECR::ReplicationConfiguration: where the registry copies its images.

Replication is a registry setting (one per account and region), and CloudFormation
models it as AWS::ECR::ReplicationConfiguration. Storing it on every repository
would make one change to it a new version of every repository; as its own
resource it changes once, and a registry without replication has none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog.aws.ecr import REPLICATION
from catalog.aws.spec import Described, ResourceType, Scope
from catalog.drift.shape import StateShape
from catalog.model import canonical_json
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block


def normalized_replication_rules(rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Destinations and filters are sets; rule order is kept (AWS applies the first match)."""
    return [
        {
            **rule,
            "destinations": sorted(rule.get("destinations", ()), key=canonical_json),
            "repositoryFilters": sorted(rule.get("repositoryFilters", ()), key=canonical_json),
        }
        for rule in rules
    ]


def read(scope: Scope) -> Iterator[Described]:
    registry = scope.client("ecr").describe_registry()
    rules = (registry.get("replicationConfiguration") or {}).get("rules", [])
    if not rules:
        return
    registry_id = registry["registryId"]
    yield Described(
        uid=scope.uid(REPLICATION, registry_id),
        name=f"{registry_id} replication",
        properties={"RegistryId": registry_id, "Rules": normalized_replication_rules(rules)},
    )


def emit(ctx: Emit) -> list[Block]:
    """The registry's rules, replicating from the region restored into; a destination
    that is that region itself (the same registry) is left out, which ECR refuses."""
    restored_in = ctx.plan.target.region or ctx.plan.source_region
    own = ctx.properties["RegistryId"]
    rules = []
    for rule in ctx.properties["Rules"]:
        destinations = [
            Block(
                "destination",
                attributes={
                    "region": destination["region"],
                    "registry_id": ctx.plan.retarget.string(destination["registryId"]),
                },
            )
            for destination in rule["destinations"]
            if (destination["region"], destination["registryId"]) != (restored_in, own)
        ]
        filters = [
            Block(
                "repository_filter",
                attributes={"filter": item["filter"], "filter_type": item["filterType"]},
            )
            for item in rule["repositoryFilters"]
        ]
        if destinations:
            rules.append(Block("rule", blocks=[*destinations, *filters]))
    if not rules:
        return []
    return [
        ctx.resource(
            "aws_ecr_replication_configuration",
            {},
            [Block("replication_configuration", blocks=rules)],
            adopt=own,
        )
    ]


TYPE = ResourceType(
    REPLICATION,
    "ecr",
    read,
    iam_actions=("ecr:DescribeRegistry",),
    terraform=TerraformType(
        "aws_ecr_replication_configuration",
        Stage.DATA,
        emit,
        shapes=(
            StateShape(
                "aws_ecr_replication_configuration",
                noun="registry replication",
                has_arn=False,
            ),
        ),
    ),
)
