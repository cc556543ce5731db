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
from catalog.model import canonical_json


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


TYPE = ResourceType(REPLICATION, "ecr", read, iam_actions=("ecr:DescribeRegistry",))
