"""AWS::SecretsManager::Secret: a secret's metadata and replication, never its value.

Only list_secrets and describe_secret are called; neither returns the value,
and get_secret_value / batch_get_secret_value must never be added here. Restored,
each secret gets a sensitive variable to fill in: values are never written.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from catalog.aws.kms import encrypted_by
from catalog.aws.lambda_ import FUNCTION
from catalog.aws.secretsmanager import SECRET
from catalog.aws.spec import Described, Ref, ResourceType, Scope, pages, tag_map
from catalog.aws.values import Name
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Purpose, Stage, TerraformType
from catalog.restore.hcl import Block
from catalog.restore.renaming import NameScope, Naming

NAME = Naming(NameScope.REGION, 512)
ENCRYPTION = encrypted_by("KmsKeyId")
ROTATION = Ref("RotationLambdaARN", FUNCTION, "rotation")
REPLICA_ENCRYPTION = encrypted_by("ReplicaRegions[*].KmsKeyId")


def replicas(secret: dict[str, Any]) -> list[dict[str, Any]]:
    """Where the secret is replicated, by region; the status and access times are not config."""
    return sorted(
        (
            {"Region": replica["Region"], "KmsKeyId": replica.get("KmsKeyId")}
            for replica in secret.get("ReplicationStatus", ())
        ),
        key=lambda replica: replica["Region"],
    )


def read(scope: Scope) -> Iterator[Described]:
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
        yield Described(
            uid=secret["ARN"],
            name=secret["Name"],
            properties=properties,
            tags=tag_map(listed.get("Tags")),
        )


def emit(ctx: Emit) -> list[Block]:
    """The secret and a version whose value is a sensitive variable: never in files.
    Repaired in place, the secret keeps the value it holds: no version is written."""
    p = ctx.properties
    adopted = ctx.resource(
        "aws_secretsmanager_secret",
        {
            "name": ctx.name(p["Name"], NAME),
            "description": p.get("Description") or None,
            "kms_key_id": ctx.ref(ENCRYPTION, attribute="arn"),
            **ctx.tags(),
        },
        adopt=ctx.asset.uid,
    )
    if ctx.adopting:
        return [adopted]
    value = ctx.variable(
        "value",
        f"Value of secret {p['Name']} (never stored by Cairn): read it from your secret "
        "store or from the source region if it still answers.",
        sensitive=True,
        purpose=Purpose.SECRET_VALUE,
    )
    return [
        adopted,
        ctx.resource(
            "aws_secretsmanager_secret_version",
            {"secret_id": ctx.ref_self("id"), "secret_string": value},
            part="value",
        ),
    ]


def replica_regions(properties: Mapping[str, Any]) -> set[str]:
    """The regions the secret's value is replicated to."""
    return {replica["Region"] for replica in properties.get("ReplicaRegions") or ()}


TYPE = ResourceType(
    SECRET,
    "secretsmanager",
    read,
    references=(ENCRYPTION, ROTATION, REPLICA_ENCRYPTION),
    iam_actions=("secretsmanager:ListSecrets", "secretsmanager:DescribeSecret"),
    terraform=TerraformType(
        "aws_secretsmanager_secret",
        Stage.DATA,
        emit,
        ("Name",),
        shapes=(StateShape("aws_secretsmanager_secret", noun="secret"),),
        disposable={"recovery_window_in_days": 0, "force_overwrite_replica_secret": True},
    ),
    names=(Name("Name", "name", whole=True),),
)
