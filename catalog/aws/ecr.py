"""ECR: repositories, and the registry's replication configuration as its own resource.

Replication is a registry setting (one per account and region), and CloudFormation
models it as AWS::ECR::ReplicationConfiguration. Storing it on every repository
would make one change to it a new version of every repository; as its own
resource it changes once, and a registry without replication has none.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from botocore.exceptions import ClientError

from catalog.aws.kms import key_reference
from catalog.aws.spec import ResourceType, Scope, pages, tag_map, without
from catalog.model import Observation, canonical_json

REPOSITORY = "AWS::ECR::Repository"
REPLICATION = "AWS::ECR::ReplicationConfiguration"

# How ECR says "this repository has no such policy": absence, not failure.
NOT_SET = {"LifecyclePolicyNotFoundException", "RepositoryPolicyNotFoundException"}


def optional_policy(call: Callable[..., dict[str, Any]], key: str, name: str) -> Any:
    """A repository's policy document as JSON, or None when it has none."""
    try:
        text = call(repositoryName=name).get(key)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in NOT_SET:
            return None
        raise
    return json.loads(text) if text else None


def collect_repositories(scope: Scope) -> Iterator[Observation]:
    ecr = scope.client("ecr")
    for repository in pages(ecr, "describe_repositories", "repositories"):
        name = repository["repositoryName"]
        arn = repository["repositoryArn"]
        properties = without(repository, "repositoryArn", "createdAt")
        if "imageTagMutabilityExclusionFilters" in properties:
            properties["imageTagMutabilityExclusionFilters"] = sorted(
                properties["imageTagMutabilityExclusionFilters"], key=canonical_json
            )
        # No batch reads: one call per policy and per tag listing.
        properties["lifecyclePolicy"] = optional_policy(
            ecr.get_lifecycle_policy, "lifecyclePolicyText", name
        )
        properties["repositoryPolicy"] = optional_policy(
            ecr.get_repository_policy, "policyText", name
        )
        kms_key = (repository.get("encryptionConfiguration") or {}).get("kmsKey")
        yield scope.observation(
            uid=arn,
            type=REPOSITORY,
            name=name,
            tags=tag_map(ecr.list_tags_for_resource(resourceArn=arn).get("tags")),
            properties=properties,
            references=key_reference(scope, "encryptionConfiguration.kmsKey", kms_key),
        )


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


def collect_replication(scope: Scope) -> Iterator[Observation]:
    registry = scope.client("ecr").describe_registry()
    rules = (registry.get("replicationConfiguration") or {}).get("rules", [])
    if not rules:
        return
    registry_id = registry["registryId"]
    yield scope.observation(
        uid=scope.uid(REPLICATION, registry_id),
        type=REPLICATION,
        name=f"{registry_id} replication",
        properties={"RegistryId": registry_id, "Rules": normalized_replication_rules(rules)},
    )


TYPES = [
    ResourceType(REPOSITORY, "ecr", collect_repositories),
    ResourceType(REPLICATION, "ecr", collect_replication),
]
