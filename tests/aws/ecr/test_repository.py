"""AWS::ECR::Repository from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

import json
from pathlib import Path

import boto3

from catalog.aws.ecr import repository
from catalog.aws.ecr.repository import ENCRYPTED_BY
from catalog.aws.kms import key
from tests.aws.moto import REGION, account_policy
from tests.aws.roundtrip import roundtrip

DECLARATION = repository.TYPE
RECORDING = Path(__file__).with_name("repository.json")
WITH = [key.TYPE]
PULL_FROM_CI = account_policy("ci", ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"])
LIFECYCLE = {
    "rules": [
        {
            "rulePriority": 1,
            "description": "keep the last 30 images",
            "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 30},
            "action": {"type": "expire"},
        }
    ]
}


def build() -> None:
    key = boto3.client("kms", region_name=REGION).create_key(Description="images")
    ecr = boto3.client("ecr", region_name=REGION)
    ecr.create_repository(
        repositoryName="api",
        imageTagMutability="IMMUTABLE",
        imageScanningConfiguration={"scanOnPush": True},
        encryptionConfiguration={"encryptionType": "KMS", "kmsKey": key["KeyMetadata"]["Arn"]},
        tags=[{"Key": "Project", "Value": "app-infra"}],
    )
    ecr.put_lifecycle_policy(repositoryName="api", lifecyclePolicyText=json.dumps(LIFECYCLE))
    ecr.create_repository(repositoryName="worker")
    ecr.set_repository_policy(repositoryName="worker", policyText=json.dumps(PULL_FROM_CI))


def test_a_repository_keeps_its_policies_and_refers_to_its_key():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    by_name = {o.name: o for o in result.observations}
    observed = by_name["api"]
    assert (observed.name, observed.tags) == ("api", {"Project": "app-infra"})
    assert observed.properties["imageTagMutability"] == "IMMUTABLE"
    assert observed.properties["lifecyclePolicy"] == LIFECYCLE
    assert observed.properties["repositoryPolicy"] is None  # absent, not a failed read
    [key] = observed.references
    key_arn = observed.properties["encryptionConfiguration"]["kmsKey"]
    assert (key.field, key.target, key.kind, key.target_type) == (
        ENCRYPTED_BY.path,
        key_arn,
        "encryption",
        "AWS::KMS::Key",
    )
    assert by_name["worker"].properties["repositoryPolicy"] == PULL_FROM_CI
    assert result.plan is not None
    addresses = {planned.uid: planned.address for planned in result.plan.resources}
    hcl = " ".join(result.hcl().split())  # alignment aside
    assert 'name = "api"' in hcl
    assert 'image_tag_mutability = "IMMUTABLE"' in hcl
    assert "scan_on_push = true" in hcl
    # The restored key encrypts the restored repository.
    assert f"kms_key = {addresses[key_arn]}.arn" in hcl
    assert 'resource "aws_ecr_lifecycle_policy" "api_lifecycle"' in hcl
    assert "repository = aws_ecr_repository.api.name" in hcl
    assert 'resource "aws_ecr_repository_policy" "worker_policy"' in hcl
    assert "data.aws_caller_identity.current.account_id" in hcl
    result.assert_clean()
