"""IAM (global): roles with their trust and every policy, managed policies, instance profiles.

get_account_authorization_details returns roles with inline and attached
policies, and customer-managed policy documents, a page at a time: no call per
role or per policy.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

from catalog.aws.spec import ResourceType, Scope, pages, references_to, tag_map
from catalog.model import Observation, Reference

ROLE = "AWS::IAM::Role"
MANAGED_POLICY = "AWS::IAM::ManagedPolicy"
INSTANCE_PROFILE = "AWS::IAM::InstanceProfile"


def policy_document(document: Any) -> Any:
    """A policy as a JSON object; the API may hand it over URL-encoded."""
    if isinstance(document, str):
        return json.loads(unquote(document))
    return document


def authorization_details(scope: Scope, kind: str, key: str) -> Iterator[dict[str, Any]]:
    yield from pages(scope.client("iam"), "get_account_authorization_details", key, Filter=[kind])


def collect_roles(scope: Scope) -> Iterator[Observation]:
    for role in authorization_details(scope, "Role", "RoleDetailList"):
        attached = sorted(policy["PolicyArn"] for policy in role.get("AttachedManagedPolicies", ()))
        boundary = (role.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
        properties = {
            "RoleName": role["RoleName"],
            "RoleId": role["RoleId"],
            "Path": role.get("Path", "/"),
            "Description": role.get("Description"),
            "MaxSessionDuration": role.get("MaxSessionDuration"),
            "AssumeRolePolicyDocument": policy_document(role.get("AssumeRolePolicyDocument")),
            "Policies": {
                policy["PolicyName"]: policy_document(policy["PolicyDocument"])
                for policy in role.get("RolePolicyList", ())
            },
            "ManagedPolicyArns": attached,
            "PermissionsBoundary": boundary,
        }
        references = references_to("ManagedPolicyArns", attached, "attached-policy", MANAGED_POLICY)
        if boundary:
            references.append(
                Reference("PermissionsBoundary", boundary, "boundary", MANAGED_POLICY)
            )
        yield scope.observation(
            uid=role["Arn"],
            type=ROLE,
            name=role["RoleName"],
            tags=tag_map(role.get("Tags")),
            properties=properties,
            references=references,
        )


def collect_managed_policies(scope: Scope) -> Iterator[Observation]:
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
        yield scope.observation(
            uid=policy["Arn"],
            type=MANAGED_POLICY,
            name=name,
            tags=tag_map(policy.get("Tags")),
            properties=properties,
        )


def collect_instance_profiles(scope: Scope) -> Iterator[Observation]:
    for profile in pages(scope.client("iam"), "list_instance_profiles", "InstanceProfiles"):
        roles = sorted(role["Arn"] for role in profile.get("Roles", ()))
        properties = {
            "InstanceProfileName": profile["InstanceProfileName"],
            "Path": profile.get("Path", "/"),
            "Roles": roles,
        }
        references = references_to("Roles", roles, "contains", ROLE)
        yield scope.observation(
            uid=profile["Arn"],
            type=INSTANCE_PROFILE,
            name=profile["InstanceProfileName"],
            tags=tag_map(profile.get("Tags")),
            properties=properties,
            references=references,
        )


TYPES = [
    ResourceType(ROLE, "iam", collect_roles, is_global=True),
    ResourceType(MANAGED_POLICY, "iam", collect_managed_policies, is_global=True),
    ResourceType(INSTANCE_PROFILE, "iam", collect_instance_profiles, is_global=True),
]
