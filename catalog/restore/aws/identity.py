"""IAM as Terraform: the identity stage, restored before anything assumes a role.

Inline policies (console hotfixes included) become `aws_iam_role_policy`
resources and attachments `aws_iam_role_policy_attachment`, so a reviewer
sees each permission as its own reviewable resource.
"""

from __future__ import annotations

from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block


def role(ctx: Emit) -> list[Block]:
    p = ctx.properties
    blocks = [
        ctx.resource(
            "aws_iam_role",
            {
                "name": ctx.global_name(p["RoleName"]),
                "path": p.get("Path"),
                "description": p.get("Description") or None,
                "max_session_duration": p.get("MaxSessionDuration"),
                "assume_role_policy": ctx.json(p["AssumeRolePolicyDocument"]),
                "permissions_boundary": ctx.ref("PermissionsBoundary", "arn"),
                **ctx.tags(),
            },
            adopt=p["RoleName"],
        )
    ]
    now = ctx.current or {}
    for name, document in sorted((p.get("Policies") or {}).items()):
        blocks.append(
            ctx.resource(
                "aws_iam_role_policy",
                {"name": name, "role": ctx.ref_self("id"), "policy": ctx.json(document)},
                part=name,
                adopt=f"{p['RoleName']}:{name}" if name in (now.get("Policies") or {}) else None,
            )
        )
    attached = p.get("ManagedPolicyArns") or []
    for index, policy_arn in enumerate(ctx.refs("ManagedPolicyArns", "arn")):
        blocks.append(
            ctx.resource(
                "aws_iam_role_policy_attachment",
                {"role": ctx.ref_self("name"), "policy_arn": policy_arn},
                part=str(index),
                adopt=f"{p['RoleName']}/{attached[index]}"
                if attached[index] in (now.get("ManagedPolicyArns") or ())
                else None,
            )
        )
    return blocks


def managed_policy(ctx: Emit) -> list[Block]:
    p = ctx.properties
    return [
        ctx.resource(
            "aws_iam_policy",
            {
                "name": ctx.global_name(p["PolicyName"]),
                "path": p.get("Path"),
                "description": p.get("Description") or None,
                "policy": ctx.json(p["PolicyDocument"]),
                **ctx.tags(),
            },
            adopt=ctx.asset.uid,
        )
    ]


def instance_profile(ctx: Emit) -> list[Block]:
    p = ctx.properties
    return [
        ctx.resource(
            "aws_iam_instance_profile",
            {
                "name": ctx.global_name(p["InstanceProfileName"]),
                "path": p.get("Path"),
                "role": ctx.ref("Roles[0]", "name"),
                **ctx.tags(),
            },
            adopt=p["InstanceProfileName"],
        )
    ]


TYPES = [
    TerraformType("AWS::IAM::Role", "aws_iam_role", Stage.IDENTITY, role, ("RoleName",)),
    TerraformType(
        "AWS::IAM::ManagedPolicy", "aws_iam_policy", Stage.IDENTITY, managed_policy, ("PolicyName",)
    ),
    TerraformType(
        "AWS::IAM::InstanceProfile",
        "aws_iam_instance_profile",
        Stage.IDENTITY,
        instance_profile,
        ("InstanceProfileName",),
    ),
]
