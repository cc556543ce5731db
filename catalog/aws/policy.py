"""The IAM policy a crawl needs, generated from the types' declared `iam_actions`.

    python -m catalog.aws.policy > docs/cairn-readonly-policy.json

tests/test_iam_policy.py checks that the file is this output, and records the calls
of a real crawl to check that nothing a type calls is missing from its declaration.
Optional actions (`optional_iam_actions`) are left out: they grant more than Cairn asks,
and docs/aws-accounts.md says how to grant each one narrowly.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import botocore.session

from catalog.aws.registry import RESOURCE_TYPES

# Where an IAM action is not `<signing name>:<operation name>` (S3 names its
# permissions after what they protect, not after the call).
ACTION_EXCEPTIONS = {
    ("s3", "ListBuckets"): "s3:ListAllMyBuckets",
    ("s3", "GetBucketEncryption"): "s3:GetEncryptionConfiguration",
    ("s3", "GetBucketLifecycleConfiguration"): "s3:GetLifecycleConfiguration",
    ("s3", "GetBucketReplication"): "s3:GetReplicationConfiguration",
    ("s3", "GetPublicAccessBlock"): "s3:GetBucketPublicAccessBlock",
    ("s3", "HeadBucket"): "s3:ListBucket",
}
# Statement ids by action prefix, where the prefix alone reads badly.
STATEMENT_NAMES = {
    "acm": "CertificateManager",
    "application-autoscaling": "ApplicationAutoScaling",
    "autoscaling": "AutoScaling",
    "elasticloadbalancing": "LoadBalancing",
    "secretsmanager": "SecretsManagerMetadataOnly",  # never GetSecretValue
}


@cache
def _signing_name(service: str) -> str:
    return str(botocore.session.get_session().get_service_model(service).signing_name)


def iam_action(service: str, operation: str) -> str:
    """The IAM action that authorizes one API call (`ec2`, `DescribeVpcs`)."""
    return ACTION_EXCEPTIONS.get((service, operation), f"{_signing_name(service)}:{operation}")


def optional_actions() -> set[str]:
    """The calls a crawl makes only where they are granted (outside the policy)."""
    return {action for t in RESOURCE_TYPES for action in t.optional_iam_actions}


def readonly_policy() -> dict[str, Any]:
    by_prefix: dict[str, set[str]] = {}
    for resource_type in RESOURCE_TYPES:
        for action in resource_type.iam_actions:
            by_prefix.setdefault(action.split(":", 1)[0], set()).add(action)
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "CairnRead" + STATEMENT_NAMES.get(prefix, prefix.title()),
                "Effect": "Allow",
                "Action": sorted(actions),
                "Resource": "*",
            }
            for prefix, actions in sorted(by_prefix.items())
        ],
    }


def main() -> None:
    print(json.dumps(readonly_policy(), indent=2))


if __name__ == "__main__":
    main()
