"""AWS::RDS::DBInstance from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.kms import KEY as KMS_KEY
from catalog.aws.rds import (
    DB_INSTANCE,
    DB_PARAMETER_GROUP,
    DB_SUBNET_GROUP,
    ENCRYPTION,
    OPTION_GROUP,
    db_instance,
)
from catalog.model import Reference
from tests.aws.moto import REGION
from tests.aws.rds import test_db_parameter_group, test_db_subnet_group
from tests.aws.rds.test_db_subnet_group import ACCOUNT, PASSWORD
from tests.aws.roundtrip import roundtrip

DECLARATION = db_instance.TYPE
WITH = [
    test_db_subnet_group.DECLARATION,
    test_db_parameter_group.DECLARATION,
    *test_db_subnet_group.WITH,
]
RECORDING = Path(__file__).with_name("db_instance.json")
KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/app-db"


def build() -> None:
    test_db_subnet_group.build()
    test_db_parameter_group.build()
    rds = boto3.client("rds", region_name=REGION)
    rds.create_db_instance(
        DBInstanceIdentifier="app-db",
        DBInstanceClass="db.t3.medium",
        Engine="postgres",
        EngineVersion="16.3",
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
    assert database.properties["EngineVersion"] == "16.3"
    assert database.properties["PointInTimeRecoveryEnabled"] is True
    assert "LatestRestorableTime" not in database.properties
    assert PASSWORD not in repr(database.properties)
    rds = database.uid.removesuffix("db:app-db")  # arn:aws:rds:<region>:<account>:
    shared = {
        Reference(db_instance.SUBNET_GROUP.path, f"{rds}subgrp:app-db", "network", DB_SUBNET_GROUP),
        Reference(
            db_instance.PARAMETER_GROUPS.at(0),
            f"{rds}pg:app-postgres16",
            "configured-by",
            DB_PARAMETER_GROUP,
        ),
        Reference(
            db_instance.OPTION_GROUPS.at(0),
            f"{rds}og:{database.properties['OptionGroupNames'][0]}",
            "configured-by",
            OPTION_GROUP,
        ),
        Reference(ENCRYPTION.path, KEY, "encryption", KMS_KEY),
        test_db_subnet_group.in_its_group(database),
    }
    assert set(database.references) == shared
    source = Reference(db_instance.REPLICA_SOURCE.path, database.uid, "replica-of", DB_INSTANCE)
    assert set(by_name["app-db-replica"].references) == shared | {source}

    hcl = result.hcl()
    assert "db_subnet_group_name                = aws_db_subnet_group.app_db.name" in hcl
    assert "parameter_group_name                = aws_db_parameter_group.app_postgres16.name" in hcl
    # Into another region: from a snapshot copied there, which a variable names.
    assert "snapshot_identifier = var.app_db_snapshot_identifier" in hcl
    # The runbook's gate reads the restored identifier.
    assert 'output "db_instance_app_db_identifier"' in hcl
    result.assert_clean()
