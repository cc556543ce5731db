"""Where the data lives, as Terraform: the data stage.

The database is restored, never created empty: from the source instance's
backups to a point in time when the plan stays in the source region, or from a
snapshot copied into the target region otherwise (a variable names it).
"""

from __future__ import annotations

from typing import Any

from catalog.aws.rds import DB_INSTANCE, DB_PARAMETER_GROUP, DB_SUBNET_GROUP
from catalog.aws.s3 import BUCKET
from catalog.drift.shape import StateShape, attributes_key
from catalog.restore.emit import Emit, Stage, legacy_terraform
from catalog.restore.hcl import Block, Expr
from catalog.restore.naming import sanitize


def parameter_group(ctx: Emit) -> list[Block]:
    p = ctx.properties
    # Applied at the next reboot: static parameters refuse "immediate", and a
    # restored instance reboots into its group anyway.
    parameters = [
        Block(
            "parameter",
            attributes={"name": name, "value": str(value), "apply_method": "pending-reboot"},
        )
        for name, value in sorted((p.get("Parameters") or {}).items())
    ]
    return [
        ctx.resource(
            "aws_db_parameter_group",
            {
                "name": ctx.global_name(p["Name"]),
                "family": p["Family"],
                "description": p.get("Description") or None,
                **ctx.tags(),
            },
            parameters,
            adopt=p["Name"],
        )
    ]


def subnet_group(ctx: Emit) -> list[Block]:
    p = ctx.properties
    return [
        ctx.resource(
            "aws_db_subnet_group",
            {
                "name": ctx.global_name(p["DBSubnetGroupName"]),
                "description": p.get("DBSubnetGroupDescription") or None,
                "subnet_ids": ctx.refs("SubnetIds"),
                **ctx.tags(),
            },
            adopt=p["DBSubnetGroupName"],
        )
    ]


def db_instance(ctx: Emit) -> list[Block]:
    p = ctx.properties
    attributes: dict[str, Any] = {
        "identifier": ctx.global_name(p["DBInstanceIdentifier"]),
        "instance_class": p["DBInstanceClass"],
        "engine": p.get("Engine"),
        "engine_version": p.get("EngineVersion"),
        "allocated_storage": p.get("AllocatedStorage"),
        "storage_type": p.get("StorageType"),
        "storage_encrypted": p.get("StorageEncrypted"),
        "kms_key_id": ctx.ref("KmsKeyId", "arn"),
        "multi_az": p.get("MultiAZ"),
        "port": p.get("DbInstancePort") or None,
        "db_subnet_group_name": ctx.ref("DBSubnetGroupName", "name"),
        "parameter_group_name": ctx.ref("DBParameterGroupNames[0]", "name"),
        "vpc_security_group_ids": ctx.refs("VpcSecurityGroupIds"),
        "publicly_accessible": p.get("PubliclyAccessible"),
        "backup_retention_period": p.get("BackupRetentionPeriod"),
        "backup_window": p.get("PreferredBackupWindow"),
        "maintenance_window": p.get("PreferredMaintenanceWindow"),
        "auto_minor_version_upgrade": p.get("AutoMinorVersionUpgrade"),
        "deletion_protection": p.get("DeletionProtection"),
        "iam_database_authentication_enabled": p.get("IAMDatabaseAuthenticationEnabled"),
        "final_snapshot_identifier": ctx.global_name(f"{p['DBInstanceIdentifier']}-final"),
        **ctx.tags(),
    }
    source = p["DBInstanceIdentifier"]
    if ctx.adopting:
        # Repaired in place: the running instance keeps its data; only settings go back.
        return [ctx.resource("aws_db_instance", attributes, adopt=source)]
    if not ctx.plan.stays_in_source_region():
        attributes["snapshot_identifier"] = ctx.plan.variable(
            sanitize(f"{ctx.label}_snapshot_identifier"),
            f"ARN of a snapshot of {source} copied into the target region "
            "(aws rds copy-db-snapshot, or cross-region automated backups).",
        )
        return [ctx.resource("aws_db_instance", attributes)]
    identifier = ctx.plan.variable(
        sanitize(f"{ctx.label}_source_identifier"),
        f"Identifier of the instance whose automated backups restore {source}.",
        default=source,
    )
    point_in_time = Block(
        "restore_to_point_in_time",
        attributes={
            "source_db_instance_identifier": identifier,
            "use_latest_restorable_time": True,
        },
    )
    return [ctx.resource("aws_db_instance", attributes, [point_in_time])]


def bucket(ctx: Emit) -> list[Block]:
    """The bucket and, each as its own resource as the provider wants them: versioning,
    encryption, public access block, policy and replication, as captured."""
    p = ctx.properties
    name = p["BucketName"]
    blocks = [
        ctx.resource(
            "aws_s3_bucket",
            {"bucket": ctx.global_name(name), **ctx.tags()},
            adopt=name,
        )
    ]
    bucket_id = ctx.ref_self("id")
    status = (p.get("VersioningConfiguration") or {}).get("Status")
    if status in ("Enabled", "Suspended"):
        blocks.append(
            ctx.resource(
                "aws_s3_bucket_versioning",
                {"bucket": bucket_id},
                [Block("versioning_configuration", attributes={"status": status})],
                part="versioning",
                adopt=name,
            )
        )
    if p.get("BucketEncryption"):
        blocks.append(_encryption(ctx, name, p["BucketEncryption"]))
    if p.get("PublicAccessBlockConfiguration"):
        settings = p["PublicAccessBlockConfiguration"]
        blocks.append(
            ctx.resource(
                "aws_s3_bucket_public_access_block",
                {
                    "bucket": bucket_id,
                    "block_public_acls": settings.get("BlockPublicAcls"),
                    "block_public_policy": settings.get("BlockPublicPolicy"),
                    "ignore_public_acls": settings.get("IgnorePublicAcls"),
                    "restrict_public_buckets": settings.get("RestrictPublicBuckets"),
                },
                part="public_access",
                adopt=name,
            )
        )
    if p.get("PolicyDocument"):
        blocks.append(
            ctx.resource(
                "aws_s3_bucket_policy",
                {"bucket": bucket_id, "policy": ctx.json(p["PolicyDocument"])},
                part="policy",
                adopt=name,
            )
        )
    if (p.get("LifecycleConfiguration") or {}).get("Rules"):
        blocks.append(_lifecycle(ctx, name, p["LifecycleConfiguration"]["Rules"]))
    if (p.get("ReplicationConfiguration") or {}).get("Rules"):
        versioning = [b.address for b in blocks if b.labels[0] == "aws_s3_bucket_versioning"]
        blocks.append(_replication(ctx, name, p["ReplicationConfiguration"], versioning))
    return blocks


def _encryption(ctx: Emit, name: str, encryption: dict[str, Any]) -> Block:
    rules = []
    for index, rule in enumerate(encryption.get("Rules", ())):
        default = rule.get("ApplyServerSideEncryptionByDefault") or {}
        field = f"BucketEncryption.Rules[{index}].ApplyServerSideEncryptionByDefault"
        by_default = Block(
            "apply_server_side_encryption_by_default",
            attributes={
                "sse_algorithm": default.get("SSEAlgorithm"),
                "kms_master_key_id": ctx.ref(f"{field}.KMSMasterKeyID", "arn"),
            },
        )
        rules.append(
            Block(
                "rule",
                attributes={"bucket_key_enabled": rule.get("BucketKeyEnabled")},
                blocks=[by_default],
            )
        )
    return ctx.resource(
        "aws_s3_bucket_server_side_encryption_configuration",
        {"bucket": ctx.ref_self("id")},
        rules,
        part="encryption",
        adopt=name,
    )


# Lifecycle rule parts: the API's key, Terraform's block, and its arguments by API key.
LIFECYCLE_PARTS = (
    ("Expiration", "expiration", {"Days": "days", "Date": "date"}),
    ("NoncurrentVersionExpiration", "noncurrent_version_expiration", {
        "NoncurrentDays": "noncurrent_days",
        "NewerNoncurrentVersions": "newer_noncurrent_versions",
    }),
    ("AbortIncompleteMultipartUpload", "abort_incomplete_multipart_upload", {
        "DaysAfterInitiation": "days_after_initiation",
    }),
)  # fmt: skip


def _lifecycle(ctx: Emit, name: str, rules: list[dict[str, Any]]) -> Block:
    blocks = []
    for rule in rules:
        parts = [Block("filter", attributes={"prefix": (rule.get("Filter") or {}).get("Prefix")})]
        for key, block, arguments in LIFECYCLE_PARTS:
            if rule.get(key):
                values = {argument: rule[key].get(field) for field, argument in arguments.items()}
                parts.append(Block(block, attributes=values))
        parts += [
            Block(
                "transition",
                attributes={"days": item.get("Days"), "storage_class": item["StorageClass"]},
            )
            for item in rule.get("Transitions", ())
        ]
        blocks.append(
            Block("rule", attributes={"id": rule["ID"], "status": rule["Status"]}, blocks=parts)
        )
    return ctx.resource(
        "aws_s3_bucket_lifecycle_configuration",
        {"bucket": ctx.ref_self("id")},
        blocks,
        part="lifecycle",
        adopt=name,
    )


def _replication(ctx: Emit, name: str, replication: dict[str, Any], versioning: list[str]) -> Block:
    rules = []
    for index, rule in enumerate(replication["Rules"]):
        field = f"ReplicationConfiguration.Rules[{index}].Destination"
        destination = rule.get("Destination") or {}
        blocks = [
            Block(
                "destination",
                attributes={
                    "bucket": ctx.ref(f"{field}.Bucket", "arn") or destination.get("Bucket"),
                    "storage_class": destination.get("StorageClass"),
                },
            )
        ]
        if "Filter" in rule:
            blocks.append(Block("filter", attributes={"prefix": rule["Filter"].get("Prefix")}))
        marker = (rule.get("DeleteMarkerReplication") or {}).get("Status")
        if marker:
            blocks.append(Block("delete_marker_replication", attributes={"status": marker}))
        rules.append(
            Block(
                "rule",
                attributes={
                    "id": rule.get("ID"),
                    "priority": rule.get("Priority"),
                    "status": rule.get("Status"),
                },
                blocks=blocks,
            )
        )
    return ctx.resource(
        "aws_s3_bucket_replication_configuration",
        # Replication needs versioning on, which the versioning resource turns on first.
        {
            "bucket": ctx.ref_self("id"),
            "role": ctx.ref("ReplicationConfiguration.Role", "arn"),
            "depends_on": [Expr(address) for address in versioning] or None,
        },
        rules,
        part="replication",
        adopt=name,
    )


# A bucket's settings, each its own resource: how a sentence names it, its schema version.
BUCKET_PARTS = {
    "aws_s3_bucket_versioning": ("versioning", 0),
    "aws_s3_bucket_server_side_encryption_configuration": ("encryption", 0),
    "aws_s3_bucket_public_access_block": ("public access block", 0),
    "aws_s3_bucket_policy": ("bucket policy", 0),
    "aws_s3_bucket_lifecycle_configuration": ("lifecycle configuration", 1),
    "aws_s3_bucket_replication_configuration": ("replication configuration", 0),
}

TYPES = [
    legacy_terraform(
        DB_PARAMETER_GROUP,
        "aws_db_parameter_group",
        Stage.DATA,
        parameter_group,
        ("Name",),
        shapes=(
            StateShape(
                "aws_db_parameter_group",
                noun="parameter group",
                ignored=("parameter.apply_method",),
            ),
        ),
    ),
    legacy_terraform(
        DB_SUBNET_GROUP,
        "aws_db_subnet_group",
        Stage.DATA,
        subnet_group,
        ("DBSubnetGroupName",),
        shapes=(StateShape("aws_db_subnet_group", noun="DB subnet group"),),
    ),
    legacy_terraform(
        DB_INSTANCE,
        "aws_db_instance",
        Stage.DATA,
        db_instance,
        ("DBInstanceIdentifier",),
        # The provider's id is the DbiResourceId; it is imported by identifier.
        shapes=(
            StateShape(
                "aws_db_instance",
                schema_version=2,
                key=attributes_key("identifier"),
                id_attribute="resource_id",
                noun="database",
            ),
        ),
        outputs=(("identifier", "Identifier of the restored database"),),
    ),
    legacy_terraform(
        BUCKET,
        "aws_s3_bucket",
        Stage.DATA,
        bucket,
        ("BucketName",),
        shapes=(
            StateShape("aws_s3_bucket", noun="bucket"),
            *(
                StateShape(kind, parent="bucket", noun=noun, schema_version=version)
                for kind, (noun, version) in BUCKET_PARTS.items()
            ),
        ),
    ),
]
