"""AWS::S3::Bucket from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.iam import ROLE
from catalog.aws.kms import KEY
from catalog.aws.s3 import BUCKET
from catalog.aws.s3.bucket import (
    ENCRYPTION,
    REPLICA_ENCRYPTION,
    REPLICATES_TO,
    REPLICATION_ROLE,
    TYPE,
)
from catalog.model import Reference
from tests.aws.kms import build_key
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip
from tests.test_aws_data_services import BUCKET_POLICY, build_buckets

DECLARATION = TYPE
RECORDING = Path(__file__).with_name("bucket.json")
SOURCE, REPLICA = "app-assets", "app-bare"  # as build_buckets names them
ROLE_ARN = "arn:aws:iam::123456789012:role/replication"


def build() -> None:
    """The buckets of the data services' test (one with every configuration, one bare and
    one in another region, not crawled here), the first replicating into the second."""
    key_arn = build_key()
    build_buckets(key_arn)
    s3 = boto3.client("s3", region_name=REGION)
    s3.put_bucket_versioning(Bucket=REPLICA, VersioningConfiguration={"Status": "Enabled"})
    destination = {
        "Bucket": f"arn:aws:s3:::{REPLICA}",
        "EncryptionConfiguration": {"ReplicaKmsKeyID": key_arn},
    }
    rule = {
        "ID": "to-replica",
        "Priority": 1,
        "Status": "Enabled",
        "Filter": {"Prefix": ""},
        "DeleteMarkerReplication": {"Status": "Disabled"},
        "SourceSelectionCriteria": {"SseKmsEncryptedObjects": {"Status": "Enabled"}},
        "Destination": destination,
    }
    s3.put_bucket_replication(
        Bucket=SOURCE, ReplicationConfiguration={"Role": ROLE_ARN, "Rules": [rule]}
    )


def test_a_bucket_keeps_its_configuration_refers_to_keys_role_and_replica_and_restores():
    result = roundtrip(DECLARATION, RECORDING)
    by_name = {observed.name: observed for observed in result.observations}
    assert set(by_name) == {SOURCE, REPLICA}  # app-eu lives in another region
    source = by_name[SOURCE]
    assert source.uid == f"arn:aws:s3:::{SOURCE}"
    assert source.tags == {"Project": "app-infra", "Environment": "production"}
    assert source.properties["Region"] == REGION
    assert source.properties["PolicyDocument"] == BUCKET_POLICY
    assert by_name[REPLICA].properties["LifecycleConfiguration"] is None  # none set: no failure

    key_arn = source.properties["BucketEncryption"]["Rules"][0][
        "ApplyServerSideEncryptionByDefault"
    ]["KMSMasterKeyID"]
    assert set(source.references) == {
        Reference(ENCRYPTION.at(0), key_arn, "encryption", KEY),
        Reference(REPLICATION_ROLE.path, ROLE_ARN, "assumes", ROLE),
        Reference(REPLICATES_TO.at(0), by_name[REPLICA].uid, "replicates-to", BUCKET),
        Reference(REPLICA_ENCRYPTION.at(0), key_arn, "encryption", KEY),
    }
    assert by_name[REPLICA].references == ()

    hcl = result.hcl()
    # Bucket names are worldwide: the source still holds it.
    assert 'bucket = "app-assets-dr"' in hcl
    assert "bucket = aws_s3_bucket.app_bare.arn" in hcl  # the replica, restored alongside
    assert "depends_on = [aws_s3_bucket_versioning.app_assets_versioning]" in hcl
    result.assert_clean()
