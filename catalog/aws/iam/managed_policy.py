"""AWS::IAM::ManagedPolicy: a customer-managed policy and its default version's document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog.aws.iam import MANAGED_POLICY, authorization_details, described, policy_document
from catalog.aws.spec import Described, ResourceType, Scope
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block
from catalog.restore.renaming import NameScope, Naming

NAME = Naming(NameScope.ACCOUNT, 128)  # IAM is global


def read(scope: Scope) -> Iterator[Described]:
    for policy in authorization_details(scope, "LocalManagedPolicy", "Policies"):
        default: dict[str, Any] = next(
            (v for v in policy.get("PolicyVersionList", ()) if v.get("IsDefaultVersion")), {}
        )
        # Some implementations (moto) omit PolicyName here; the ARN ends with it.
        name = policy.get("PolicyName") or policy["Arn"].rsplit("/", 1)[-1]
        properties = {
            "PolicyName": name,
            "Path": policy.get("Path", "/"),
            "Description": policy.get("Description"),
            "DefaultVersionId": policy.get("DefaultVersionId"),
            "PolicyDocument": policy_document(default.get("Document")),
        }
        yield described(policy, name, properties)


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    return [
        ctx.resource(
            "aws_iam_policy",
            {
                "name": ctx.name(p["PolicyName"], NAME),
                "path": p.get("Path"),
                "description": p.get("Description") or None,
                "policy": ctx.json(p["PolicyDocument"]),
                **ctx.tags(),
            },
            adopt=ctx.asset.uid,
        )
    ]


TYPE = ResourceType(
    MANAGED_POLICY,
    "iam",
    read,
    iam_actions=("iam:GetAccountAuthorizationDetails",),
    terraform=TerraformType(
        "aws_iam_policy",
        Stage.IDENTITY,
        emit,
        ("PolicyName",),
        shapes=(StateShape("aws_iam_policy", noun="managed policy"),),
    ),
    is_global=True,
    values=("PolicyDocument",),
    compared=("PolicyDocument",),
)
