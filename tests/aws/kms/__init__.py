"""What the tests of the types a KMS key encrypts share."""

from __future__ import annotations

import boto3

from tests.aws.moto import REGION


def build_key() -> str:
    """A customer-managed key, by ARN."""
    return str(boto3.client("kms", region_name=REGION).create_key()["KeyMetadata"]["Arn"])
