"""Policies that name the source are rewritten: ARNs as references, account and region."""

from __future__ import annotations

from catalog.restore.emit import Target
from catalog.restore.planner import Planner
from catalog.scope import Asset
from catalog.snapshots import PinnedAsset, Snapshot

ACCOUNT, REGION = "123456789012", "us-east-1"
BUCKET = "arn:aws:s3:::app-files"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/app-task"


def pinned(uid: str, type_name: str, region: str, **properties: object) -> PinnedAsset:
    asset = Asset(uid, type_name, None, ACCOUNT, region, "h", "tagged")
    return PinnedAsset(asset, {"name": None, "tags": {}, "properties": properties})


def test_policy_strings_naming_the_source_become_expressions():
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"{BUCKET}/*"},
            {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": BUCKET},
            {
                "Effect": "Allow",
                "Action": "logs:PutLogEvents",
                "Resource": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/ecs/${{aws:username}}",
            },
        ],
    }
    assets = [
        pinned(BUCKET, "AWS::S3::Bucket", REGION, BucketName="app-files"),
        pinned(
            ROLE,
            "AWS::IAM::Role",
            "global",
            RoleName="app-task",
            AssumeRolePolicyDocument={"Version": "2012-10-17", "Statement": []},
            Policies={"read": policy},
        ),
    ]
    snapshot = Snapshot("snap-x", "app", "complete", "on-demand", 0, at=0)

    plan = Planner(snapshot, assets, Target(region="eu-west-1")).build()
    identity = plan.files["20-identity.tf"]

    assert 'Resource = "${aws_s3_bucket.app_files.arn}/*"' in identity
    assert "Resource = aws_s3_bucket.app_files.arn" in identity
    assert (
        '"arn:aws:logs:${var.region}:${data.aws_caller_identity.current.account_id}'
        ':log-group:/ecs/$${aws:username}"'
    ) in identity  # the policy variable stays literal text
    assert 'data "aws_caller_identity" "current"' in plan.files["providers.tf"]
    assert ACCOUNT not in identity.replace(f"# AWS::IAM::Role {ROLE}", "")
