"""S3: buckets with every configuration a restore needs.

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
from catalog.aws.kms import key_reference
from catalog.aws.spec import ResourceType, Scope, pages, tag_map, without
from catalog.model import Observation, Reference, canonical_json

BUCKET = "AWS::S3::Bucket"

# How S3 says "this bucket has no such configuration": absence, not failure.
NOT_SET = {
    "NoSuchLifecycleConfiguration",
    "ServerSideEncryptionConfigurationNotFoundError",
    "NoSuchBucketPolicy",
    "ReplicationConfigurationNotFoundError",
    "NoSuchTagSet",
    "NoSuchPublicAccessBlockConfiguration",
}


def bucket_arn(name: str) -> str:
    return f"arn:aws:s3:::{name}"


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


def encryption_references(scope: Scope, encryption: dict[str, Any] | None) -> list[Reference]:
    references = []
    for index, rule in enumerate((encryption or {}).get("Rules", ())):
        key = rule.get("ApplyServerSideEncryptionByDefault", {}).get("KMSMasterKeyID")
        field = f"BucketEncryption.Rules[{index}].ApplyServerSideEncryptionByDefault.KMSMasterKeyID"
        references += key_reference(scope, field, key)
    return references


def replication_references(scope: Scope, replication: dict[str, Any] | None) -> list[Reference]:
    if not replication:
        return []
    references = []
    if replication.get("Role"):
        references.append(
            Reference("ReplicationConfiguration.Role", replication["Role"], "assumes", ROLE)
        )
    for index, rule in enumerate(replication.get("Rules", ())):
        destination = rule.get("Destination", {})
        field = f"ReplicationConfiguration.Rules[{index}].Destination"
        if destination.get("Bucket"):
            references.append(
                Reference(f"{field}.Bucket", destination["Bucket"], "replicates-to", BUCKET)
            )
        replica_key = destination.get("EncryptionConfiguration", {}).get("ReplicaKmsKeyID")
        references += key_reference(
            scope, f"{field}.EncryptionConfiguration.ReplicaKmsKeyID", replica_key
        )
    return references


def bucket_observation(scope: Scope, s3: Any, name: str) -> Observation:
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
    return scope.observation(
        uid=bucket_arn(name),
        type=BUCKET,
        name=name,
        tags=tag_map(optional(s3.get_bucket_tagging, "TagSet", name)),
        properties=properties,
        references=(
            *encryption_references(scope, encryption),
            *replication_references(scope, replication),
        ),
    )


def collect_buckets(scope: Scope) -> Iterator[Observation]:
    s3 = scope.client("s3")
    # BucketRegion filters on the server; endpoints that ignore it are filtered here.
    for bucket in pages(s3, "list_buckets", "Buckets", BucketRegion=scope.region):
        if bucket_region(s3, bucket) == scope.region:
            yield bucket_observation(scope, s3, bucket["Name"])


TYPES = [ResourceType(BUCKET, "s3", collect_buckets)]
