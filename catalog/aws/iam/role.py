"""AWS::IAM::Role: a role with its trust, its inline policies and the policies attached to it.

Restored in the identity stage, before anything assumes it. Inline policies (console
hotfixes included) become `aws_iam_role_policy` resources and attachments
`aws_iam_role_policy_attachment`, so a reviewer sees each permission as its own
reviewable resource.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from catalog.aws.iam import (
    MANAGED_POLICY,
    ROLE,
    authorization_details,
    described,
    policy_document,
)
from catalog.aws.spec import Described, Ref, ResourceType, Scope
from catalog.drift.shape import Declared, StateShape, attributes_key
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block
from catalog.restore.renaming import NameScope, Naming

NAME = Naming(NameScope.ACCOUNT, 64)  # IAM is global
ATTACHED_POLICIES = Ref("ManagedPolicyArns[*]", MANAGED_POLICY, "attached-policy")
PERMISSIONS_BOUNDARY = Ref("PermissionsBoundary", MANAGED_POLICY, "boundary")


def session_settings(iam: Any, name: str) -> dict[str, Any]:
    """What the batch call leaves out: get_account_authorization_details returns no
    Description and no MaxSessionDuration, and a role restored without the latter falls
    back to one hour (long jobs then fail). Only get_role has them, one role a call."""
    role = iam.get_role(RoleName=name)["Role"]
    return {
        "Description": role.get("Description"),
        "MaxSessionDuration": role.get("MaxSessionDuration"),
    }


def read(scope: Scope) -> Iterator[Described]:
    # Roles are global: this runs once per account, and the per-role calls go on the
    # crawl's pool like a regional type's.
    iam = scope.client("iam")
    roles = list(authorization_details(scope, "Role", "RoleDetailList"))
    settings = scope.map(lambda role: session_settings(iam, role["RoleName"]), roles)
    for role, session in zip(roles, settings, strict=True):
        attached = sorted(policy["PolicyArn"] for policy in role.get("AttachedManagedPolicies", ()))
        boundary = (role.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
        properties = {
            "RoleName": role["RoleName"],
            "RoleId": role["RoleId"],
            "Path": role.get("Path", "/"),
            **session,
            "AssumeRolePolicyDocument": policy_document(role.get("AssumeRolePolicyDocument")),
            "Policies": {
                policy["PolicyName"]: policy_document(policy["PolicyDocument"])
                for policy in role.get("RolePolicyList", ())
            },
            "ManagedPolicyArns": attached,
            "PermissionsBoundary": boundary,
        }
        yield described(role, role["RoleName"], properties)


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    blocks = [
        ctx.resource(
            "aws_iam_role",
            {
                "name": ctx.name(p["RoleName"], NAME),
                "path": p.get("Path"),
                "description": p.get("Description") or None,
                "max_session_duration": p.get("MaxSessionDuration"),
                "assume_role_policy": ctx.json(p["AssumeRolePolicyDocument"]),
                "permissions_boundary": ctx.ref(PERMISSIONS_BOUNDARY, attribute="arn"),
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
    for index, policy_arn in enumerate(ctx.refs(ATTACHED_POLICIES, attribute="arn")):
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


TYPE = ResourceType(
    ROLE,
    "iam",
    read,
    references=(ATTACHED_POLICIES, PERMISSIONS_BOUNDARY),
    iam_actions=("iam:GetAccountAuthorizationDetails", "iam:GetRole"),
    terraform=TerraformType(
        "aws_iam_role",
        Stage.IDENTITY,
        emit,
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
    is_global=True,
    values=("Policies",),
    compared=("AssumeRolePolicyDocument", "Policies"),
)
