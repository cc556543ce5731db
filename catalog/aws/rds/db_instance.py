"""AWS::RDS::DBInstance: a database, restored from its backups rather than created empty.

The database is restored, never created empty: from the source instance's backups to
a point in time when the plan stays in the source region, or from a snapshot copied
into the target region otherwise (a variable names it; see `restored`). An instance
that is a cluster's member (Aurora) holds no data of its own: it becomes an
`aws_rds_cluster_instance` that joins the restored cluster.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from catalog.aws.rds import (
    DB_CLUSTER,
    DB_INSTANCE,
    DB_PARAMETER_GROUP,
    DB_SUBNET_GROUP,
    ENCRYPTION,
    FINAL_SNAPSHOT,
    INSTANCE_BACKUPS,
    OPTION_GROUP,
    SECURITY_GROUPS,
    SHARED_REFERENCES,
    database,
    group_name,
    restored,
    shared_properties,
    sibling,
)
from catalog.aws.rds.replica import in_its_region, placement
from catalog.aws.spec import Described, Ref, ResourceType, Scope, pages
from catalog.aws.values import Name
from catalog.drift.shape import StateShape, attributes_key
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block
from catalog.restore.renaming import NameScope, Naming

IDENTIFIER = Naming(NameScope.REGION, 63)
SUBNET_GROUP = Ref("DBSubnetGroupName", DB_SUBNET_GROUP, "network", sibling("subgrp"))
PARAMETER_GROUPS = Ref(
    "DBParameterGroupNames[*]", DB_PARAMETER_GROUP, "configured-by", sibling("pg")
)
OPTION_GROUPS = Ref("OptionGroupNames[*]", OPTION_GROUP, "configured-by", sibling("og"))
REPLICA_SOURCE = Ref(
    "ReadReplicaSourceDBInstanceIdentifier", DB_INSTANCE, "replica-of", sibling("db")
)
CLUSTER = Ref("DBClusterIdentifier", DB_CLUSTER, "member-of", sibling("cluster"))


def read(scope: Scope) -> Iterator[Described]:
    for instance in pages(scope.client("rds"), "describe_db_instances", "DBInstances"):
        properties = {
            **shared_properties(instance),
            "DBSubnetGroupName": (instance.get("DBSubnetGroup") or {}).get("DBSubnetGroupName"),
            "DBParameterGroupNames": sorted(
                group["DBParameterGroupName"] for group in instance.get("DBParameterGroups", ())
            ),
            "OptionGroupNames": sorted(
                group["OptionGroupName"] for group in instance.get("OptionGroupMemberships", ())
            ),
            "ReadReplicaDBInstanceIdentifiers": sorted(
                instance.get("ReadReplicaDBInstanceIdentifiers", ())
            ),
            "DBInstanceAutomatedBackupsReplications": sorted(
                replication["DBInstanceAutomatedBackupsArn"]
                for replication in instance.get("DBInstanceAutomatedBackupsReplications", ())
            ),
        }
        yield database(instance, instance["DBInstanceArn"], "DBInstanceIdentifier", properties)


def cluster_member(properties: Mapping[str, Any]) -> bool:
    return bool(properties.get("DBClusterIdentifier"))


def resource_for(properties: Mapping[str, Any]) -> str | None:
    return "aws_rds_cluster_instance" if cluster_member(properties) else None


def emit(ctx: Emit) -> list[Block]:
    if cluster_member(ctx.properties):
        return emit_member(ctx)
    if ctx.properties.get(REPLICA_SOURCE.path):
        return emit_replica(ctx)
    p = ctx.properties
    attributes: dict[str, Any] = {
        "identifier": ctx.name(p["DBInstanceIdentifier"], IDENTIFIER),
        "instance_class": p["DBInstanceClass"],
        "engine": p.get("Engine"),
        "engine_version": p.get("EngineVersion"),
        "allocated_storage": p.get("AllocatedStorage"),
        "storage_type": p.get("StorageType"),
        "storage_encrypted": p.get("StorageEncrypted"),
        "kms_key_id": ctx.ref(ENCRYPTION, attribute="arn"),
        "multi_az": p.get("MultiAZ"),
        "port": p.get("DbInstancePort") or None,
        "db_subnet_group_name": ctx.ref(SUBNET_GROUP, attribute="name"),
        "parameter_group_name": parameter_group_name(ctx),
        "vpc_security_group_ids": ctx.refs(SECURITY_GROUPS),
        **operations(p),
        "final_snapshot_identifier": ctx.name(f"{p['DBInstanceIdentifier']}-final", FINAL_SNAPSHOT),
        **ctx.tags(),
    }
    return restored(ctx, "aws_db_instance", attributes, p["DBInstanceIdentifier"], INSTANCE_BACKUPS)


def operations(p: dict[str, Any]) -> dict[str, Any]:
    """How a database (a primary or a replica) is run: access, backups, maintenance."""
    return {
        "publicly_accessible": p.get("PubliclyAccessible"),
        "backup_retention_period": p.get("BackupRetentionPeriod"),
        "backup_window": p.get("PreferredBackupWindow"),
        "maintenance_window": p.get("PreferredMaintenanceWindow"),
        "auto_minor_version_upgrade": p.get("AutoMinorVersionUpgrade"),
        "deletion_protection": p.get("DeletionProtection"),
        "iam_database_authentication_enabled": p.get("IAMDatabaseAuthenticationEnabled"),
    }


def emit_replica(ctx: Emit) -> list[Block]:
    """A read replica of the restored primary (see replica.py): the engine, storage, key
    and data come from the primary, and it is deleted without a final snapshot."""
    p = ctx.properties
    place = placement(ctx, REPLICA_SOURCE, identifier="identifier")
    attributes: dict[str, Any] = {
        **place.provider(ctx),
        "identifier": ctx.name(p["DBInstanceIdentifier"], IDENTIFIER, region=place.region),
        "replicate_source_db": place.source,
        "instance_class": p["DBInstanceClass"],
        **replica_network(ctx, place.region, place.beside_primary),
        "storage_type": p.get("StorageType"),
        "multi_az": p.get("MultiAZ"),
        "port": p.get("DbInstancePort") or None,
        **operations(p),
        "skip_final_snapshot": True,
        **ctx.tags(),
    }
    return [ctx.resource("aws_db_instance", attributes, adopt=p["DBInstanceIdentifier"])]


def replica_network(ctx: Emit, region: str | None, beside_primary: bool) -> dict[str, Any]:
    """The subnet group, security groups, parameter group and key of a replica. Beside its
    primary it inherits the primary's subnet group and key (RDS refuses them there);
    staying in its region, it keeps what it ran on there."""
    p = ctx.properties
    if region is not None:
        names = p.get("DBParameterGroupNames") or [None]
        return {
            "db_subnet_group_name": in_its_region(
                ctx, "subnet_group_name", p.get("DBSubnetGroupName"), "DB subnet group"
            ),
            "vpc_security_group_ids": in_its_region(
                ctx,
                "security_group_ids",
                p.get("VpcSecurityGroupIds") or [],
                "Security groups",
                "list(string)",
            ),
            "parameter_group_name": in_its_region(
                ctx, "parameter_group_name", names[0], "DB parameter group"
            ),
            # A cross-region replica of encrypted data needs a key of its own region.
            "kms_key_id": in_its_region(ctx, "kms_key_id", p.get("KmsKeyId"), "KMS key ARN")
            if p.get("StorageEncrypted")
            else None,
        }
    network = {
        "parameter_group_name": parameter_group_name(ctx),
        "vpc_security_group_ids": ctx.refs(SECURITY_GROUPS),
    }
    if beside_primary:
        return network
    return {
        **network,
        "db_subnet_group_name": ctx.ref(SUBNET_GROUP, attribute="name"),
        "kms_key_id": ctx.ref(ENCRYPTION, attribute="arn"),
    }


def parameter_group_name(ctx: Emit) -> Any:
    names = ctx.properties.get("DBParameterGroupNames") or [None]
    return group_name(ctx, PARAMETER_GROUPS, names[0], 0)


def emit_member(ctx: Emit) -> list[Block]:
    """A cluster's member: the cluster holds the data, storage, key and backups, so the
    instance is created anew into the restored cluster (adopted, in place)."""
    p = ctx.properties
    attributes = {
        "identifier": ctx.name(p["DBInstanceIdentifier"], IDENTIFIER),
        "cluster_identifier": ctx.ref(CLUSTER, attribute="cluster_identifier"),
        "instance_class": p["DBInstanceClass"],
        "engine": p.get("Engine"),
        "engine_version": p.get("EngineVersion"),
        "db_subnet_group_name": ctx.ref(SUBNET_GROUP, attribute="name"),
        "db_parameter_group_name": parameter_group_name(ctx),
        "publicly_accessible": p.get("PubliclyAccessible"),
        "auto_minor_version_upgrade": p.get("AutoMinorVersionUpgrade"),
        "preferred_maintenance_window": p.get("PreferredMaintenanceWindow"),
        "promotion_tier": p.get("PromotionTier"),
        **ctx.tags(),
    }
    return [ctx.resource("aws_rds_cluster_instance", attributes, adopt=p["DBInstanceIdentifier"])]


TYPE = ResourceType(
    DB_INSTANCE,
    "rds",
    read,
    references=(
        *SHARED_REFERENCES,
        SUBNET_GROUP,
        PARAMETER_GROUPS,
        OPTION_GROUPS,
        REPLICA_SOURCE,
        CLUSTER,
    ),
    iam_actions=("rds:DescribeDBInstances",),
    terraform=TerraformType(
        "aws_db_instance",
        Stage.DATA,
        emit,
        ("DBInstanceIdentifier",),
        # The provider's id is the DbiResourceId; it is imported by identifier.
        shapes=(
            StateShape(
                "aws_db_instance",
                schema_version=2,
                key=attributes_key("identifier"),
                id_attribute="resource_id",
                noun="database",
            ),
            StateShape(
                "aws_rds_cluster_instance",
                key=attributes_key("identifier"),
                noun="cluster instance",
            ),
        ),
        outputs=(("identifier", "Identifier of the restored database"),),
        resource_for=resource_for,
        disposable={
            "skip_final_snapshot": True,
            "deletion_protection": False,
            "delete_automated_backups": True,
        },
    ),
    names=(Name("Endpoint.Address", "address"),),
)
