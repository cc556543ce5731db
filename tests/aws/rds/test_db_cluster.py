"""AWS::RDS::DBCluster from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.kms import KEY as KMS_KEY
from catalog.aws.rds import (
    DB_CLUSTER,
    DB_CLUSTER_PARAMETER_GROUP,
    DB_INSTANCE,
    DB_SUBNET_GROUP,
    ENCRYPTION,
    db_cluster,
    db_instance,
)
from catalog.aws.spec import Scope, extract
from catalog.model import Reference
from catalog.restore.emit import Target
from catalog.restore.runbook import checklist
from tests.aws.moto import REGION
from tests.aws.rds import test_db_cluster_parameter_group, test_db_subnet_group
from tests.aws.rds.test_db_subnet_group import ACCOUNT, PASSWORD
from tests.aws.roundtrip import roundtrip

DECLARATION = db_cluster.TYPE
WITH = [
    db_instance.TYPE,  # its member
    test_db_subnet_group.DECLARATION,
    test_db_cluster_parameter_group.DECLARATION,
    *test_db_subnet_group.WITH,
]
RECORDING = Path(__file__).with_name("db_cluster.json")
KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/app-aurora"


def build() -> None:
    test_db_subnet_group.build()
    test_db_cluster_parameter_group.build()
    rds = boto3.client("rds", region_name=REGION)
    rds.create_db_cluster(
        DBClusterIdentifier="app-aurora",
        Engine="aurora-postgresql",
        EngineVersion="16.4",
        DBClusterParameterGroupName="app-aurora",
        BackupRetentionPeriod=7,
        Port=5432,
        StorageEncrypted=True,
        KmsKeyId=KEY,
        **test_db_subnet_group.database("app-aurora"),
    )
    # A member: the cluster lists it, and it names the cluster.
    rds.create_db_instance(
        DBInstanceIdentifier="app-aurora-1",
        DBClusterIdentifier="app-aurora",
        Engine="aurora-postgresql",
        DBInstanceClass="db.r6g.large",
    )


def test_a_cluster_refers_to_its_subnet_group_parameter_group_and_members():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    observed = result.only()
    assert (observed.name, observed.tags) == ("app-aurora", {"Project": "app-infra"})
    assert PASSWORD not in repr(observed.properties)
    [member] = observed.properties["DBClusterMembers"]
    assert member["DBInstanceIdentifier"] == "app-aurora-1"
    rds = observed.uid.removesuffix("cluster:app-aurora")  # arn:aws:rds:<region>:<account>:
    assert set(observed.references) == {
        Reference(ENCRYPTION.path, KEY, "encryption", KMS_KEY),
        Reference(db_cluster.SUBNET_GROUP.path, f"{rds}subgrp:app-db", "network", DB_SUBNET_GROUP),
        Reference(
            db_cluster.PARAMETER_GROUP.path,
            f"{rds}cluster-pg:app-aurora",
            "configured-by",
            DB_CLUSTER_PARAMETER_GROUP,
        ),
        Reference(db_cluster.MEMBERS.at(0), f"{rds}db:app-aurora-1", "contains", DB_INSTANCE),
        test_db_subnet_group.in_its_group(observed),
    }

    hcl = result.hcl()
    assert 'resource "aws_rds_cluster" "app_aurora"' in hcl
    assert 'engine_version                      = "16.4"' in hcl
    assert 'master_username                     = "app"' in hcl
    assert "backup_retention_period             = 7" in hcl
    assert "storage_encrypted                   = true" in hcl
    assert "db_subnet_group_name                = aws_db_subnet_group.app_db.name" in hcl
    assert (
        "db_cluster_parameter_group_name     = aws_rds_cluster_parameter_group.app_aurora.name"
        in hcl
    )
    # Into another region: from a cluster snapshot copied there, which a variable names.
    assert "snapshot_identifier = var.app_aurora_snapshot_identifier" in hcl
    assert PASSWORD not in hcl and "master_password" not in hcl
    # Its member joins the restored cluster; the cluster holds the data.
    assert 'resource "aws_rds_cluster_instance" "app_aurora_1"' in hcl
    # A default parameter group is AWS's, in every region: named, not created.
    assert 'db_parameter_group_name      = "default.aurora-postgresql16"' in hcl
    assert "cluster_identifier           = aws_rds_cluster.app_aurora.cluster_identifier" in hcl
    assert 'output "rds_cluster_app_aurora_cluster_identifier"' in hcl
    result.assert_clean()


def test_a_cluster_restored_in_its_region_comes_from_its_own_backups():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    plan = result.plan_into(Target())
    hcl = result.hcl(plan)
    assert "source_cluster_identifier  = var.app_aurora_source_identifier" in hcl
    assert "use_latest_restorable_time = true" in hcl
    [variable] = [v for v in plan.variables if v.name == "app_aurora_source_identifier"]
    assert (variable.default, variable.purpose) == ("app-aurora", "database_source")
    assert "var.app_aurora_snapshot_identifier" not in hcl
    # Its restore point: the latest restorable time, found on the source cluster.
    [point] = plan.restore_points
    assert (point.method, point.time, point.command) == (
        "latest_restorable_time",
        None,
        f"aws rds describe-db-clusters --region {REGION} --db-cluster-identifier app-aurora "
        "--query 'DBClusters[0].LatestRestorableTime' --output text",
    )


def test_the_runbook_waits_for_the_cluster_and_says_where_its_data_comes_from():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    assert result.plan is not None
    steps = checklist(result.plan)
    [data] = [stage for stage in steps.stages if stage.name == "data"]
    assert data.gate.startswith(
        "`aws rds wait db-cluster-available --db-cluster-identifier "
        "$(terraform output -raw rds_cluster_app_aurora_cluster_identifier)`; "
        "`aws rds wait db-instance-available --db-instance-identifier "
        "$(terraform output -raw rds_cluster_instance_app_aurora_1_identifier)`"
    )
    assert "aws rds copy-db-cluster-snapshot" in steps.database
    [point] = result.plan.restore_points
    assert (point.method, point.command) == (
        "snapshot_copy",
        'aws rds describe-db-cluster-snapshots --region eu-central-1 --query "reverse(sort_by('
        "DBClusterSnapshots[?DBClusterIdentifier=='app-aurora'], &SnapshotCreateTime))[0]."
        '[DBClusterSnapshotArn,SnapshotCreateTime]" --output text',
    )
    same_region = checklist(result.plan_into(Target())).database
    assert "source cluster's automated backups" in same_region
    assert "aws rds describe-db-clusters" in same_region


def test_a_replica_cluster_refers_to_the_cluster_or_instance_it_replicates():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    observed = result.only()
    rds = observed.uid.removesuffix("cluster:app-aurora").replace(REGION, "eu-west-1")
    scope = Scope(ACCOUNT, REGION, client=lambda service: None)
    for source, kind in (
        (f"{rds}cluster:app-aurora", DB_CLUSTER),
        (f"{rds}db:app-db", DB_INSTANCE),
    ):
        properties = {**observed.properties, "ReplicationSourceIdentifier": source}
        references = extract(DECLARATION.references, scope, properties, {"arn": observed.uid})
        assert Reference("ReplicationSourceIdentifier", source, "replica-of", kind) in references
