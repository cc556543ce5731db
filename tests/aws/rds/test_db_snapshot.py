"""AWS::RDS::DBSnapshot from a recorded crawl (see tests/aws/roundtrip.py): a manual snapshot
of an instance and its copy in another region, backups rather than assets."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.rds import DB_INSTANCE, DB_SNAPSHOT, db_snapshot
from catalog.model import Reference
from tests.aws.moto import REGION
from tests.aws.rds import test_db_instance
from tests.aws.rds.test_db_subnet_group import ACCOUNT, PASSWORD
from tests.aws.roundtrip import roundtrip

DECLARATION = db_snapshot.TYPE
RECORDING = Path(__file__).with_name("db_snapshot.json")
COPY_REGION = "us-west-2"
REGIONS = [REGION, COPY_REGION]


def build() -> None:
    test_db_instance.build()
    rds = boto3.client("rds", region_name=REGION)
    source = rds.create_db_snapshot(
        DBInstanceIdentifier="app-db", DBSnapshotIdentifier="app-db-nightly"
    )["DBSnapshot"]
    boto3.client("rds", region_name=COPY_REGION).copy_db_snapshot(
        SourceDBSnapshotIdentifier=source["DBSnapshotArn"],
        TargetDBSnapshotIdentifier="app-db-nightly-dr",
    )


def test_a_snapshot_and_its_copy_name_their_instance_and_source_and_are_never_restored():
    result = roundtrip(DECLARATION, RECORDING)
    by_name = {observed.name: observed for observed in result.observations}
    source, copy = by_name["app-db-nightly"], by_name["app-db-nightly-dr"]
    assert (source.region, copy.region) == (REGION, COPY_REGION)
    instance = f"arn:aws:rds:{REGION}:{ACCOUNT}:db:app-db"
    assert result.references(source)["DBInstanceIdentifier"] == Reference(
        "DBInstanceIdentifier", instance, "backup-of", DB_INSTANCE
    )
    # The copy's data is the source's: same instance resource id, same capture time.
    assert copy.properties["DbiResourceId"] == source.properties["DbiResourceId"]
    assert db_snapshot.data_time(dict(copy.properties)) == db_snapshot.data_time(
        dict(source.properties)
    )
    assert "Status" not in source.properties
    assert PASSWORD not in str(result.observations)
    assert DECLARATION.asset is False and DECLARATION.terraform is None
    assert result.plan is None
    assert result.undeclared_actions == []
    assert {o.type for o in result.observations} == {DB_SNAPSHOT}
