"""AWS::Logs::LogGroup from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.kms import KEY
from catalog.aws.logs import log_group
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = log_group.TYPE
RECORDING = Path(__file__).with_name("log_group.json")


def build() -> None:
    key_arn = boto3.client("kms", region_name=REGION).create_key()["KeyMetadata"]["Arn"]
    logs = boto3.client("logs", region_name=REGION)
    logs.create_log_group(logGroupName="/app/api", kmsKeyId=key_arn, tags={"Project": "app"})
    logs.put_retention_policy(logGroupName="/app/api", retentionInDays=30)


def test_a_log_group_keeps_its_retention_and_refers_to_its_key():
    result = roundtrip(DECLARATION, RECORDING)
    observed = result.only()
    assert observed.name == "/app/api"
    assert observed.uid.endswith(":log-group:/app/api")
    assert observed.properties["retentionInDays"] == 30
    assert "storedBytes" not in observed.properties
    encryption = result.references()[log_group.ENCRYPTION.path]
    assert (encryption.target, encryption.kind, encryption.target_type) == (
        observed.properties["kmsKeyId"],
        "encryption",
        KEY,
    )
    hcl = result.hcl()
    assert 'name              = "/app/api"' in hcl
    assert "retention_in_days = 30" in hcl
    assert "kms_key_id        = var." in hcl  # keys are not restored: an input names it
    result.assert_clean()
