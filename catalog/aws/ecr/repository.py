"""AWS::ECR::Repository: container images, with the policies that govern them."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from botocore.exceptions import ClientError

from catalog.aws.ecr import REPOSITORY
from catalog.aws.kms import encrypted_by
from catalog.aws.spec import Described, ResourceType, Scope, pages, tag_map, without
from catalog.model import canonical_json

ENCRYPTED_BY = encrypted_by("encryptionConfiguration.kmsKey")

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


def read(scope: Scope) -> Iterator[Described]:
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
        yield Described(
            uid=arn,
            name=name,
            properties=properties,
            tags=tag_map(ecr.list_tags_for_resource(resourceArn=arn).get("tags")),
        )


TYPE = ResourceType(
    REPOSITORY,
    "ecr",
    read,
    references=(ENCRYPTED_BY,),
    iam_actions=(
        "ecr:DescribeRepositories",
        "ecr:GetLifecyclePolicy",
        "ecr:GetRepositoryPolicy",
        "ecr:ListTagsForResource",
    ),
)
