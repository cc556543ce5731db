"""AWS::ECR::Repository: container images, with the policies that govern them.

Restored, a repository comes back empty: images are artifacts, not configuration
(the runbook says how to replicate or push them), and task definitions that ran its
images refer to the restored repository's URL.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from botocore.exceptions import ClientError

from catalog.aws.ecr import REPOSITORY
from catalog.aws.kms import encrypted_by
from catalog.aws.spec import Described, ResourceType, Scope, pages, tag_map, without
from catalog.aws.values import Name
from catalog.drift.shape import StateShape
from catalog.model import canonical_json
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block
from catalog.restore.renaming import NameScope, Naming

NAME = Naming(NameScope.REGION, 256)
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


# The repository's own policies, each its own Terraform resource: (property, type, part).
POLICIES = (
    ("lifecyclePolicy", "aws_ecr_lifecycle_policy", "lifecycle"),
    ("repositoryPolicy", "aws_ecr_repository_policy", "policy"),
)


def emit(ctx: Emit) -> list[Block]:
    """The repository, with its lifecycle and access policies as their own resources."""
    p = ctx.properties
    name = p["repositoryName"]
    encryption = p.get("encryptionConfiguration") or {}
    scanning = p.get("imageScanningConfiguration") or {}
    blocks = [
        ctx.resource(
            "aws_ecr_repository",
            {
                "name": ctx.name(name, NAME),
                "image_tag_mutability": p.get("imageTagMutability"),
                **ctx.tags(),
            },
            [
                Block(
                    "image_scanning_configuration",
                    attributes={"scan_on_push": scanning.get("scanOnPush", False)},
                ),
                Block(
                    "encryption_configuration",
                    attributes={
                        "encryption_type": encryption.get("encryptionType"),
                        # An AWS-managed key (aws/ecr) is left out: ECR's default in the target.
                        "kms_key": ctx.ref(ENCRYPTED_BY, attribute="arn"),
                    },
                ),
            ],
            adopt=name,
        )
    ]
    for key, terraform_type, part in POLICIES:
        if p.get(key):
            blocks.append(
                ctx.resource(
                    terraform_type,
                    {"repository": ctx.ref_self("name"), "policy": ctx.json(p[key])},
                    part=part,
                    adopt=name,
                )
            )
    return blocks


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
    terraform=TerraformType(
        "aws_ecr_repository",
        Stage.DATA,
        emit,
        ("repositoryName",),
        shapes=(
            StateShape("aws_ecr_repository", noun="repository"),
            *(
                StateShape(terraform_type, parent="repository", noun=f"repository {part}")
                for _, terraform_type, part in POLICIES
            ),
        ),
        outputs=(("repository_url", "where images are pushed to"),),
        disposable={"force_delete": True},
    ),
    names=(Name("repositoryUri", "repository_url"),),
)
