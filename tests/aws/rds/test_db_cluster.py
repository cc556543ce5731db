"""AWS::RDS::DBCluster from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.rds import (
    DB_CLUSTER_PARAMETER_GROUP,
    DB_INSTANCE,
    DB_SUBNET_GROUP,
    db_cluster,
)
from catalog.model import Reference
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
    [member] = observed.properties["DBClusterMembers"]
    assert member["DBInstanceIdentifier"] == "app-aurora-1"
    rds = observed.uid.removesuffix("cluster:app-aurora")  # arn:aws:rds:<region>:<account>:
    # Unencrypted: no key to point at.
    assert set(observed.references) == {
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
    assert result.plan is None  # not restored yet
    result.assert_clean()
