"""Where the data lives, as Terraform: the data stage (transitional: databases and
buckets are declared in catalog/aws/rds/ and catalog/aws/s3/).

Secret values are never written: each secret gets a sensitive variable to fill in.
"""

from __future__ import annotations

from catalog.aws.logs import LOG_GROUP
from catalog.aws.secretsmanager import SECRET
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, legacy_terraform
from catalog.restore.hcl import Block
from catalog.restore.naming import sanitize


def log_group(ctx: Emit) -> list[Block]:
    p = ctx.properties
    return [
        ctx.resource(
            "aws_cloudwatch_log_group",
            {
                "name": p["logGroupName"],
                "retention_in_days": p.get("retentionInDays"),
                "kms_key_id": ctx.ref("kmsKeyId", "arn"),
                **ctx.tags(),
            },
            adopt=p["logGroupName"],
        )
    ]


def secret(ctx: Emit) -> list[Block]:
    """The secret and a version whose value is a sensitive variable: never in files.
    Repaired in place, the secret keeps the value it holds: no version is written."""
    p = ctx.properties
    adopted = ctx.resource(
        "aws_secretsmanager_secret",
        {
            "name": p["Name"],
            "description": p.get("Description") or None,
            "kms_key_id": ctx.ref("KmsKeyId", "arn"),
            **ctx.tags(),
        },
        adopt=ctx.asset.uid,
    )
    if ctx.adopting:
        return [adopted]
    value = ctx.plan.variable(
        sanitize(f"{ctx.label}_value"),
        f"Value of secret {p['Name']} (never stored by Cairn): read it from your secret "
        "store or from the source region if it still answers.",
        sensitive=True,
    )
    return [
        adopted,
        ctx.resource(
            "aws_secretsmanager_secret_version",
            {"secret_id": ctx.ref_self("id"), "secret_string": value},
            part="value",
        ),
    ]


TYPES = [
    legacy_terraform(
        LOG_GROUP,
        "aws_cloudwatch_log_group",
        Stage.DATA,
        log_group,
        ("logGroupName",),
        shapes=(StateShape("aws_cloudwatch_log_group", noun="log group"),),
    ),
    legacy_terraform(
        SECRET,
        "aws_secretsmanager_secret",
        Stage.DATA,
        secret,
        ("Name",),
        shapes=(StateShape("aws_secretsmanager_secret", noun="secret"),),
    ),
]
