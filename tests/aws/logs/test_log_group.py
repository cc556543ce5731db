"""AWS::Logs::LogGroup from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.kms import KEY
from catalog.aws.logs import log_group
from catalog.model import Reference
from tests.aws.kms import build_key
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = log_group.TYPE
RECORDING = Path(__file__).with_name("log_group.json")


def build() -> None:
    logs = boto3.client("logs", region_name=REGION)
    logs.create_log_group(logGroupName="/app/api", kmsKeyId=build_key(), tags={"Project": "app"})
    logs.put_retention_policy(logGroupName="/app/api", retentionInDays=30)


def test_a_log_group_keeps_its_retention_and_refers_to_its_key():
    result = roundtrip(DECLARATION, RECORDING)
    observed = result.only()
    assert observed.name == "/app/api"
    assert observed.uid.endswith(":log-group:/app/api")
    assert observed.properties["retentionInDays"] == 30
    assert "storedBytes" not in observed.properties
    key_arn = observed.properties["kmsKeyId"]
    assert observed.references == (
        Reference(log_group.ENCRYPTION.path, key_arn, "encryption", KEY),
    )
    hcl = result.hcl()
    assert 'name              = "/app/api"' in hcl
    assert "retention_in_days = 30" in hcl
    assert "kms_key_id        = var." in hcl  # keys are not restored: an input names it
    result.assert_clean()
