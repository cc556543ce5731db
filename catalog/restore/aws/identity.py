"""IAM as Terraform: the identity stage, restored before anything assumes a role.

Inline policies (console hotfixes included) become `aws_iam_role_policy`
resources and attachments `aws_iam_role_policy_attachment`, so a reviewer
sees each permission as its own reviewable resource.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from catalog.aws.iam import INSTANCE_PROFILE, MANAGED_POLICY, ROLE
from catalog.drift.shape import Declared, StateShape, attributes_key
from catalog.restore.emit import Emit, Stage, legacy_terraform
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


def inline_policies_enforced(role: str, declared: Declared) -> str | None:
    """Why `terraform apply` deletes an inline policy of `role` that no code declares.

    Only two things make the provider delete one: an `aws_iam_role_policies_exclusive`
    for the role, or `inline_policy` blocks on the `aws_iam_role` (it then owns them
    all). Separate `aws_iam_role_policy` resources leave the others alone.
    """
    separate = {
        attributes.get("name")
        for _, attributes in declared.instances("aws_iam_role_policy")
        if attributes.get("role") == role
    }

    def declared_inline(attributes: dict[str, Any]) -> bool:
        # Without the configuration, the state suggests it: inline policies it holds
        # that no aws_iam_role_policy does (the provider reads them all back).
        return any(
            policy.get("name") and policy["name"] not in separate
            for policy in attributes.get("inline_policy") or ()
        )

    return _owner(role, declared, "aws_iam_role_policies_exclusive", "inline_policy",
                  "inline policy", declared_inline)  # fmt: skip


def attachments_enforced(role: str, declared: Declared) -> str | None:
    """Why `terraform apply` detaches a managed policy that no code attaches to `role`:
    an `aws_iam_role_policy_attachments_exclusive`, or `managed_policy_arns` on the role
    (which the state alone cannot tell apart from what the provider reads back)."""
    return _owner(role, declared, "aws_iam_role_policy_attachments_exclusive",
                  "managed_policy_arns", "managed policy", lambda _: False)  # fmt: skip


def _owner(
    role: str,
    declared: Declared,
    exclusive: str,
    argument: str,
    what: str,
    in_state: Callable[[dict[str, Any]], bool],
) -> str | None:
    """What owns all of `role`'s `what`s: an `exclusive` resource for it, or `argument`
    on the role in the configuration (or, without one, as `in_state` reads the state)."""
    for address, attributes in declared.instances(exclusive):
        if attributes.get("role_name") == role:
            return f"{address} names every {what} role {role} may have"
    for address, attributes in declared.instances("aws_iam_role"):
        if attributes.get("name") != role:
            continue
        body = declared.configured(address)
        if argument in body if body is not None else in_state(attributes):
            return f"{address} declares {argument}, and the provider removes any other"
    return None


TYPES = [
    legacy_terraform(
        ROLE,
        "aws_iam_role",
        Stage.IDENTITY,
        role,
        ("RoleName",),
        shapes=(
            StateShape("aws_iam_role", noun="role"),
            StateShape(
                "aws_iam_role_policy",
                parent="role",
                noun="inline policy",
                enforced=inline_policies_enforced,
            ),
            StateShape(
                "aws_iam_role_policy_attachment",
                key=attributes_key("role", "policy_arn"),
                parent="role",
                noun="policy attachment",
                enforced=attachments_enforced,
            ),
        ),
    ),
    legacy_terraform(
        MANAGED_POLICY,
        "aws_iam_policy",
        Stage.IDENTITY,
        managed_policy,
        ("PolicyName",),
        shapes=(StateShape("aws_iam_policy", noun="managed policy"),),
    ),
    legacy_terraform(
        INSTANCE_PROFILE,
        "aws_iam_instance_profile",
        Stage.IDENTITY,
        instance_profile,
        ("InstanceProfileName",),
        shapes=(StateShape("aws_iam_instance_profile", noun="instance profile"),),
    ),
]
