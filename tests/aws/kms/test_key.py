"""AWS::KMS::Key from a recorded crawl (see tests/aws/roundtrip.py).

Keys are not restored yet: the round trip checks the observations and the IAM actions.
"""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.kms import KEY, key
from catalog.model import Reference
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = key.TYPE
RECORDING = Path(__file__).with_name("key.json")
REPLICA_REGION = "eu-west-1"
REGIONS = [REGION, REPLICA_REGION]


def build() -> None:
    kms = boto3.client("kms", region_name=REGION)
    primary = kms.create_key(
        Description="app data",
        MultiRegion=True,
        Tags=[{"TagKey": "Project", "TagValue": "app-infra"}],
    )["KeyMetadata"]
    kms.create_alias(AliasName="alias/app-data", TargetKeyId=primary["KeyId"])
    kms.create_alias(AliasName="alias/app-archive", TargetKeyId=primary["KeyId"])
    kms.replicate_key(KeyId=primary["KeyId"], ReplicaRegion=REPLICA_REGION)


def test_a_replica_key_refers_to_its_primary_which_keeps_its_aliases():
    result = roundtrip(DECLARATION, RECORDING)
    assert result.plan is None  # not restored yet
    by_region = {observed.region: observed for observed in result.observations}
    primary, replica = by_region[REGION], by_region[REPLICA_REGION]
    assert primary.name == "alias/app-archive"
    assert primary.properties["Aliases"] == ["alias/app-archive", "alias/app-data"]
    assert primary.tags == {"Project": "app-infra"}
    assert primary.properties["MultiRegionConfiguration"]["MultiRegionKeyType"] == "PRIMARY"
    assert primary.references == ()  # a primary names itself: no reference
    assert replica.references == (Reference(key.PRIMARY.path, primary.uid, "replica-of", KEY),)
    result.assert_clean()
