"""AWS::RDS::DBCluster from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.rds import DB_CLUSTER_PARAMETER_GROUP, DB_INSTANCE, SECURITY_GROUPS, db_cluster
from tests.aws.moto import REGION
from tests.aws.rds import test_db_cluster_parameter_group, test_db_subnet_group
from tests.aws.rds.test_db_subnet_group import PASSWORD
from tests.aws.roundtrip import roundtrip

DECLARATION = db_cluster.TYPE
RECORDING = Path(__file__).with_name("db_cluster.json")


def build() -> None:
    test_db_subnet_group.build()
    test_db_cluster_parameter_group.build()
    rds = boto3.client("rds", region_name=REGION)
    rds.create_db_cluster(
        DBClusterIdentifier="app-aurora",
        Engine="aurora-postgresql",
        DBClusterParameterGroupName="app-aurora",
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
    result = roundtrip(DECLARATION, RECORDING)
    observed = result.only()
    assert (observed.name, observed.tags) == ("app-aurora", {"Project": "app-infra"})
    assert PASSWORD not in repr(observed.properties)
    assert [m["DBInstanceIdentifier"] for m in observed.properties["DBClusterMembers"]] == [
        "app-aurora-1"
    ]
    references = result.references()
    prefix = observed.uid.removesuffix(":cluster:app-aurora")
    assert references[db_cluster.SUBNET_GROUP.path].target == f"{prefix}:subgrp:app-db"
    parameters = references[db_cluster.PARAMETER_GROUP.path]
    assert (parameters.target, parameters.target_type) == (
        f"{prefix}:cluster-pg:app-aurora",
        DB_CLUSTER_PARAMETER_GROUP,
    )
    member = references[db_cluster.MEMBERS.at(0)]
    assert (member.target, member.kind, member.target_type) == (
        f"{prefix}:db:app-aurora-1",
        "contains",
        DB_INSTANCE,
    )
    assert SECURITY_GROUPS.at(0) in references
    assert result.plan is None  # not restored yet
    result.assert_clean()
