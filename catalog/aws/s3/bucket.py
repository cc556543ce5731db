"""AWS::S3::Bucket: a bucket with every configuration a restore needs.

Buckets are listed globally but live in one region: each region's crawl keeps
only its own, so a bucket belongs to exactly one partition and a failure in
one region never closes another region's buckets. S3 has no batch read of
bucket configuration: one get_* per configuration and bucket.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from botocore.exceptions import ClientError

from catalog.aws.iam import ROLE
from catalog.aws.kms import encrypted_by
from catalog.aws.s3 import BUCKET
from catalog.aws.spec import Described, Ref, ResourceType, Scope, pages, tag_map, without
from catalog.aws.values import Name
from catalog.drift.shape import StateShape
from catalog.model import canonical_json
from catalog.readiness.protection import Destination, Protection
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block, Expr
from catalog.restore.renaming import NameScope, Naming

NAME = Naming(NameScope.WORLD, 63)
ENCRYPTION = encrypted_by(
    "BucketEncryption.Rules[*].ApplyServerSideEncryptionByDefault.KMSMasterKeyID"
)
REPLICATION_ROLE = Ref("ReplicationConfiguration.Role", ROLE, "assumes")
REPLICATES_TO = Ref("ReplicationConfiguration.Rules[*].Destination.Bucket", BUCKET, "replicates-to")
REPLICA_ENCRYPTION = encrypted_by(
    "ReplicationConfiguration.Rules[*].Destination.EncryptionConfiguration.ReplicaKmsKeyID"
)

# How S3 says "this bucket has no such configuration": absence, not failure.
NOT_SET = {
    "NoSuchLifecycleConfiguration",
    "ServerSideEncryptionConfigurationNotFoundError",
    "NoSuchBucketPolicy",
    "ReplicationConfigurationNotFoundError",
    "NoSuchTagSet",
    "NoSuchPublicAccessBlockConfiguration",
}


def optional(call: Callable[..., dict[str, Any]], key: str | None, bucket: str) -> Any:
    """One configuration of a bucket (the whole answer when `key` is None), or None when
    the bucket has none."""
    try:
        answer = call(Bucket=bucket)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in NOT_SET:
            return None
        raise
    return without(answer, "ResponseMetadata") if key is None else answer.get(key)


def bucket_region(s3: Any, bucket: dict[str, Any]) -> str:
    # Recent APIs put BucketRegion in the listing; otherwise one call per bucket.
    if bucket.get("BucketRegion"):
        return bucket["BucketRegion"]
    location = s3.get_bucket_location(Bucket=bucket["Name"]).get("LocationConstraint")
    # The oldest regions answer with legacy names: None and "EU".
    return {None: "us-east-1", "": "us-east-1", "EU": "eu-west-1"}.get(location, location)


def sorted_rules(configuration: dict[str, Any] | None, key: str) -> dict[str, Any] | None:
    """Lifecycle and replication rules are sets (each has an ID): a stable order."""
    if configuration is None:
        return None
    return {**configuration, key: sorted(configuration.get(key, ()), key=canonical_json)}


def described(scope: Scope, s3: Any, name: str) -> Described:
    versioning = without(s3.get_bucket_versioning(Bucket=name), "ResponseMetadata")
    encryption = optional(s3.get_bucket_encryption, "ServerSideEncryptionConfiguration", name)
    replication = sorted_rules(
        optional(s3.get_bucket_replication, "ReplicationConfiguration", name), "Rules"
    )
    lifecycle = sorted_rules(optional(s3.get_bucket_lifecycle_configuration, None, name), "Rules")
    policy = optional(s3.get_bucket_policy, "Policy", name)
    properties = {
        "BucketName": name,
        "Region": scope.region,
        "VersioningConfiguration": versioning,
        "BucketEncryption": encryption,
        "ReplicationConfiguration": replication,
        "LifecycleConfiguration": lifecycle,
        "PolicyDocument": json.loads(policy) if policy else None,
        "PublicAccessBlockConfiguration": optional(
            s3.get_public_access_block, "PublicAccessBlockConfiguration", name
        ),
    }
    return Described(
        uid=f"arn:aws:s3:::{name}",
        name=name,
        properties=properties,
        tags=tag_map(optional(s3.get_bucket_tagging, "TagSet", name)),
    )


def read(scope: Scope) -> Iterator[Described]:
    s3 = scope.client("s3")
    # BucketRegion filters on the server; endpoints that ignore it are filtered here.
    for bucket in pages(s3, "list_buckets", "Buckets", BucketRegion=scope.region):
        if bucket_region(s3, bucket) == scope.region:
            yield described(scope, s3, bucket["Name"])


def emit(ctx: Emit) -> list[Block]:
    """The bucket and, each as its own resource as the provider wants them: versioning,
    encryption, public access block, policy and replication, as captured."""
    p = ctx.properties
    name = p["BucketName"]
    blocks = [
        ctx.resource(
            "aws_s3_bucket",
            {"bucket": ctx.name(name, NAME), **ctx.tags()},
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
        by_default = Block(
            "apply_server_side_encryption_by_default",
            attributes={
                "sse_algorithm": default.get("SSEAlgorithm"),
                "kms_master_key_id": ctx.ref(ENCRYPTION, index, attribute="arn"),
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
        destination = rule.get("Destination") or {}
        blocks = [
            Block(
                "destination",
                attributes={
                    "bucket": ctx.ref(REPLICATES_TO, index, attribute="arn")
                    or destination.get("Bucket"),
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
            "role": ctx.ref(REPLICATION_ROLE, attribute="arn"),
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


def protection(properties: dict[str, Any]) -> Protection:
    """A bucket's backups (readiness): versioning keeps what is overwritten or deleted; its
    replication rules copy new objects continuously into their destination buckets, whose
    region is theirs in the catalog (a bucket's ARN names none)."""
    versioning = (properties.get("VersioningConfiguration") or {}).get("Status")
    rules = (properties.get("ReplicationConfiguration") or {}).get("Rules") or ()
    return Protection(
        "versioned" if versioning == "Enabled" else None,
        tuple(
            Destination("S3 replication", None, rule["Destination"]["Bucket"])
            for rule in rules
            if rule.get("Status") == "Enabled" and (rule.get("Destination") or {}).get("Bucket")
        ),
    )


TYPE = ResourceType(
    BUCKET,
    "s3",
    read,
    references=(ENCRYPTION, REPLICATION_ROLE, REPLICATES_TO, REPLICA_ENCRYPTION),
    iam_actions=(
        "s3:ListAllMyBuckets",
        "s3:GetBucketLocation",
        "s3:GetBucketVersioning",
        "s3:GetEncryptionConfiguration",
        "s3:GetReplicationConfiguration",
        "s3:GetLifecycleConfiguration",
        "s3:GetBucketPolicy",
        "s3:GetBucketPublicAccessBlock",
        "s3:GetBucketTagging",
    ),
    terraform=TerraformType(
        "aws_s3_bucket",
        Stage.DATA,
        emit,
        ("BucketName",),
        shapes=(
            StateShape("aws_s3_bucket", noun="bucket"),
            *(
                StateShape(kind, parent="bucket", noun=noun, schema_version=version)
                for kind, (noun, version) in BUCKET_PARTS.items()
            ),
        ),
        disposable={"force_destroy": True},
    ),
    names=(Name("BucketName", "bucket", whole=True),),
)
