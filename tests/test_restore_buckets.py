"""Buckets restore with their versioning, encryption, public access block, policy and
replication, each as the resource the provider expects; checked against its schema."""

from __future__ import annotations

import pytest

from catalog.aws.s3.bucket import ENCRYPTION, REPLICATES_TO, REPLICATION_ROLE
from catalog.graph.traversal import Hop
from catalog.restore.emit import Target
from catalog.restore.planner import Planner
from catalog.scope import Asset
from catalog.snapshots import PinnedAsset, Snapshot
from tests import terraform_schema
from tests.terraform_tools import assigned, needs_terraform, terraform_validate

ACCOUNT, REGION = "123456789012", "us-east-1"
BUCKET, REPLICA = "arn:aws:s3:::app-files", "arn:aws:s3:::app-files-eu"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/replication"
KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/app-data"


def pinned(uid: str, type_name: str, region: str, refs: dict[str, str], **properties: object):
    references = tuple(Hop(uid, target, field, "network") for field, target in refs.items())
    asset = Asset(uid, type_name, None, ACCOUNT, region, "h", "tagged", (), references)
    return PinnedAsset(asset, {"name": None, "tags": {"Project": "app"}, "properties": properties})


def bucket() -> PinnedAsset:
    return pinned(
        BUCKET,
        "AWS::S3::Bucket",
        REGION,
        {REPLICATION_ROLE.path: ROLE, REPLICATES_TO.at(0): REPLICA, ENCRYPTION.at(0): KEY},
        BucketName="app-files",
        VersioningConfiguration={"Status": "Enabled"},
        LifecycleConfiguration={
            "Rules": [
                {
                    "ID": "expire-old-versions",
                    "Status": "Enabled",
                    "Filter": {"Prefix": "uploads/"},
                    "NoncurrentVersionExpiration": {"NoncurrentDays": 30},
                    "Transitions": [{"Days": 90, "StorageClass": "GLACIER"}],
                }
            ]
        },
        BucketEncryption={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": KEY,
                    },
                    "BucketKeyEnabled": True,
                }
            ]
        },
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
        PolicyDocument={
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:*",
                    "Resource": f"{BUCKET}/*",
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                }
            ],
        },
        ReplicationConfiguration={
            "Role": ROLE,
            "Rules": [
                {
                    "ID": "to-eu",
                    "Priority": 1,
                    "Status": "Enabled",
                    "Filter": {},
                    "DeleteMarkerReplication": {"Status": "Disabled"},
                    "Destination": {"Bucket": REPLICA},
                }
            ],
        },
    )


def role() -> PinnedAsset:
    return pinned(
        ROLE,
        "AWS::IAM::Role",
        "global",
        {},
        RoleName="replication",
        AssumeRolePolicyDocument={"Version": "2012-10-17", "Statement": []},
    )


def replica() -> PinnedAsset:
    return pinned(REPLICA, "AWS::S3::Bucket", "eu-west-1", {}, BucketName="app-files-eu")


@pytest.fixture
def files() -> dict[str, str]:
    snapshot = Snapshot("snap-x", "app", "complete", "on-demand", 0, at=0)
    assets = [bucket(), role(), replica()]
    return Planner(snapshot, assets, Target(region="us-west-2")).build().files


def test_every_bucket_setting_is_its_own_resource_with_references(files):
    data = files["30-data.tf"]
    for kind in (
        "aws_s3_bucket_versioning",
        "aws_s3_bucket_server_side_encryption_configuration",
        "aws_s3_bucket_public_access_block",
        "aws_s3_bucket_policy",
        "aws_s3_bucket_replication_configuration",
        "aws_s3_bucket_lifecycle_configuration",
    ):
        assert f'resource "{kind}" "app_files_' in data
    assert assigned(data, "role", "aws_iam_role.replication.arn")
    assert assigned(data, "bucket", "aws_s3_bucket.app_files_eu.arn")  # the replica
    assert assigned(data, "depends_on", "[aws_s3_bucket_versioning.app_files_versioning]")
    assert assigned(data, "Resource", '"${aws_s3_bucket.app_files.arn}/*"')  # retargeted
    assert assigned(data, "kms_master_key_id", "var.resource_app_data_arn")  # not crawled
    assert assigned(data, "noncurrent_days", "30") and assigned(data, "prefix", '"uploads/"')
    assert terraform_schema.problems(files) == []


@needs_terraform
def test_terraform_validates_the_bucket(files, tmp_path):
    terraform_validate(files, tmp_path)
