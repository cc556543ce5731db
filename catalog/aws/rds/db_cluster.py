"""AWS::RDS::DBCluster: an Aurora (or Multi-AZ) cluster and the instances that are its members.

Restored by the same rules as a DB instance (see `restored`): from the source cluster's
backups to a point in time in its region, from a copied cluster snapshot in another,
adopted in place. Its members are DB instances that become `aws_rds_cluster_instance`s
referring to it (db_instance.py); the cluster pulls them into an application.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog.aws.rds import (
    ASSOCIATED_ROLES,
    CLUSTER_BACKUPS,
    DB_CLUSTER,
    DB_CLUSTER_PARAMETER_GROUP,
    DB_INSTANCE,
    DB_SUBNET_GROUP,
    ENCRYPTION,
    FINAL_SNAPSHOT,
    SECURITY_GROUPS,
    SHARED_REFERENCES,
    database,
    group_name,
    restored,
    shared_properties,
    sibling,
)
from catalog.aws.spec import (
    Described,
    Found,
    Ref,
    Resolver,
    ResourceType,
    Scope,
    pages,
    without,
)
from catalog.aws.values import Name
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block
from catalog.restore.renaming import NameScope, Naming

IDENTIFIER = Naming(NameScope.REGION, 63)
# A cluster names its subnet group by name (not in a structure, as an instance does).
SUBNET_GROUP = Ref("DBSubnetGroup", DB_SUBNET_GROUP, "network", sibling("subgrp"))
PARAMETER_GROUP = Ref(
    "DBClusterParameterGroup", DB_CLUSTER_PARAMETER_GROUP, "configured-by", sibling("cluster-pg")
)
MEMBERS = Ref(
    "DBClusterMembers[*]", DB_INSTANCE, "contains", sibling("db", key="DBInstanceIdentifier")
)


def arn_of(kind: str) -> Resolver:
    """The value, an ARN, if it names an RDS resource of `kind` (`cluster`, `db`)."""

    def resolve(found: Found) -> str | None:
        value = found.value
        return value if isinstance(value, str) and value.split(":")[5:6] == [kind] else None

    return resolve


# An Aurora replica cluster names its source, in another region, by ARN: a cluster, or an
# RDS instance it replicates from (a migration into Aurora).
REPLICATION_SOURCES = (
    Ref("ReplicationSourceIdentifier", DB_CLUSTER, "replica-of", arn_of("cluster")),
    Ref("ReplicationSourceIdentifier", DB_INSTANCE, "replica-of", arn_of("db")),
)


def read(scope: Scope) -> Iterator[Described]:
    for cluster in pages(scope.client("rds"), "describe_db_clusters", "DBClusters"):
        members = sorted(
            (
                without(member, "DBClusterParameterGroupStatus")
                for member in cluster.get("DBClusterMembers", ())
            ),
            key=lambda member: member["DBInstanceIdentifier"],
        )
        properties = {
            **shared_properties(cluster),
            "DBSubnetGroup": cluster.get("DBSubnetGroup"),  # a name here, not a structure
            "DBClusterMembers": members,
            "ReadReplicaIdentifiers": sorted(cluster.get("ReadReplicaIdentifiers", ())),
        }
        yield database(cluster, cluster["DBClusterArn"], "DBClusterIdentifier", properties)


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    attributes: dict[str, Any] = {
        "cluster_identifier": ctx.name(p["DBClusterIdentifier"], IDENTIFIER),
        "engine": p.get("Engine"),
        "engine_mode": p.get("EngineMode"),
        "engine_version": p.get("EngineVersion"),
        "port": p.get("Port"),
        "master_username": p.get("MasterUsername"),
        # RDS keeps the password in Secrets Manager: so does the restored cluster.
        # Otherwise it comes with the backup (see `restored`): never from Cairn.
        "manage_master_user_password": True if p.get("MasterUserSecret") else None,
        "storage_encrypted": p.get("StorageEncrypted"),
        "kms_key_id": ctx.ref(ENCRYPTION, attribute="arn"),
        **storage(p),
        "db_subnet_group_name": ctx.ref(SUBNET_GROUP, attribute="name"),
        "db_cluster_parameter_group_name": group_name(
            ctx, PARAMETER_GROUP, p.get("DBClusterParameterGroup")
        ),
        "vpc_security_group_ids": ctx.refs(SECURITY_GROUPS),
        "iam_roles": ctx.refs(ASSOCIATED_ROLES, attribute="arn") or None,
        "backup_retention_period": p.get("BackupRetentionPeriod"),
        "preferred_backup_window": p.get("PreferredBackupWindow"),
        "preferred_maintenance_window": p.get("PreferredMaintenanceWindow"),
        "copy_tags_to_snapshot": p.get("CopyTagsToSnapshot"),
        "deletion_protection": p.get("DeletionProtection"),
        "iam_database_authentication_enabled": p.get("IAMDatabaseAuthenticationEnabled"),
        "enabled_cloudwatch_logs_exports": p.get("EnabledCloudwatchLogsExports") or None,
        "final_snapshot_identifier": ctx.name(f"{p['DBClusterIdentifier']}-final", FINAL_SNAPSHOT),
        **ctx.tags(),
    }
    return restored(
        ctx,
        "aws_rds_cluster",
        attributes,
        p["DBClusterIdentifier"],
        CLUSTER_BACKUPS,
        serverless(p.get("ServerlessV2ScalingConfiguration")),
    )


def serverless(scaling: dict[str, Any] | None) -> tuple[Block, ...]:
    """Aurora Serverless v2 capacity, in ACUs: the instances' class is `db.serverless`."""
    if not scaling:
        return ()
    return (
        Block(
            "serverlessv2_scaling_configuration",
            attributes={
                "min_capacity": scaling.get("MinCapacity"),
                "max_capacity": scaling.get("MaxCapacity"),
            },
        ),
    )


def storage(p: dict[str, Any]) -> dict[str, Any]:
    """Aurora's storage grows by itself: only its I/O-optimized kind is a choice (moto
    reports a gp2 there). A Multi-AZ DB cluster of another engine is sized like an
    instance."""
    if (p.get("Engine") or "").startswith("aurora"):
        kind = p.get("StorageType")
        return {"storage_type": kind if kind == "aurora-iopt1" else None}
    return {
        "db_cluster_instance_class": p.get("DBClusterInstanceClass"),
        "allocated_storage": p.get("AllocatedStorage"),
        "storage_type": p.get("StorageType"),
        "iops": p.get("Iops"),
    }


TYPE = ResourceType(
    DB_CLUSTER,
    "rds",
    read,
    references=(
        *SHARED_REFERENCES,
        SUBNET_GROUP,
        PARAMETER_GROUP,
        MEMBERS,
        *REPLICATION_SOURCES,
    ),
    iam_actions=("rds:DescribeDBClusters",),
    terraform=TerraformType(
        "aws_rds_cluster",
        Stage.DATA,
        emit,
        ("DBClusterIdentifier",),
        shapes=(StateShape("aws_rds_cluster", schema_version=1, noun="database cluster"),),
        outputs=(("cluster_identifier", "Identifier of the restored cluster"),),
        disposable={
            "skip_final_snapshot": True,
            "deletion_protection": False,
            "delete_automated_backups": True,
        },
    ),
    names=(Name("Endpoint", "endpoint"), Name("ReaderEndpoint", "reader_endpoint")),
)
