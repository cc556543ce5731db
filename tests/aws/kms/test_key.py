"""AWS::KMS::Key from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

import json
from pathlib import Path

import boto3

from catalog.aws.kms import KEY, key
from catalog.demo.declared_state import pinned_observation
from catalog.model import Reference
from catalog.restore.emit import Target
from catalog.restore.planner import Planner
from catalog.snapshots import Snapshot
from tests.aws.moto import REGION, account_policy
from tests.aws.recording import Recording, Replay
from tests.aws.roundtrip import TARGET_REGION, roundtrip

DECLARATION = key.TYPE
RECORDING = Path(__file__).with_name("key.json")
REPLICA_REGION = "eu-west-1"
REGIONS = [REGION, REPLICA_REGION]
POLICY = account_policy("owner", "kms:*", Resource="*")


def build() -> None:
    kms = boto3.client("kms", region_name=REGION)
    primary = kms.create_key(
        Description="app data",
        MultiRegion=True,
        Policy=json.dumps(POLICY),
        Tags=[{"TagKey": "Project", "TagValue": "app-infra"}],
    )["KeyMetadata"]
    kms.enable_key_rotation(KeyId=primary["KeyId"])
    kms.create_alias(AliasName="alias/app-data", TargetKeyId=primary["KeyId"])
    kms.create_alias(AliasName="alias/app-archive", TargetKeyId=primary["KeyId"])
    kms.replicate_key(KeyId=primary["KeyId"], ReplicaRegion=REPLICA_REGION)


def test_a_replica_key_refers_to_its_primary_which_keeps_its_aliases():
    result = roundtrip(DECLARATION, RECORDING)
    by_region = {observed.region: observed for observed in result.observations}
    primary, replica = by_region[REGION], by_region[REPLICA_REGION]
    assert primary.name == "alias/app-archive"
    assert primary.properties["Aliases"] == ["alias/app-archive", "alias/app-data"]
    assert primary.tags == {"Project": "app-infra"}
    assert primary.properties["Policy"] == POLICY
    assert primary.properties["KeyRotationEnabled"] is True
    assert primary.properties["MultiRegionConfiguration"]["MultiRegionKeyType"] == "PRIMARY"
    assert primary.references == ()  # a primary names itself: no reference
    assert replica.references == (Reference(key.PRIMARY.path, primary.uid, "replica-of", KEY),)
    hcl = " ".join(result.hcl().split())  # alignment aside
    assert result.plan is not None
    addresses = {planned.uid: planned.address for planned in result.plan.resources}
    restored = addresses[primary.uid]
    # A new key in the target region, its policy naming the account it is applied to.
    assert restored.startswith("aws_kms_key.")
    assert addresses[replica.uid].startswith("aws_kms_replica_key.")
    assert "enable_key_rotation = true" in hcl
    assert "multi_region = true" in hcl
    assert "data.aws_caller_identity.current.account_id" in hcl
    assert 'name = "alias/app-data"' in hcl
    # Restored beside the source's replica, the replica's aliases are still taken there.
    assert 'provider = aws.eu_west_1 name = "alias/app-data-dr"' in hcl
    assert f"target_key_id = {restored}.key_id" in hcl
    # The replica of the restored primary stays in its own region, beside the target.
    assert f"primary_key_arn = {restored}.arn" in hcl
    assert "provider = aws.eu_west_1" in hcl
    providers = " ".join(result.plan.files["providers.tf"].split())
    assert 'alias = "eu_west_1"' in providers and 'region = "eu-west-1"' in providers
    assert TARGET_REGION != REPLICA_REGION
    result.assert_clean()


def test_restored_into_the_replica_region_the_replica_moves_to_the_primary_region():
    """A replica never shares its restored primary's region."""
    replay = Replay(Recording.load(RECORDING))
    pinned = [pinned_observation(o) for o in replay.observations(DECLARATION)]
    snapshot = Snapshot("s", "app", "complete", "test", 0, at=0)
    plan = Planner(snapshot, pinned, Target(region=REPLICA_REGION)).build()
    hcl = " ".join(plan.files["20-identity.tf"].split())
    assert 'resource "aws_kms_replica_key"' in hcl
    assert "provider = aws.us_east_1" in hcl
    assert plan.regions == [REGION]
