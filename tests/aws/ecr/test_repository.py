"""AWS::ECR::Repository from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

import json
from pathlib import Path

import boto3

from catalog.aws.ecr import repository
from catalog.aws.ecr.repository import ENCRYPTED_BY
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = repository.TYPE
RECORDING = Path(__file__).with_name("repository.json")
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


def test_a_repository_keeps_its_policies_and_refers_to_its_key():
    result = roundtrip(DECLARATION, RECORDING)
    observed = result.only()
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
    assert result.plan is None  # not restored yet
    result.assert_clean()
