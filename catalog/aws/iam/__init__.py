"""IAM (global): roles with their trust and every policy, managed policies, instance profiles.

This package names every IAM type once; each type's declaration is a module of it
(role.py, managed_policy.py, instance_profile.py). What they share is here:
get_account_authorization_details returns roles with inline and attached
policies, and customer-managed policy documents, a page at a time: no call per
role or per policy.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import unquote

from catalog.aws.spec import Described, Scope, pages, tag_map

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


def described(item: Mapping[str, Any], name: str, properties: Mapping[str, Any]) -> Described:
    """An IAM resource as read: the API gives its ARN, its uid, and its tags AWS-style."""
    return Described(
        uid=item["Arn"], name=name, properties=properties, tags=tag_map(item.get("Tags"))
    )
