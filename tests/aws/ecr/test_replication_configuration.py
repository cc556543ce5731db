"""AWS::ECR::ReplicationConfiguration from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.ecr import replication_configuration
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = replication_configuration.TYPE
RECORDING = Path(__file__).with_name("replication_configuration.json")
ACCOUNT = "123456789012"


def build() -> None:
    destinations = [
        {"region": "us-west-2", "registryId": ACCOUNT},
        {"region": "eu-west-1", "registryId": ACCOUNT},
    ]
    boto3.client("ecr", region_name=REGION).put_replication_configuration(
        replicationConfiguration={"rules": [{"destinations": destinations}]}
    )


def test_the_registry_replication_is_one_resource_with_its_destinations_as_a_set():
    result = roundtrip(DECLARATION, RECORDING)
    observed = result.only()
    assert observed.uid == f"aws:{ACCOUNT}:{REGION}:AWS::ECR::ReplicationConfiguration:{ACCOUNT}"
    assert observed.name == f"{ACCOUNT} replication"
    [rule] = observed.properties["Rules"]
    assert [d["region"] for d in rule["destinations"]] == ["eu-west-1", "us-west-2"]
    hcl = " ".join(result.hcl().split())  # alignment aside
    assert 'resource "aws_ecr_replication_configuration"' in hcl
    # The account replicated to is the one the plan is applied to.
    assert 'region = "eu-west-1" registry_id = data.aws_caller_identity.current.account_id' in hcl
    assert 'region = "us-west-2"' in hcl
    result.assert_clean()
