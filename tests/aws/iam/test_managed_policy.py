"""AWS::IAM::ManagedPolicy from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

import json
from pathlib import Path

import boto3

from catalog.aws.iam import managed_policy
from catalog.demo.stack.saas import S3_READ
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = managed_policy.TYPE
RECORDING = Path(__file__).with_name("managed_policy.json")


def build() -> None:
    boto3.client("iam", region_name=REGION).create_policy(
        PolicyName="app-s3-read",
        Path="/app/",
        Description="read the assets",
        PolicyDocument=json.dumps(S3_READ),
        Tags=[{"Key": "Project", "Value": "app-infra"}],
    )


def test_a_managed_policy_keeps_its_default_document_and_restores_without_drift():
    result = roundtrip(DECLARATION, RECORDING)
    observed = result.only()
    assert observed.region == "global" and observed.name == "app-s3-read"
    assert observed.uid.endswith(":policy/app/app-s3-read")
    assert observed.properties["PolicyDocument"] == S3_READ
    assert observed.properties["Path"] == "/app/"
    assert observed.references == ()
    hcl = result.hcl()
    assert 'resource "aws_iam_policy" "app_s3_read"' in hcl
    assert '"app-s3-read-dr"' in hcl
    result.assert_clean()
