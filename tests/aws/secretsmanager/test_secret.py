"""AWS::SecretsManager::Secret from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.kms import KEY
from catalog.aws.secretsmanager import secret
from catalog.model import Reference
from tests.aws.kms import build_key
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = secret.TYPE
RECORDING = Path(__file__).with_name("secret.json")
VALUE = "never-recorded-4f9a1c"


def build() -> None:
    boto3.client("secretsmanager", region_name=REGION).create_secret(
        Name="app/db",
        Description="database credentials",
        KmsKeyId=build_key(),
        SecretString=VALUE,
        Tags=[{"Key": "Project", "Value": "app-infra"}],
    )


def test_a_secret_keeps_metadata_only_and_its_value_becomes_a_sensitive_variable():
    assert VALUE not in RECORDING.read_text()
    result = roundtrip(DECLARATION, RECORDING)
    observed = result.only()
    assert observed.name == "app/db"
    assert observed.properties["Description"] == "database credentials"
    assert observed.properties["ReplicaRegions"] == []
    key_arn = observed.properties["KmsKeyId"]
    assert observed.references == (Reference(secret.ENCRYPTION.path, key_arn, "encryption", KEY),)
    hcl = result.hcl()
    assert 'resource "aws_secretsmanager_secret_version" "app_db_value"' in hcl
    assert "secret_string = var.app_db_value" in hcl
    assert "kms_key_id  = var." in hcl  # keys are not restored: an input names it
    result.assert_clean()
