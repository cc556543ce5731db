"""Secrets Manager: secret metadata and replication, never a secret value.

Only list_secrets and describe_secret are called; neither returns the value,
and get_secret_value / batch_get_secret_value must never be added here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog.aws.kms import key_reference
from catalog.aws.lambda_ import FUNCTION
from catalog.aws.spec import ResourceType, Scope, pages, tag_map
from catalog.model import Observation, Reference

SECRET = "AWS::SecretsManager::Secret"


def replicas(secret: dict[str, Any]) -> list[dict[str, Any]]:
    """Where the secret is replicated, by region; the status and access times are not config."""
    return sorted(
        (
            {"Region": replica["Region"], "KmsKeyId": replica.get("KmsKeyId")}
            for replica in secret.get("ReplicationStatus", ())
        ),
        key=lambda replica: replica["Region"],
    )


def secret_references(scope: Scope, secret: dict[str, Any]) -> list[Reference]:
    references = key_reference(scope, "KmsKeyId", secret.get("KmsKeyId"))
    if secret.get("RotationLambdaARN"):
        references.append(
            Reference("RotationLambdaARN", secret["RotationLambdaARN"], "rotation", FUNCTION)
        )
    for index, replica in enumerate(replicas(secret)):
        references += key_reference(scope, f"ReplicaRegions[{index}].KmsKeyId", replica["KmsKeyId"])
    return references


def collect_secrets(scope: Scope) -> Iterator[Observation]:
    secretsmanager = scope.client("secretsmanager")
    for listed in pages(secretsmanager, "list_secrets", "SecretList"):
        # list_secrets omits the replication status: one describe (metadata only) per secret.
        secret = {**listed, **secretsmanager.describe_secret(SecretId=listed["ARN"])}
        # Rotation, change and access dates and version ids move without any configuration
        # change, so they are left out.
        properties = {
            "Name": secret["Name"],
            "Description": secret.get("Description"),
            "KmsKeyId": secret.get("KmsKeyId"),
            "RotationEnabled": secret.get("RotationEnabled", False),
            "RotationLambdaARN": secret.get("RotationLambdaARN"),
            "RotationRules": secret.get("RotationRules"),
            "PrimaryRegion": secret.get("PrimaryRegion"),
            "ReplicaRegions": replicas(secret),
            "OwningService": secret.get("OwningService"),
            "Type": secret.get("Type"),
            "DeletedDate": secret.get("DeletedDate"),
        }
        yield scope.observation(
            uid=secret["ARN"],
            type=SECRET,
            name=secret["Name"],
            tags=tag_map(listed.get("Tags")),
            properties=properties,
            references=secret_references(scope, secret),
        )


TYPES = [ResourceType(SECRET, "secretsmanager", collect_secrets)]
