"""AWS::RDS::DBInstance from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.ec2 import SECURITY_GROUP
from catalog.aws.rds import (
    DB_INSTANCE,
    DB_PARAMETER_GROUP,
    DB_SUBNET_GROUP,
    ENCRYPTION_KEY,
    SECURITY_GROUPS,
    db_instance,
)
from tests.aws.moto import REGION
from tests.aws.rds import test_db_parameter_group, test_db_subnet_group
from tests.aws.rds.test_db_subnet_group import PASSWORD
from tests.aws.roundtrip import roundtrip

DECLARATION = db_instance.TYPE
WITH = [
    test_db_subnet_group.DECLARATION,
    test_db_parameter_group.DECLARATION,
    *test_db_subnet_group.WITH,
]
RECORDING = Path(__file__).with_name("db_instance.json")
KEY = f"arn:aws:kms:{REGION}:123456789012:key/app-db"


def build() -> None:
    test_db_subnet_group.build()
    test_db_parameter_group.build()
    rds = boto3.client("rds", region_name=REGION)
    rds.create_db_instance(
        DBInstanceIdentifier="app-db",
        DBInstanceClass="db.t3.medium",
        Engine="postgres",
        DBParameterGroupName="app-postgres16",
        BackupRetentionPeriod=7,
        StorageEncrypted=True,
        KmsKeyId=KEY,
        **test_db_subnet_group.database("app-db"),
    )
    rds.create_db_instance_read_replica(
        DBInstanceIdentifier="app-db-replica", SourceDBInstanceIdentifier="app-db"
    )


def test_a_database_refers_to_its_network_settings_and_key_and_restores_from_a_snapshot():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    by_name = {observed.name: observed for observed in result.observations}
    database = by_name["app-db"]
    assert database.properties["Engine"] == "postgres"
    assert database.properties["PointInTimeRecoveryEnabled"] is True
    assert "LatestRestorableTime" not in database.properties
    assert PASSWORD not in repr(database.properties)
    references = result.references(database)
    prefix = database.uid.removesuffix(":db:app-db")
    assert references[db_instance.SUBNET_GROUP.path].target == f"{prefix}:subgrp:app-db"
    assert references[db_instance.SUBNET_GROUP.path].target_type == DB_SUBNET_GROUP
    parameters = references[db_instance.PARAMETER_GROUPS.at(0)]
    assert (parameters.target, parameters.target_type) == (
        f"{prefix}:pg:app-postgres16",
        DB_PARAMETER_GROUP,
    )
    group = references[SECURITY_GROUPS.at(0)]
    assert (group.kind, group.target_type) == ("network", SECURITY_GROUP)
    assert (references[ENCRYPTION_KEY.path].target, references[ENCRYPTION_KEY.path].kind) == (
        KEY,
        "encrypted-by",
    )

    replica = result.references(by_name["app-db-replica"])[db_instance.REPLICA_SOURCE.path]
    assert (replica.target, replica.kind, replica.target_type) == (
        database.uid,
        "replica-of",
        DB_INSTANCE,
    )

    hcl = result.hcl()
    assert "db_subnet_group_name                = aws_db_subnet_group.app_db.name" in hcl
    assert "parameter_group_name                = aws_db_parameter_group.app_postgres16.name" in hcl
    # Into another region: from a snapshot copied there, which a variable names.
    assert "snapshot_identifier = var.app_db_snapshot_identifier" in hcl
    # The runbook's gate reads the restored identifier.
    assert 'output "db_instance_app_db_identifier"' in hcl
    result.assert_clean()
